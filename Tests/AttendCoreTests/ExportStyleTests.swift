import Testing
@testable import AttendCore

/// The same register written in every shape real exports take (`attend demo --style`, and
/// the spec's five folders of one small school) loads to the same store: through the fast
/// path and through the general reader alike, in one part and in several, whatever the
/// quoting, line ends, date form, header names, row order or extra columns.
@Suite struct ExportStyleTests {
    /// A few hundred pupils over a whole year (more than a term).
    static let options = DemoOptions(pupils: 240, seed: 7)

    static func source(_ files: DemoFiles) -> RegisterSource {
        RegisterSource(name: "test", pupils: FileBytes(name: "pupils.csv", bytes: files.pupils),
                       marks: FileBytes(name: "marks.csv", bytes: files.marks),
                       calendar: FileBytes(name: "calendar.csv", bytes: files.calendar))
    }

    static func load(_ source: RegisterSource, parts: Int? = 1, general: Bool = false) -> Result<Register, DiagnosticList> {
        do { return .success(try RegisterLoader.load(source, options: .init(parts: parts, generalReaderOnly: general))) }
        catch { return .failure(error) }
    }

    static let plain = DemoRegister.files(options)
    static let plainRegister = LoadSummary.register(load(source(plain)))

    @Test(arguments: DemoStyle.named.map(\.name))
    func fastPathAndGeneralReaderAgree(_ name: String) throws {
        let style = try DemoStyle.parse(name)
        var options = Self.options
        options.style = style
        let files = DemoRegister.files(options)
        if !style.isEmpty { #expect(files.marks != Self.plain.marks) }
        let src = Self.source(files)
        let fast = Self.load(src)
        let general = Self.load(src, general: true)
        // Every code byte, minute, pupil, day and message (with its line) the same.
        #expect(LoadSummary.full(fast) == LoadSummary.full(general))
        #expect(LoadSummary.full(Self.load(src, parts: 3)) == LoadSummary.full(fast))
        // The same register as the plain file's.
        #expect(LoadSummary.register(fast) == Self.plainRegister)
        let f = try fast.get(), g = try general.get()
        #expect(g.loadStatistics.generalReaderRows == g.loadStatistics.markRows)
        // The fast path takes every row but those whose comment holds a line end or an escaped
        // quote, and the file's last.
        let rows = f.loadStatistics.markRows
        let left = f.loadStatistics.generalReaderRows
        #expect(left <= (style.contains(.commentColumn) ? rows / 50 : 1), "\(left) of \(rows) rows off the fast path")
        #expect(rows > 50_000)
    }

    @Test func styledFilesHaveTheirQuirks() throws {
        var options = Self.options
        options.style = try DemoStyle.parse("all")
        let files = DemoRegister.files(options)
        let marks = String(decoding: files.marks, as: UTF8.self)
        let pupils = String(decoding: files.pupils, as: UTF8.self)
        #expect(marks.hasPrefix("\u{FEFF}\"UPN\",\"Attendance Date\",\"Session\",\"Attendance Mark\",\"Minutes Late\",\"Comments\"\r\n"))
        #expect(pupils.hasPrefix("\u{FEFF}\"UPN\",\"Legal Forename\",\"Legal Surname\",\"Year Group\",\"Reg Group\""))
        #expect(marks.contains("\"Letter sent\nfollow up next week, \"\"urgent\"\"\""))
        let lines = marks.split(separator: "\r\n").dropFirst().prefix(3)
        #expect(lines.allSatisfy { $0.contains("\"03/09/2025\",\"AM\"") })   // date order: the first session first
        #expect(lines.allSatisfy { $0.hasSuffix(",\"\",\"\"") })
        #expect(throws: Diagnostic.self) { try DemoStyle.parse("date-order,shuffled") }
        #expect(throws: Diagnostic.self) { try DemoStyle.parse("sims") }
        #expect(try DemoStyle.parse("crlf-bom, UK-dates").name == "crlf-bom,uk-dates")
    }

    /// Rows not in pupil order are stored a batch at a time, bucket by bucket of pupils: the
    /// first row of a session must still be the one kept, and repeated and clashing rows
    /// named by their lines in the file.
    @Test func repeatedAndClashingRowsInAShuffledFile() throws {
        var options = Self.options
        options.style = .shuffled
        let files = DemoRegister.files(options)
        let lines = String(decoding: files.marks, as: UTF8.self).split(separator: "\n").map(String.init)
        var clash = lines[8].split(separator: ",", omittingEmptySubsequences: false).map(String.init)   // line 9
        let first = clash[3]
        clash[3] = first == "O" ? "G" : "O"
        clash[4] = ""
        let marks = (lines + [lines[5], clash.joined(separator: ",")]).joined(separator: "\n") + "\n"
        let n = lines.count
        let src = RegisterSource(name: "test", pupils: FileBytes(name: "pupils.csv", bytes: files.pupils),
                                 marks: FileBytes(name: "marks.csv", bytes: Array(marks.utf8)),
                                 calendar: FileBytes(name: "calendar.csv", bytes: files.calendar))
        func load(general: Bool) -> Result<Register, DiagnosticList> {
            do { return .success(try RegisterLoader.load(src, options: .init(skipBadRows: true, parts: 1, generalReaderOnly: general))) }
            catch { return .failure(error) }
        }
        let fast = load(general: false)
        #expect(LoadSummary.full(fast) == LoadSummary.full(load(general: true)))
        let reg = try fast.get()
        let text = LoadSummary.rendered(reg.diagnostics)
        #expect(text.contains { $0.hasPrefix("marks.csv:\(n + 1): warning[D206]") })
        #expect(text.contains { $0.hasPrefix("marks.csv:\(n + 2): error[D205]: two different marks for \(clash[0]) on \(clash[1]) \(clash[2]): \"\(first)\" on line 9 and \"\(clash[3])\" here") })
        #expect(Array(reg.marks) == Array(try Self.load(Self.source(Self.plain)).get().marks))
    }

    // MARK: the spec's exports of one small school

    static let exports = Fixture.testsDirectory + "/Fixtures/exports"
    static let folders = ["base", "mis-style", "all-quoted", "minimal-columns", "inset-outside-term"]
    /// Questions whose answers must not depend on the export's shape (answers compared by
    /// their pupils, and by the whole table where there is no pupil list).
    static let questions = [
        "all pupils where rate < 90% over this year",
        "all pupils where persistent over this year",
        "count pupils where unauthorised >= 4 over term 1",
        "rate by form over this year",
    ]

    static func answers(_ r: Register, byForm: Bool = true) throws -> [String] {
        let session = Session(register: r, asOf: r.calendar.lastSchoolDay)
        return try questions.filter { byForm || !$0.contains("by form") }.map { q in
            guard case .complete(let statements) = Parser.parse(q), let s = statements.first,
                  case .result(let t, _) = try session.run(s) else { return "no result: \(q)" }
            // A pupil list by its pupils (minimal-columns shows fewer columns); else the table.
            if let pupils = t.pupils { return "\(pupils.map { r.pupils.upn[$0] }.sorted())" }
            return "\(t.columns.map(\.name)) \(t.rows.map { "\($0)" })"
        }
    }

    @Test(arguments: folders)
    func specExportsGiveTheBaseAnswers(_ folder: String) throws {
        let src = try RegisterSource.folder(Self.exports + "/" + folder)
        let fast = Self.load(src, parts: nil)
        if folder == "inset-outside-term", case .failure = fast { return }   // issue 10 §2, another branch
        #expect(LoadSummary.full(fast) == LoadSummary.full(Self.load(src, general: true)))
        #expect(LoadSummary.full(fast) == LoadSummary.full(Self.load(src, parts: 4)))
        let base = try Self.load(try RegisterSource.folder(Self.exports + "/base"), parts: nil).get()
        let reg = try fast.get()
        #expect(Array(reg.marks) == Array(base.marks))
        #expect(reg.calendar.days == base.calendar.days)
        #expect(reg.pupils.upn == base.pupils.upn)
        #expect(reg.onRollFrom == base.onRollFrom && reg.onRollUntil == base.onRollUntil)
        #expect(reg.minutesLate?.minutes == base.minutesLate?.minutes)
        // minimal-columns has no `form` column.
        let byForm = folder != "minimal-columns"
        #expect(try Self.answers(reg, byForm: byForm) == Self.answers(base, byForm: byForm))
        if folder != "minimal-columns" {
            #expect(LoadSummary.register(fast) == LoadSummary.register(.success(base)))
        }
        #expect(reg.loadStatistics.generalReaderRows <= 1, "\(reg.loadStatistics.generalReaderRows) rows off the fast path")
    }
}
