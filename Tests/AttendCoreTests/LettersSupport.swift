#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// Shared by the letters tests: the demo register, sessions set up for letters, temporary
/// folders, and reading what a run wrote.
enum LettersFixture {
    /// The demo register (default options), built once.
    static let demo: Register = {
        let files = DemoRegister.files(DemoOptions())
        return try! RegisterLoader.load(RegisterSource(name: "demo", pupils: FileBytes(name: "pupils.csv", bytes: files.pupils),
                                                       marks: FileBytes(name: "marks.csv", bytes: files.marks),
                                                       calendar: FileBytes(name: "calendar.csv", bytes: files.calendar)))
    }()

    static let asOf = Fixture.day("2026-03-20")
    static let letterDate = Fixture.day("2026-03-23")

    /// The shipped templates and termly-letters.attend.
    static var queriesLetters: String {
        String(Fixture.testsDirectory.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")) + "/Queries/letters"
    }
    static var goldenLetters: String { Fixture.testsDirectory + "/Golden/letters" }

    /// A session on `register` as of 20 March 2026, writing letters dated 23 March 2026
    /// under `output`, reading templates from `templates` (default: Queries/letters).
    static func session(_ register: Register = demo, output: String, templates: String? = nil, school: SchoolSettings = .demo) -> Session {
        let s = Session(register: register, asOf: asOf)
        s.school = school
        s.bands = school.bands()
        s.letterDate = letterDate
        s.outputDirectory = output
        s.scriptDirectory = templates ?? queriesLetters
        return s
    }

    struct NotParsed: Error { let text: String }

    /// Parses one statement.
    static func statement(_ text: String, file: String? = nil) throws -> Statement {
        guard case .complete(let ss) = Parser.parse(text, file: file), ss.count == 1 else { throw NotParsed(text: text) }
        return ss[0]
    }

    /// Runs a letters statement; the report, or the diagnostic it threw.
    static func run(_ session: Session, _ text: String) -> Result<LetterReport, Diagnostic> {
        let s: Statement
        do { s = try statement(text) } catch {
            Issue.record("does not parse: \(text)")
            return .failure(Diagnostic("X000", message: "does not parse"))
        }
        do {
            switch try session.run(s) {
            case .letters(let r): return .success(r)
            default:
                Issue.record("no letters from: \(text)")
                return .failure(Diagnostic("X000", message: "no letters"))
            }
        } catch {
            return .failure(error as! Diagnostic)
        }
    }

    static func report(_ session: Session, _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> LetterReport? {
        switch run(session, text) {
        case .success(let r): return r
        case .failure(let d):
            Issue.record("letters failed: \(d)", sourceLocation: sourceLocation)
            return nil
        }
    }

    static func failure(_ session: Session, _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
        switch run(session, text) {
        case .success:
            Issue.record("letters did not fail: \(text)", sourceLocation: sourceLocation)
            return nil
        case .failure(let d): return d
        }
    }

    // MARK: Files

    /// A new empty folder under /tmp.
    static func temporaryFolder() -> String {
        var template = Array("/tmp/attend-letters-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(p != nil, "mkdtemp failed")
        return String(cString: p!)
    }

    static func removeTree(_ path: String) {
        for name in list(path) {
            let p = path + "/" + name
            if isDirectory(p) { removeTree(p) } else { unlink(p) }
        }
        rmdir(path)
    }

    /// File names in a folder, sorted (no `.` or `..`).
    static func list(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = direntName(e)
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Permission bits (`0o600`).
    static func mode(_ path: String) -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { return -1 }
        return Int(st.st_mode & 0o777)
    }

    static func read(_ path: String) -> String {
        guard let b = try? FileBytes(path: path) else { return "" }
        return b.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    static func write(_ text: String, to path: String) {
        do { try SafeFileWriter.write(text, to: path, replace: true) } catch { Issue.record("cannot write \(path): \(error)") }
    }

    /// Compares `actual` with the golden file `Tests/Golden/letters/NAME`; with
    /// ATTEND_RECORD=1, writes it instead.
    static func checkGolden(_ name: String, _ actual: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let path = goldenLetters + "/" + name
        if GoldenFile.recording {
            do {
                try SafeFileWriter.makeDirectory(SafeFileWriter.directory(of: path))
                try SafeFileWriter.write(actual, to: path, replace: true)
                chmod(path, 0o644)
            } catch {
                Issue.record("cannot record \(path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard exists(path) else {
            Issue.record("no golden file \(path): run with ATTEND_RECORD=1 to write it", sourceLocation: sourceLocation)
            return
        }
        let expected = read(path)
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false), a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let k = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
            Issue.record("\(path) differs at line \(k + 1):\n--- expected\n\(k < e.count ? String(e[k]) : "<end>")\n--- actual\n\(k < a.count ? String(a[k]) : "<end>")",
                         sourceLocation: sourceLocation)
        }
    }

    /// The rows of a CSV file written by attend (quoted fields, doubled quotes).
    static func csv(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""
            } else if c == "\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// A small register with contacts and addresses, for the safety tests: Ann has
    /// everything, Ben has no address, Cat has no contact name.
    static func smallRegister() throws -> Register {
        let pupils = """
        upn,forename,surname,year,form,contact_name,address
        T100000000001,Ann,Smith,9,9A,Mary Smith,"1 High Street, Northbridge, NB1 1AA"
        T100000000002,Ben,O'Brien,9,9A,Tom O'Brien,
        T100000000003,Cat,Jones,9,9B,,"3 Mill Lane, Northbridge, NB1 3CC"

        """
        var marks = "upn,date,session,mark\n"
        for (upn, codes) in [("T100000000001", ["/", "\\", "/", "\\"]), ("T100000000002", ["/", "O", "/", "\\"]), ("T100000000003", ["I", "I", "/", "\\"])] {
            for (k, c) in codes.enumerated() {
                marks += "\(upn),2026-03-\(k < 2 ? "19" : "20"),\(k % 2 == 0 ? "AM" : "PM"),\(c)\n"
            }
        }
        let calendar = "kind,name,start,end\nterm,Spring,2026-01-05,2026-03-27\nterm,Summer,2026-04-13,2026-07-22\n"
        return try Fixture.register(pupils: pupils, marks: marks, calendar: calendar)
    }
}
