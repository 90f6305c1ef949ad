#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// Registers as schools really export them (issue 10 §2, §4, §5): calendars with INSET days
/// outside the terms, damaged files, several marks files. The files are written the way
/// exports write them (quoted fields, CRLF, UK dates, a byte-order mark), not only plain.
@Suite struct ExportShapeTests {
    static var exports: String { Fixture.testsDirectory + "/Fixtures/exports" }

    /// CRLF line ends, as an MIS export writes them.
    static func crlf(_ s: String) -> String { s.replacingAll("\n", "\r\n") }

    static func tempDir() -> String {
        var template = Array("/tmp/attend-exports-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!
        return String(cString: p)
    }

    static func write(_ text: String, _ path: String) throws { try SafeFileWriter.write(text, to: path, replace: true) }

    static func rendered(_ ds: [Diagnostic]) -> [String] {
        ds.map { DiagnosticRenderer(color: false).render($0).split(separator: "\n").first.map(String.init) ?? "" }
    }

    /// Runs one statement; its result table.
    static func result(_ r: Register, _ text: String, asOf: String) throws -> ResultTable {
        let session = Session(register: r, asOf: Fixture.day(asOf))
        guard case .complete(let st) = Parser.parse(text) else { throw DiagnosticList([]) }
        var last = ResultTable(columns: [])
        for s in st { if case .result(let t, _) = try session.run(s) { last = t } }
        return last
    }

    // MARK: §2 Calendars as schools write them

    /// The spec's folder with the INSET day outside the Autumn term loads and answers every
    /// acceptance question exactly as the plain folder does.
    @Test func insetOutsideTermAnswersAsBase() throws {
        let base = try Fixture.load(folder: Self.exports + "/base")
        let inset = try Fixture.load(folder: Self.exports + "/inset-outside-term")
        #expect(inset.diagnostics.filter { $0.severity != .note }.isEmpty)
        #expect(inset.calendar.days == base.calendar.days)
        #expect(Array(inset.marks) == Array(base.marks))
        #expect(inset.calendar.years.map(\.terms) == base.calendar.years.map(\.terms))
        #expect(inset.calendar.years.map(\.halfTerms) == base.calendar.years.map(\.halfTerms))
        var compared = 0
        for text in AcceptanceExampleTests.examples {
            for asOf in ["2026-02-13", "2025-12-19"] {
                let a = Result { try Self.result(base, text, asOf: asOf) }
                let b = Result { try Self.result(inset, text, asOf: asOf) }
                switch (a, b) {
                case (.success(let x), .success(let y)): #expect(x == y, "\(text) as of \(asOf)"); compared += 1
                case (.failure(let x), .failure(let y)): #expect("\(x)" == "\(y)", "\(text) as of \(asOf)")
                default: Issue.record("\(text) as of \(asOf): one folder answers, the other fails")
                }
            }
        }
        #expect(compared > 20)
    }

    static let pupils = "\"upn\",\"forename\",\"surname\",\"year\",\"left\"\n\"A123456789012\",\"Ann\",\"Smith\",\"9\",\"\"\n\"B123456789012\",\"Bob\",\"Jones\",\"10\",\"\"\n"
    /// Term from Wednesday 3 Sep; INSET Tuesday 2 Sep before it, and Monday 22 Dec after it.
    static let calendar = "kind,name,start,end\r\nterm,Autumn,03/09/2025,19/12/2025\r\nclosure,INSET day,02/09/2025,02/09/2025\r\nclosure,\"INSET, staff training\",22/12/2025,22/12/2025\r\n"

    static func marks(_ rows: [(upn: String, date: String, session: String, mark: String)]) -> String {
        crlf("\u{FEFF}\"UPN\",\"Date\",\"Session\",\"Mark\",\"Minutes Late\"\n" + rows.map { "\"\($0.upn)\",\"\($0.date)\",\"\($0.session)\",\"\($0.mark)\",\"\"\n" }.joined())
    }

    @Test func closureDaysOutsideTheTermLoadAndJoinTheNearestTerm() throws {
        let m = Self.marks([("A123456789012", "02/09/2025", "AM", "#"), ("B123456789012", "02/09/2025", "AM", "#"),
                            ("A123456789012", "03/09/2025", "AM", "/"), ("B123456789012", "03/09/2025", "AM", "N"),
                            ("A123456789012", "19/12/2025", "PM", "\\"), ("B123456789012", "19/12/2025", "PM", "\\"),
                            ("A123456789012", "22/12/2025", "AM", "#"), ("B123456789012", "22/12/2025", "AM", "Y1")])
        let r = try Fixture.register(pupils: Self.pupils, marks: m, calendar: Self.calendar)
        #expect(r.diagnostics.isEmpty, "\(Self.rendered(r.diagnostics))")
        let autumn = try #require(r.calendar.years.first?.terms.first)
        #expect(autumn.start == Fixture.day("2025-09-02"))
        #expect(autumn.end == Fixture.day("2025-12-22"))
        #expect(r.calendar.days.count == 4)
    }

    @Test func aMarkOtherThanClosureOrYOnAClosureDayIsAWarningWithItsLine() throws {
        let m = Self.marks([("A123456789012", "02/09/2025", "AM", "#"), ("B123456789012", "02/09/2025", "AM", "/"),
                            ("A123456789012", "03/09/2025", "AM", "/"), ("B123456789012", "02/09/2025", "PM", "N"),
                            ("B123456789012", "03/09/2025", "AM", "/")])
        let r = try Fixture.register(pupils: Self.pupils, marks: m, calendar: Self.calendar)
        #expect(Self.rendered(r.diagnostics) == ["marks.csv:3: warning[D216]: 2 marks are neither # nor a Y code on days calendar.csv names as closures (first here: INSET day 2025-09-02); counted with their meaning"])
    }

    @Test func aDateInNoTermAndNoClosureIsStillRefused() {
        let m = Self.marks([("A123456789012", "01/09/2025", "AM", "#"), ("A123456789012", "03/09/2025", "AM", "/")])
        let ds = Fixture.failures(pupils: Self.pupils, marks: m, calendar: Self.calendar)
        #expect(Self.rendered(ds) == ["marks.csv:2:17: error[D207]: mark on 2025-09-01, outside every term of calendar.csv"])
    }

    /// A closure far from every term (a year typed wrong in calendar.csv) joins no term.
    @Test func aClosureFarFromEveryTermJoinsNone() {
        let cal = Self.calendar + "closure,INSET day,03/09/2024,03/09/2024\r\n"
        let m = Self.marks([("A123456789012", "03/09/2024", "AM", "#"), ("A123456789012", "03/09/2025", "AM", "/")])
        let ds = Fixture.failures(pupils: Self.pupils, marks: m, calendar: cal)
        #expect(Self.rendered(ds) == ["marks.csv:2:17: error[D207]: mark on 2024-09-03, outside every term of calendar.csv"])
    }

    // MARK: §4 Damaged files

    /// A marks file cut part of the way through its last day (rows in date order, as SIMS
    /// writes them): the pupils whose rows were lost stay on roll, with no invented absence.
    @Test func marksThatStopWithoutALeavingDateKeepThePupilOnRoll() throws {
        let m = Self.marks([("A123456789012", "03/09/2025", "AM", "/"), ("B123456789012", "03/09/2025", "AM", "/"),
                            ("A123456789012", "03/09/2025", "PM", "\\"), ("B123456789012", "03/09/2025", "PM", "\\"),
                            ("A123456789012", "04/09/2025", "AM", "/")])
        let r = try Fixture.register(pupils: Self.pupils, marks: m)
        #expect(Self.rendered(r.diagnostics) == ["marks.csv: warning[D218]: 1 pupil has no marks after 3 Sep 2025 and no leaving date: they stay on roll to 2025-09-04, with no possible sessions after their last mark; UPNs B123456789012"])
        let b = r.pupils.index(ofUPN: "B123456789012")!
        #expect(r.onRollUntil[b] == nil)
        #expect(r.isOnRoll(b, on: Fixture.day("2025-09-04")))
        // Two possible sessions (3 Sep), none invented on 4 Sep.
        #expect(r.matrix(.possible).count(b, 0, r.sessionCount) == 2)
        #expect(r.matrix(.absent).count(b, 0, r.sessionCount) == 0)
        // On the list of pupils on roll, and every result says why.
        let t = try Self.result(r, "pupils", asOf: "2025-09-04")
        #expect(t.rows.count == 2)
        #expect(t.notes == ["1 pupil has no marks after 3 Sep 2025 and no leaving date"])
        // Before the marks stop there is nothing to say.
        #expect(try Self.result(r, "pupils", asOf: "2025-09-03").notes.isEmpty)
        // A saved store reopened says the same.
        let dir = Self.tempDir()
        try SavedStore.save(r, to: dir + "/r.attend")
        let reopened = try SavedStore.open(dir + "/r.attend")
        #expect(reopened.resultNotes(asOf: Fixture.day("2025-09-04")) == t.notes)
    }

    /// The spec's register, its marks.csv written in date order and cut part of the way
    /// through 13 Feb 2026: every pupil stays on roll.
    @Test func aCutOffExportOfTheSpecRegisterIsWarnedAbout() throws {
        let base = Self.exports + "/base"
        let text = try FileBytes(path: base + "/marks.csv").withBytes { String(decoding: $0, as: UTF8.self) }
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        lines.sort { ($0.split(separator: ",")[1], $0) < ($1.split(separator: ",")[1], $1) }
        let lastDay = lines.filter { $0.contains(",2026-02-13,") }.count
        let cut = Array(lines.dropLast(lastDay / 2))
        let dir = Self.tempDir()
        for f in ["pupils.csv", "calendar.csv"] {
            try Self.write(try FileBytes(path: base + "/" + f).withBytes { String(decoding: $0, as: UTF8.self) }, dir + "/" + f)
        }
        try Self.write(Self.crlf(([header] + cut).joined(separator: "\n") + "\n"), dir + "/marks.csv")
        let r = try Fixture.load(folder: dir)
        let w = try #require(r.diagnostics.first { $0.code == "D218" })
        #expect(w.message.hasPrefix("20 pupils have no marks after 12 Feb 2026 and no leaving date"))
        let t = try Self.result(r, "count pupils", asOf: "2026-02-13")
        #expect(t.rows.first?.last == .integer(40))
        #expect(t.notes == ["20 pupils have no marks after 12 Feb 2026 and no leaving date"])
    }

    /// The note is on the screen after a table, on stderr beside CSV and beside `into`, and
    /// never in the file.
    @Test func theNoteGoesWithEveryResultButNeverIntoAFile() throws {
        let m = Self.marks([("A123456789012", "03/09/2025", "AM", "/"), ("B123456789012", "03/09/2025", "AM", "/"),
                            ("A123456789012", "04/09/2025", "AM", "/")])
        let r = try Fixture.register(pupils: Self.pupils, marks: m)
        let note = "note: 1 pupil has no marks after 3 Sep 2025 and no leaving date"
        let dir = Self.tempDir()
        try Self.write("count pupils\nset format csv\ncount pupils\ncount pupils into \"\(dir)/n.csv\"\n", dir + "/s.attend")
        final class Capture: @unchecked Sendable { var out: [String] = []; var err: [String] = [] }
        let c = Capture()
        let runner = makeRunner(Session(register: r, asOf: Fixture.day("2025-09-04")), output: { c.out.append($0) }, errors: { c.err.append($0) })
        #expect(try runner.run(file: dir + "/s.attend") == .success)
        #expect(c.out.filter { $0 == note }.count == 1)
        #expect(c.out.firstIndex(of: note)! > c.out.firstIndex { $0.contains("pupils") }!)
        #expect(c.err.filter { $0 == note }.count == 2)
        let file = try FileBytes(path: dir + "/n.csv").withBytes { String(decoding: $0, as: UTF8.self) }
        #expect(!file.contains("note"))
    }

    static let yearOfMarks: String = {
        var rows: [(String, String, String, String)] = []
        for d in ["03/09/2025", "04/09/2025", "07/01/2026", "22/07/2026"] {
            rows.append(("A123456789012", d, "AM", "/"))
            rows.append(("B123456789012", d, "AM", "/"))
        }
        return marks(rows)
    }()

    @Test func withoutACalendarADateFarFromTheRestIsAnError() {
        let m = Self.yearOfMarks + "\"B123456789012\",\"07/01/2036\",\"AM\",\"/\",\"\"\r\n"
        let ds = Fixture.failures(pupils: Self.pupils, marks: m)
        #expect(Self.rendered(ds) == ["marks.csv:10:17: error[D217]: mark on 2036-01-07, far from the rest of the register (2025/26)"])
    }

    @Test func withSkipBadRowsTheFarDateIsLeftOut() throws {
        let m = Self.yearOfMarks + "\"B123456789012\",\"07/01/2036\",\"AM\",\"/\",\"\"\r\n"
        let r = try Fixture.register(pupils: Self.pupils, marks: m, skipBadRows: true)
        #expect(r.calendar.lastSchoolDay == Fixture.day("2026-07-22"))
        #expect(r.loadStatistics.marks == 8)
        #expect(try Self.result(r, "count pupils", asOf: "2026-07-22").rows.first?.last == .integer(2))
    }

    /// The next school year starting after the summer holiday is not far: it is the register
    /// going on. Nor is a year before it.
    @Test func theNextYearAfterTheHolidayIsNotFar() throws {
        let m = Self.yearOfMarks + "\"B123456789012\",\"03/09/2026\",\"AM\",\"/\",\"\"\r\n\"B123456789012\",\"22/07/2025\",\"AM\",\"/\",\"\"\r\n"
        let r = try Fixture.register(pupils: Self.pupils, marks: m)
        #expect(r.calendar.days.count == 6)
    }

    @Test func farDaysRule() {
        func days(_ s: [String]) -> [Day] { s.map(Fixture.day) }
        #expect(CalendarInference.farDays(days(["2025-09-03", "2026-07-22", "2036-01-07"])) == days(["2036-01-07"]))
        #expect(CalendarInference.farDays(days(["2025-09-03", "2026-07-22", "2026-12-01"])) == days(["2026-12-01"]))
        #expect(CalendarInference.farDays(days(["2025-09-03", "2026-07-22", "2026-10-12"])) == [])
        #expect(CalendarInference.farDays(days(["1999-01-04", "2025-09-03", "2025-10-01"])) == days(["1999-01-04"]))
        // A gap inside the years the register spans (a term with no marks) is not far.
        #expect(CalendarInference.farDays(days(["2025-09-03", "2025-10-01", "2026-05-01"])) == [])
    }

    @Test func aPupilsRowShorterThanItsHeaderIsAnError() {
        let pupils = Self.crlf("\"upn\",\"forename\",\"surname\",\"year\",\"form\",\"contact_name\"\n\"A123456789012\",\"Ann\",\"Smith\",\"9\",\"9A\",\"Mr Smith\"\n\"B123456789012\",\"Bob\",\"Jones\"\n")
        let ds = Fixture.failures(pupils: pupils, marks: Self.yearOfMarks)
        #expect(Self.rendered(ds) == ["pupils.csv:3: error[D109]: the row has 3 fields, the header 6"])
    }

    @Test func asOfFarPastTheRegistersEndIsNoted() throws {
        let r = try Fixture.register(pupils: Self.pupils, marks: Self.yearOfMarks)
        #expect(try Self.result(r, "count pupils", asOf: "2026-08-31").notes.isEmpty)
        let t = try Self.result(r, "count pupils", asOf: "2027-01-04")
        #expect(t.notes == ["the as-of date 4 Jan 2027 is 166 days after the register's last day (22 Jul 2026): the register has no sessions after that day, so windows after it count nothing"])
    }

    // MARK: Hostile files

    @Test func aMarksFolderHoldingAPipeIsRefusedAtOnce() throws {
        let dir = try Self.folder(["pupils.csv": Self.pupils, "marks/a.csv": Self.autumn])
        #expect(mkfifo(dir + "/marks/b.csv", 0o600) == 0)
        do {
            _ = try RegisterSource.folder(dir)
            Issue.record("a pipe was taken as a marks file")
        } catch {
            #expect(error.diagnostics.map(\.code.rawValue) == ["F007"])
        }
    }

    @Test func anEmptyFileAmongTheMarksFilesIsNamed() throws {
        let dir = try Self.folder(["pupils.csv": Self.pupils, "marks/a.csv": Self.autumn, "marks/b.csv": ""])
        do {
            _ = try Fixture.load(folder: dir)
            Issue.record("loaded")
        } catch let e as DiagnosticList {
            #expect(Self.rendered(e.diagnostics) == ["\(dir)/marks/b.csv: error[D002]: the file is empty"])
        }
    }

    @Test func dotFilesAndOtherFilesAreNotMarks() throws {
        let dir = try Self.folder(["pupils.csv": Self.pupils, "marks.csv": Self.autumn, "marks/.~lock.a.csv#": "x", "marks/.a.csv": "junk",
                                   "notes.csv": "junk", "marksheet.txt": "junk"])
        #expect(RegisterSource.marksFileNames(dir) == ["marks.csv"])
    }

    @Test func aCodesFileHostile() throws {
        func refusal(_ codes: String) throws -> [String] {
            var template = Array("/tmp/attend-codes-XXXXXX".utf8CString)
            let dir = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!)
            try Self.write(Self.pupils, dir + "/pupils.csv")
            try Self.write(Self.autumn, dir + "/marks.csv")
            try Self.write(codes, dir + "/codes.csv")
            do { _ = try Fixture.load(folder: dir); return [] } catch let e as DiagnosticList {
                return Self.rendered(e.diagnostics).map { String($0.dropFirst(dir.count + 1)) }
            }
        }
        #expect(try refusal("") == ["codes.csv: error[D002]: the file is empty"])
        #expect(try refusal("code;means\nI01;I\n").first?.contains("D011") == true)
        #expect(try refusal("code,means\nI01,-\n") == ["codes.csv:2:5: error[D503]: \"I01\" means \"-\", which is not a national attendance code"])
        #expect(try refusal("code,means\n\"I01,I\n").last == "codes.csv:2: error[D022]: a quoted field starting on this line is never closed")
        #expect(try refusal("code,means\n" + String(repeating: "A", count: 200) + ",I\n") == ["codes.csv:2:1: error[D501]: a code of 200 characters (not shown) is not a mark code: at most 8 characters, no spaces, commas or quotes"])
        #expect(try refusal("means\nI\n") == ["codes.csv:1: error[D001]: missing required column 'code'; found: means"])
    }

    // MARK: §5 Several marks files

    static func folder(_ files: [String: String]) throws -> String {
        let dir = tempDir()
        mkdir(dir + "/marks", 0o700)
        for (name, text) in files { try write(text, dir + "/" + name) }
        return dir
    }

    static let autumn = marks([("A123456789012", "03/09/2025", "AM", "/"), ("B123456789012", "03/09/2025", "AM", "N")])
    static let spring = marks([("A123456789012", "07/01/2026", "AM", "/"), ("B123456789012", "07/01/2026", "AM", "/")])
    static let lastYear = marks([("A123456789012", "03/09/2024", "AM", "/"), ("B123456789012", "03/09/2024", "AM", "/"),
                                 ("A123456789012", "22/07/2025", "AM", "/"), ("B123456789012", "22/07/2025", "AM", "/")])

    @Test func marksFilesOfAFolderAreOneRegister() throws {
        let dir = try Self.folder(["pupils.csv": Self.pupils, "marks-2024-25.csv": Self.lastYear, "marks-2025-26.csv": Self.autumn + "\"A123456789012\",\"07/01/2026\",\"PM\",\"\\\",\"\"\r\n\"B123456789012\",\"07/01/2026\",\"PM\",\"\\\",\"\"\r\n"])
        let source = try RegisterSource.folder(dir)
        #expect(source.marksFiles.map { $0.name.split(separator: "/").last! } == ["marks-2024-25.csv", "marks-2025-26.csv"])
        let r = try RegisterLoader.load(source)
        #expect(r.diagnostics.isEmpty, "\(Self.rendered(r.diagnostics))")
        #expect(r.calendar.days.count == 4)
        #expect(r.loadStatistics.marks == 8)
        #expect(r.loadStatistics.markRows == 8)
        #expect(r.sources.filter { $0.role == "marks.csv" }.count == 2)
        #expect(CheckReport.render(r).contains("  marks        8 sessions from 8 rows in 2 files\n"))
    }

    @Test func aMarksFolderIsOneRegisterEvenWithinOneYear() throws {
        let dir = try Self.folder(["pupils.csv": Self.pupils, "marks/1-autumn.csv": Self.autumn, "marks/2-spring.csv": Self.spring])
        let r = try Fixture.load(folder: dir)
        #expect(r.diagnostics.isEmpty, "\(Self.rendered(r.diagnostics))")
        let b = r.pupils.index(ofUPN: "B123456789012")!
        #expect((0..<r.sessionCount).map { r.code(b, $0).code } == ["N", "", "/", ""])
    }

    @Test func theSameMarkInTwoFilesIsTheRepeatedSessionWarning() throws {
        let both = Self.marks([("A123456789012", "07/01/2026", "AM", "/"), ("B123456789012", "07/01/2026", "AM", "/"),
                               ("A123456789012", "03/09/2025", "AM", "/"), ("B123456789012", "03/09/2025", "AM", "N")])
        let dir = try Self.folder(["pupils.csv": Self.pupils, "marks/a.csv": Self.autumn, "marks/b.csv": both])
        let r = try Fixture.load(folder: dir)
        #expect(Self.rendered(r.diagnostics) == ["\(dir)/marks/b.csv:4: warning[D206]: 2 rows repeat a session with the same mark (first here); each is counted once"])
        #expect(r.loadStatistics.marks == 4)
        #expect(r.loadStatistics.codesUsed["N"] == 1)
    }

    @Test func aSessionMarkedDifferentlyInTwoFilesNamesBoth() throws {
        let clash = Self.marks([("B123456789012", "07/01/2026", "AM", "/"), ("B123456789012", "03/09/2025", "AM", "M")])
        let dir = try Self.folder(["pupils.csv": Self.pupils, "marks/a.csv": Self.autumn, "marks/b.csv": clash])
        do {
            _ = try Fixture.load(folder: dir)
            Issue.record("loaded")
        } catch let e as DiagnosticList {
            #expect(Self.rendered(e.diagnostics) == ["\(dir)/marks/b.csv:3: error[D205]: two different marks for B123456789012 on 2025-09-03 AM: \"N\" at \(dir)/marks/a.csv:3 and \"M\" here"])
            #expect(e.diagnostics.first?.related == [SourceLocation(file: dir + "/marks/a.csv", line: 3)])
        }
        // With --skip-bad-rows the first file's mark stands.
        let r = try Fixture.load(folder: dir, skipBadRows: true)
        let b = r.pupils.index(ofUPN: "B123456789012")!
        #expect(r.code(b, 0).code == "N")
    }
}
