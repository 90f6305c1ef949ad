import Foundation
import Testing

/// Every shipped script in Queries/ and every shipped letter template, run through
/// `attend run` and `attend query` as a lead runs them, on the demo register and on a
/// register whose pupils.csv has only the required columns plus `contact_name` and
/// `contact_email` (Tests/Fixtures/exports/minimal-columns, a copy of the spec's). Optional
/// columns appear when the register has them and are left out, with one note, when it has
/// not; a letter with no postal address is addressed by name.
struct ShippedScriptsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let queries = root.appendingPathComponent("Queries")
    static let minimal = root.appendingPathComponent("Tests/Fixtures/exports/minimal-columns").path

    /// The school settings letters need (the fixture has pupils, marks and calendar only).
    static let schoolConf = """
        name = Northbridge Academy
        head_teacher = Mrs R. Patel
        attendance_lead = Mr D. Okafor
        phone = 01632 960 000
        email = attendance@northbridge-academy.example.org
        address = School Lane, Northbridge, NB1 4AA
        local_authority = Northbridge Council

        """

    enum Register: String, CaseIterable { case demo, minimal }

    func attend(_ args: [String], on register: Register, in dir: TempDir) throws -> RunOutput {
        let data: [String]
        switch register {
        case .demo: data = ["--demo", "--as-of", "2026-03-20"]
        case .minimal:
            try dir.write("school.conf", Self.schoolConf)
            // The actions log in the test's folder: letters append to it, never to the fixture's.
            data = ["--data", Self.minimal, "--school", dir.path("school.conf"), "--actions", dir.path("actions.csv")]
        }
        return try runProcess(try AttendBinary.require(), arguments: args + data, input: "", environment: ["NO_COLOR": "1"], directory: dir.url, timeout: 120)
    }

    /// Queries/*.attend and Queries/letters/*.attend: whatever is shipped.
    static func scripts() -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for folder in [queries, queries.appendingPathComponent("letters")] {
            let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
            out += names.filter { $0.hasSuffix(".attend") }.sorted().map { folder.appendingPathComponent($0).path }
        }
        return out
    }

    /// What each script must print on each register (besides running cleanly).
    static let expected: [String: [Register: [String]]] = [
        "first-day-calling.attend": [
            .minimal: ["│ contact_name ", "Parent of Oliver", "note: contact_phone is not in this register's pupils.csv; left out",
                       "note: form is not in this register's pupils.csv; left out"],
            .demo: ["│ contact_name ", "│ contact_phone ", "│ form "],
        ],
        "la-notifications.attend": [
            .minimal: ["S880077000601", "note: send is not in this register's pupils.csv; a condition on it is unknown for every pupil, so no pupil passes it"],
            .demo: ["## EHC plan pupils whose attendance fell from last half-term", "│ form "],
        ],
        "monthly-review.attend": [
            .minimal: ["│ all   │     40 │    8,000 │   7,439 │", "note: send is not in this register's pupils.csv; not grouped by it",
                       "note: sex is not in this register's pupils.csv; not grouped by it"],
            .demo: ["│ send ", "│ E ", "│ K ", "│ fsm ", "│ sex ", "│ national │", "│ September 2025 │",
                    "│ rate this year until 20 days ago │ rate this year │ change │", "│ rate last 6 weeks │"],
        ],
        "bands.attend": [
            .minimal: ["│ band this term │", "note: form is not in this register's pupils.csv; left out", "40 pupils"],
            .demo: ["│ band this term │", "│ form "],
        ],
        "penalty-threshold.attend": [
            .minimal: ["│ S880077000601 │ Arthur Hughes  │    8 │                         32 │"],
            .demo: ["## Near the threshold (watch list)"],
        ],
        "casework.attend": [
            .minimal: ["## At the penalty-notice threshold: the next step for each", "notice to improve first: 32 unauthorised sessions"],
            .demo: ["refer to LA: two notices since 14 Oct 2024 (no third within 3 years)", "│ notice-to-improve │"],
        ],
        "termly-letters.attend": [
            .minimal: ["wrote 28 letters to letters/green (index.csv)", "wrote 8 letters to letters/red (index.csv)",
                       "appended 28 `letter` rows to", "appended 8 `letter` rows to"],
            .demo: ["letters to letters/green (index.csv)", "letters to letters/red (index.csv)"],
        ],
    ]

    @Test(arguments: Register.allCases)
    func everyShippedScriptRuns(_ register: Register) throws {
        let scripts = Self.scripts()
        #expect(scripts.count >= 6)
        for script in scripts {
            let name = URL(fileURLWithPath: script).lastPathComponent
            let dir = try TempDir()
            defer { dir.cleanUp() }
            let r = try attend(["run", script], on: register, in: dir)
            let all = r.stdout + r.stderr
            #expect(r.status == 0, "\(name) on \(register): \(r.stderr)")
            #expect(!all.contains("error"), "\(name) on \(register): \(r.stderr)")
            #expect(r.stdout.hasPrefix("# "), "\(name) on \(register)")
            for text in Self.expected[name]?[register] ?? [] {
                #expect(all.contains(text), "\(name) on \(register): no \(text)")
            }
            if register == .demo { #expect(!all.contains("is not in this register's pupils.csv"), "\(name)") }
            if register == .minimal && name == "first-day-calling.attend" {
                // One note for the one statement that names the column, not one per pupil.
                #expect(all.components(separatedBy: "contact_phone is not in this register's pupils.csv").count == 2)
            }
            if name == "termly-letters.attend" { try checkLetters(dir, register, folders: ["green", "lower-amber", "red"]) }
            if name == "termly-letters.attend" && register == .minimal {
                // One `letter` row per letter written, in a log created owner-only.
                let log = dir.read("actions.csv") ?? ""
                #expect(log.hasPrefix("date,upn,action,by,note\n"))
                #expect(log.components(separatedBy: ",letter,").count - 1 >= 36, "\(log.prefix(300))")
            }
        }
    }

    /// With a machine format the rows alone are on the output; the note goes with the as-of line.
    @Test func notesStayOffTheRowsOfCSV() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let r = try attend(["query", "show upn, contact_phone, contact_email for pupils where year = 9", "--format", "csv"], on: .minimal, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "upn,contact_email\nC880077001341,family30@example.org\nV880077000342,family3@example.org\n")
        #expect(r.stderr.contains("note: contact_phone is not in this register's pupils.csv; left out"))
    }

    /// Every shipped template (not only those termly-letters.attend uses), for every pupil
    /// with unauthorised absence this year.
    @Test(arguments: Register.allCases)
    func everyShippedTemplateRenders(_ register: Register) throws {
        let folder = Self.queries.appendingPathComponent("letters")
        let templates = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        #expect(templates.count >= 5)
        let dir = try TempDir()
        defer { dir.cleanUp() }
        for t in templates {
            let out = "letters/" + t.replacingOccurrences(of: ".html.mustache", with: "")
            let q = "pupils where unauthorised >= 10 over this year letters using \"\(folder.appendingPathComponent(t).path)\" into \"\(out)\""
            let r = try attend(["query", q], on: register, in: dir)
            #expect(r.status == 0, "\(t) on \(register): \(r.stderr)")
            #expect(r.stderr.contains("letters to \(out) (index.csv)") || r.stdout.contains("letters to \(out) (index.csv)"), "\(t): \(r.stderr)")
        }
        try checkLetters(dir, register, folders: templates.map { $0.replacingOccurrences(of: ".html.mustache", with: "") })
    }

    /// The rows of a CSV text (quoted fields may hold commas, quotes and newlines).
    static func csv(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\n" { row.append(field); rows.append(row); row = []; field = ""
            } else if c != "\r" { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// Text as an HTML letter prints it.
    static func html(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// Each letter is addressed to its pupil's contact, with the postal address when the
    /// register has one and by name alone when it has not, and names its pupil.
    func checkLetters(_ dir: TempDir, _ register: Register, folders: [String]) throws {
        var letters = 0
        for folder in folders {
            let index = try #require(dir.read("letters/\(folder)/index.csv"), "\(folder)")
            let rows = Self.csv(index)
            #expect(rows.first?.prefix(8) == ["letter", "file", "upn", "surname", "forename", "year", "form", "contact"])
            for row in rows.dropFirst() where row.count >= 8 {
                let (file, forename, contact) = (row[1], Self.html(row[4]), Self.html(row[7]))
                let letter = try #require(dir.read("letters/\(folder)/\(file)"), "\(folder)/\(file)")
                letters += 1
                #expect(letter.contains("Dear \(contact),"), "\(file)")
                #expect(letter.contains(forename), "\(file)")
                #expect(letter.contains("Northbridge Academy"))
                let addressee = letter.components(separatedBy: "<address class=\"addressee\">").dropFirst().first?.components(separatedBy: "</address>").first ?? ""
                let lines = addressee.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                #expect(lines.first == "\(contact)<br>", "\(file)")
                switch register {
                case .minimal: #expect(lines.count == 1, "\(file): \(lines)")
                case .demo: #expect(lines.count >= 3, "\(file): \(lines)")
                }
                if register == .minimal { #expect(row[6].isEmpty, "\(file): form") }
            }
        }
        #expect(letters > 0)
    }
}
