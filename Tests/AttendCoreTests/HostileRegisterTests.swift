#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// Every hostile register file of issue 7, table-driven: each is refused with a clear
/// `file:line` message (and what), or loads under a documented tolerance, and nothing
/// crashes or hangs. Docs/reliability.md has the same table. The files are built in memory;
/// the 100 MB line and the 10,000 columns are generated here.
@Suite struct HostileRegisterTests {
    static let pupils = "upn,forename,surname,year\nA123456789012,Ann,Smith,9\nB123456789012,Bob,Jones,10\n"
    static let marks = "upn,date,session,mark\nA123456789012,2025-09-03,AM,/\nB123456789012,2025-09-03,AM,/\n"
    static let calendar = "kind,name,start,end\nterm,Autumn,2025-09-01,2025-12-19\n"

    enum File: String, Sendable { case pupils, marks, calendar }

    enum Outcome: Sendable {
        /// The load fails with exactly these diagnostics (first lines, as rendered).
        case refused([String])
        /// The load succeeds with this many pupils and these warning codes.
        case loads(pupils: Int, warnings: [String])
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var file: File
        var bytes: @Sendable () -> [UInt8]
        var outcome: Outcome
        var testDescription: String { "\(file.rawValue).csv: \(name)" }

        init(_ name: String, _ file: File, _ text: String, _ outcome: Outcome) {
            self.init(name, file, bytes: { Array(text.utf8) }, outcome)
        }

        init(_ name: String, _ file: File, bytes: @escaping @Sendable () -> [UInt8], _ outcome: Outcome) {
            self.name = name
            self.file = file
            self.bytes = bytes
            self.outcome = outcome
        }
    }

    static let tenThousandColumns = (0..<9_996).map { "extra \($0)" }.joined(separator: ",")
    static let tenThousandValues = (0..<9_996).map { "v\($0)" }.joined(separator: ",")
    static let hundredMB = 100 * 1024 * 1024

    static let cases: [Case] = [
        // Empty files, a header only, no header.
        Case("empty file", .pupils, "", .refused(["pupils.csv: error[D002]: the file is empty"])),
        Case("empty file", .marks, "", .refused(["marks.csv: error[D002]: the file is empty"])),
        Case("empty file", .calendar, "", .refused(["calendar.csv: error[D002]: the file is empty"])),
        Case("only a byte-order mark", .marks, "\u{FEFF}", .refused(["marks.csv: error[D002]: the file is empty"])),
        Case("header only", .pupils, "upn,forename,surname,year\n",
             .refused(["pupils.csv:1: error[D026]: the file has a header but no rows"])),
        Case("header only", .marks, "upn,date,session,mark\n",
             .refused(["marks.csv:1: error[D026]: the file has a header but no rows"])),
        Case("header only (tolerated: no terms given, so they are inferred)", .calendar, "kind,name,start,end\n",
             .loads(pupils: 2, warnings: [])),
        Case("no header (the first line is a pupil's row, not echoed)", .pupils, "A123456789012,Ann,Smith,9\nB123456789012,Bob,Jones,10\n",
             .refused(["pupils.csv:1: error[D003]: line 1 is not a header: it names none of the columns (upn, forename, surname, year, …)"])),
        Case("no header", .marks, "A123456789012,2025-09-03,AM,/\n",
             .refused(["marks.csv:1: error[D003]: line 1 is not a header: it names none of the columns (upn, date, session, mark, …)"])),
        Case("no header", .calendar, "term,Autumn,2025-09-01,2025-12-19\n",
             .refused(["calendar.csv:1: error[D003]: line 1 is not a header: it names none of the columns (kind, start, end, …)"])),
        Case("a header in another system's words (listed, to rename)", .marks, "Pupil ID,Day,Half,Entry\nA123456789012,2025-09-03,AM,/\n",
             .refused(["marks.csv:1: error[D001]: missing required column 'upn'; found: Pupil ID, Day, Half, Entry",
                       "marks.csv:1: error[D001]: missing required column 'date'; found: Pupil ID, Day, Half, Entry",
                       "marks.csv:1: error[D001]: missing required column 'session'; found: Pupil ID, Day, Half, Entry",
                       "marks.csv:1: error[D001]: missing required column 'mark'; found: Pupil ID, Day, Half, Entry"])),
        Case("blank lines above the header", .marks, "\r\n\r\nupn,date,session,mark\n",
             .refused(["marks.csv:1: error[D003]: line 1 is blank: the first line must be the header"])),

        // Wrong delimiters.
        Case("semicolons", .pupils, "upn;forename;surname;year\nA123456789012;Ann;Smith;9\n",
             .refused(["pupils.csv:1: error[D011]: the header is separated by semicolons, not commas"])),
        Case("semicolons", .marks, "upn;date;session;mark\nA123456789012;2025-09-03;AM;/\n",
             .refused(["marks.csv:1: error[D011]: the header is separated by semicolons, not commas"])),
        Case("tabs", .marks, "upn\tdate\tsession\tmark\nA123456789012\t2025-09-03\tAM\t/\n",
             .refused(["marks.csv:1: error[D011]: the header is separated by tabs, not commas"])),
        Case("tabs", .calendar, "kind\tname\tstart\tend\nterm\tAutumn\t2025-09-01\t2025-12-19\n",
             .refused(["calendar.csv:1: error[D011]: the header is separated by tabs, not commas"])),
        Case("not CSV at all", .marks, "%PDF-1.4 binary stuff\n",
             .refused(["marks.csv:1: error[D011]: this is not a CSV file (no comma-separated header)"])),

        // Encodings and NUL bytes.
        Case("invalid UTF-8 (Latin-1 ë)", .pupils, bytes: { Array("upn,forename,surname,year\nA123456789012,Zo".utf8) + [0xEB] + Array(",Smith,9\n".utf8) },
             .refused(["pupils.csv:2: error[D010]: not UTF-8 text (a character is malformed)"])),
        Case("invalid UTF-8 (a byte that starts nothing)", .calendar, bytes: { Array("kind,name,start,end\nterm,Aut".utf8) + [0xFF] + Array(",2025-09-01,2025-12-19\n".utf8) },
             .refused(["calendar.csv:2: error[D010]: not UTF-8 text (byte 0xFF cannot start a character)"])),
        Case("invalid UTF-8 in a mark", .marks, bytes: { Array("upn,date,session,mark\nA123456789012,2025-09-03,AM,".utf8) + [0xFF, 0xFE] + [10] },
             .refused(["marks.csv:2:29: error[D201]: unknown mark code \"\u{FFFD}\u{FFFD}\""])),
        Case("invalid UTF-8 in a column attend does not read (tolerated)", .marks,
             bytes: { Array("upn,date,session,mark,comment\nA123456789012,2025-09-03,AM,/,".utf8) + [0xC3, 0x28, 10] },
             .loads(pupils: 2, warnings: [])),
        Case("UTF-16", .pupils, bytes: { [0xFF, 0xFE] + Array("upn,forename,surname,year\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } },
             .refused(["pupils.csv:1: error[D010]: not UTF-8 text (it is UTF-16)"])),
        Case("NUL bytes", .pupils, "upn,forename,surname,year\nA123456789012,A\u{0}nn,Smith,9\n",
             .refused(["pupils.csv:2: error[D029]: the file contains NUL bytes: it is binary or UTF-16, not CSV text"])),
        Case("NUL bytes", .marks, "upn,date,session,mark\nA123456789012,2025-09-03,AM,\u{0}/\n",
             .refused(["marks.csv:2: error[D029]: the file contains NUL bytes: it is binary or UTF-16, not CSV text"])),
        Case("NUL bytes", .calendar, "kind,name,start,end\n\u{0}\n",
             .refused(["calendar.csv:2: error[D029]: the file contains NUL bytes: it is binary or UTF-16, not CSV text"])),
        Case("a NUL past the first 64 KB of marks.csv: the row is refused, the NUL shown as ?", .marks, bytes: {
                var text = "upn,date,session,mark,comment\n"
                text += String(repeating: "A123456789012,2025-09-03,AM,/,\(String(repeating: "x", count: 70))\n", count: 1_000)
                return Array((text + "A123456789012,2025-09-04,AM,/\u{0},\n").utf8)
             },
             .refused(["marks.csv:3: warning[D206]: 999 rows repeat a session with the same mark (first here); each is counted once",
                       "marks.csv:1002:29: error[D201]: unknown mark code \"/?\""])),

        // A 100 MB line.
        Case("a 100 MB line with no newline", .marks, bytes: { [UInt8](repeating: 0x78, count: hundredMB) },
             .refused(["marks.csv:1: error[D011]: this is not a CSV file (no comma-separated header)"])),
        Case("a 100 MB header cell: named in 40 characters", .marks,
             bytes: { Array("upn,date,session,".utf8) + [UInt8](repeating: 0x78, count: hundredMB) + Array("\nA123456789012,2025-09-03,AM,/\n".utf8) },
             .refused(["marks.csv:1: error[D001]: missing required column 'mark'; found: upn, date, session, " + String(repeating: "x", count: 40)])),
        Case("a 100 MB UPN: not shown", .marks,
             bytes: { Array("upn,date,session,mark\n".utf8) + [UInt8](repeating: 0x78, count: hundredMB) + Array(",2025-09-03,AM,/\n".utf8) },
             .refused(["marks.csv:2:1: error[D204]: mark for a UPN not in pupils.csv (not shown: it is not letters and digits)"])),
        Case("a 100 MB quoted comment (tolerated: not read)", .marks,
             bytes: { Array("upn,date,session,mark,comment\nA123456789012,2025-09-03,AM,/,\"".utf8) + [UInt8](repeating: 0x78, count: hundredMB) + [34, 10] },
             .loads(pupils: 2, warnings: [])),

        // Quotes and headers.
        Case("an unterminated quote at the end of the file", .marks, "upn,date,session,mark\nA123456789012,2025-09-03,AM,\"/",
             .refused(["marks.csv:2: error[D022]: a quoted field starting on this line is never closed"])),
        Case("an unterminated quote at the end of the file", .pupils, "upn,forename,surname,year\nA123456789012,\"Ann,Smith,9",
             .refused(["pupils.csv:2:1: error[D102]: 'year' is empty", "pupils.csv:2: error[D022]: a quoted field starting on this line is never closed"])),
        Case("duplicate header names", .pupils, "upn,forename,surname,year,Legal Forename\nA123456789012,Ann,Smith,9,Ann\nB123456789012,Bob,Jones,10,Bob\n",
             .refused(["pupils.csv:1:27: error[D028]: column 'Legal Forename' appears more than once in the header"])),
        Case("duplicate header names", .marks, "upn,date,session,mark,Date\nA123456789012,2025-09-03,AM,/,x\n",
             .refused(["marks.csv:1:23: error[D028]: column 'Date' appears more than once in the header"])),
        Case("10,000 columns (tolerated: kept as text attributes)", .pupils,
             "upn,forename,surname,year,\(tenThousandColumns)\nA123456789012,Ann,Smith,9,\(tenThousandValues)\nB123456789012,Bob,Jones,10,\(tenThousandValues)\n",
             .loads(pupils: 2, warnings: [])),
        // A row shorter than its header (issue 10 §4): its missing columns must not load as empty.
        Case("10,000 columns and a row of 4 fields", .pupils,
             "upn,forename,surname,year,\(tenThousandColumns)\nA123456789012,Ann,Smith,9,\(tenThousandValues)\nB123456789012,Bob,Jones,10\n",
             .refused(["pupils.csv:3: error[D109]: the row has 4 fields, the header 10000"])),
        Case("10,000 columns (tolerated: the extra ones are not read)", .marks,
             "upn,date,session,mark,\(tenThousandColumns)\nA123456789012,2025-09-03,AM,/,\(tenThousandValues)\n",
             .loads(pupils: 2, warnings: [])),
        Case("10,000 columns and one missing: listed in brief", .marks,
             "upn,date,session,\(tenThousandColumns)\nA123456789012,2025-09-03,AM,\(tenThousandValues)\n",
             .refused(["marks.csv:1: error[D001]: missing required column 'mark'; found: upn, date, session, "
                       + (0..<17).map { "extra \($0)" }.joined(separator: ", ") + ", … (9999 columns)"])),

        // Values.
        Case("31/02/2026", .marks, "upn,date,session,mark\nA123456789012,31/02/2026,AM,/\n",
             .refused(["marks.csv:2:15: error[D202]: \"31/02/2026\" is not a valid date"])),
        Case("2026-13-01", .marks, "upn,date,session,mark\nA123456789012,2026-13-01,AM,/\n",
             .refused(["marks.csv:2:15: error[D202]: \"2026-13-01\" is not a valid date"])),
        Case("31/02/2026 as a date of birth (not echoed)", .pupils, "upn,forename,surname,year,dob\nA123456789012,Ann,Smith,9,31/02/2026\n",
             .refused(["pupils.csv:2:27: error[D106]: 'dob' is not a valid date"])),
        Case("2026-13-01 as an admission date", .pupils, "upn,forename,surname,year,admitted\nA123456789012,Ann,Smith,9,2026-13-01\n",
             .refused(["pupils.csv:2:27: error[D106]: 'admitted' is not a valid date"])),
        Case("31/02/2026 in the calendar", .calendar, "kind,name,start,end\nterm,Autumn,2025-09-03,31/02/2026\n",
             .refused(["calendar.csv:2:24: error[D202]: \"31/02/2026\" is not a valid date"])),
        Case("a year group of -1", .pupils, "upn,forename,surname,year\nA123456789012,Ann,Smith,-1\n",
             .refused(["pupils.csv:2:25: error[D103]: year group is not R or 1 to 13"])),
        Case("the same UPN twice with different names (names not echoed)", .pupils,
             "upn,forename,surname,year\nA123456789012,Ann,Smith,9\nB123456789012,Bob,Jones,10\nA123456789012,Anna,Smythe,9\n",
             .refused(["pupils.csv:4: error[D101]: UPN A123456789012 appears twice (also line 2)"])),
        Case("a mark for a weekend date", .marks, "upn,date,session,mark\nA123456789012,2025-09-06,AM,/\nA123456789012,07/09/2025,PM,/\n",
             .refused(["marks.csv:2:15: error[D208]: mark on Saturday 2025-09-06: registers have no weekend sessions",
                       "marks.csv:3:15: error[D208]: mark on Sunday 2025-09-07: registers have no weekend sessions"])),
        Case("dates across three centuries (each year costs memory: at most 20 years)", .marks,
             "upn,date,session,mark\n" + (0..<21).map { k -> String in
                 var d = Day(year: 1900 + 15 * k, month: 9, day: 3)!
                 while d.isWeekend { d = d.advanced(by: 1) }
                 return "A123456789012,\(d.iso),AM,/\n"
             }.joined(),
             .refused(["marks.csv:22:15: error[D215]: mark in 2200/01, but the register already spans 20 academic years, the most attend loads"])),
        Case("control characters in a session (shown as ?)", .marks, "upn,date,session,mark\nA123456789012,2025-09-03,\u{1B}M,/\nA123456789012,2025-09-04,\u{1B}[31mAM,/\n",
             .refused(["marks.csv:2:26: error[D203]: session \"?M\" is neither AM nor PM",
                       "marks.csv:3:26: error[D203]: the session is neither AM nor PM (7 characters; not shown)"])),
    ]

    static func load(_ c: Case) -> Result<Register, DiagnosticList> {
        let bytes = c.bytes()
        let p = c.file == .pupils ? bytes : Array(pupils.utf8)
        let m = c.file == .marks ? bytes : Array(marks.utf8)
        let cal = c.file == .calendar ? bytes : nil
        let source = RegisterSource(name: "hostile", pupils: FileBytes(name: "pupils.csv", bytes: p), marks: FileBytes(name: "marks.csv", bytes: m),
                                    calendar: cal.map { FileBytes(name: "calendar.csv", bytes: $0) })
        do { return .success(try RegisterLoader.load(source)) } catch { return .failure(error) }
    }

    static func firstLines(_ ds: [Diagnostic]) -> [String] {
        ds.map { DiagnosticRenderer(color: false).render($0).split(separator: "\n").first.map(String.init) ?? "" }
    }

    @Test(arguments: cases)
    func hostileFile(_ c: Case) {
        let start = ContinuousClock.now
        let result = Self.load(c)
        switch (c.outcome, result) {
        case (.refused(let expected), .failure(let list)):
            #expect(Self.firstLines(list.diagnostics) == expected)
            for d in list.diagnostics {
                #expect(d.hint != nil || d.severity != .error, "no hint: \(d)")
                #expect(d.location?.file == c.file.rawValue + ".csv", "not placed in the file: \(d)")
                // Never more than a few lines, however big the input.
                #expect(DiagnosticRenderer(color: false).render(d).utf8.count < 1_000)
            }
        case (.loads(let n, let warnings), .success(let r)):
            #expect(r.pupils.count == n)
            #expect(r.diagnostics.map(\.code.rawValue) == warnings)
        case (.refused, .success(let r)):
            Issue.record("loaded \(r.pupils.count) pupils: \(r.diagnostics)")
        case (.loads, .failure(let list)):
            Issue.record("refused: \(list)")
        }
        #expect(ContinuousClock.now - start < .seconds(30), "slow")
    }

    /// The 10,000 columns of pupils.csv are there to query, like any extra column.
    @Test func tenThousandColumnsAreQueryable() throws {
        let c = try #require(Self.cases.first { $0.name.hasPrefix("10,000 columns (tolerated: kept") })
        let r = try Self.load(c).get()
        #expect(r.pupils.extraColumns.count == 9_996)
        #expect(r.pupils.extraColumns.last?.name == "extra_9995")
        #expect(r.pupils.extraColumns.last?.values == ["v9995", "v9995"])
    }

    // MARK: Files that cannot be read

    static func folder(pupils: String? = Self.pupils, marks: String? = Self.marks) throws -> String {
        let dir = ScriptRunnerTests.tempDir()
        if let pupils { try SafeFileWriter.write(pupils, to: dir + "/pupils.csv", replace: true) }
        if let marks { try SafeFileWriter.write(marks, to: dir + "/marks.csv", replace: true) }
        return dir
    }

    static func diagnostics(_ dir: String) -> [Diagnostic] {
        do {
            _ = try RegisterLoader.load(try RegisterSource.folder(dir))
            return []
        } catch {
            return error.diagnostics
        }
    }

    static func refusal(_ dir: String) -> [String] { firstLines(diagnostics(dir)) }

    @Test func aMissingFile() throws {
        let dir = try Self.folder(marks: nil)
        defer { LettersFixture.removeTree(dir) }
        #expect(Self.refusal(dir) == ["\(dir)/marks.csv: error[F001]: cannot open \(dir)/marks.csv: No such file or directory"])
        #expect(Self.refusal(dir + "/nowhere") == ["\(dir)/nowhere: error[F001]: cannot open \(dir)/nowhere: No such file or directory"])
    }

    @Test func aFileThatIsAFolder() throws {
        let dir = try Self.folder(marks: nil)
        defer { LettersFixture.removeTree(dir) }
        mkdir(dir + "/marks.csv", 0o700)
        #expect(Self.refusal(dir) == ["\(dir)/marks.csv: error[F002]: \(dir)/marks.csv is a folder, not a file"])
    }

    /// A named pipe would block `open` for ever: it is refused at once.
    @Test func aFileThatIsAPipe() throws {
        let dir = try Self.folder(marks: nil)
        defer { LettersFixture.removeTree(dir) }
        #expect(mkfifo(dir + "/marks.csv", 0o600) == 0)
        #expect(Self.refusal(dir) == ["\(dir)/marks.csv: error[F007]: \(dir)/marks.csv is not a regular file (a pipe, socket or device)"])
    }

    /// Root reads any file, so as root the open is made with the file-system user id of
    /// `nobody` on this thread (setfsuid, which drops the capability to bypass permissions
    /// for this thread only); otherwise as the user running the tests.
    @Test func aFileWithoutReadPermission() throws {
        let dir = try Self.folder()
        defer { LettersFixture.removeTree(dir) }
        chmod(dir, 0o755)
        chmod(dir + "/marks.csv", 0o644)
        chmod(dir + "/pupils.csv", 0o000)
        let ds: [Diagnostic]
        if getuid() == 0 {
            typealias SetFSUID = @convention(c) (UInt32) -> Int32
            let setfsuid = try #require(dlsym(nil, "setfsuid").map { unsafeBitCast($0, to: SetFSUID.self) })
            _ = setfsuid(65_534)
            ds = Self.diagnostics(dir)
            _ = setfsuid(0)
            #expect(setfsuid(0) == 0, "the file-system user id was not restored")
        } else {
            ds = Self.diagnostics(dir)
        }
        #expect(Self.firstLines(ds) == ["\(dir)/pupils.csv: error[F001]: cannot open \(dir)/pupils.csv: Permission denied"])
        #expect(ds.first?.hint == "the file is not readable by you: check its permissions")
        #expect(ExitStatus(worstOf: ds) == .ioError)
    }
}
