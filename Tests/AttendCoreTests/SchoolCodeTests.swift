#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// codes.csv: an MIS's own codes (SIMS `I01`, `X01`), each standing for a national code
/// (issue 10 §5). Files written as exports write them: quoted, CRLF, UK dates.
@Suite struct SchoolCodeTests {
    static let pupils = "upn,forename,surname,year\r\nA123456789012,Ann,Smith,9\r\nB123456789012,Bob,Jones,10\r\n"
    static let marks = "\u{FEFF}\"UPN\",\"Date\",\"Session\",\"Mark\"\r\n"
        + "\"A123456789012\",\"03/09/2025\",\"AM\",\"I01\"\r\n\"A123456789012\",\"03/09/2025\",\"PM\",\"I\"\r\n"
        + "\"B123456789012\",\"03/09/2025\",\"AM\",\"X01\"\r\n\"B123456789012\",\"03/09/2025\",\"PM\",\"/\"\r\n"
        + "A123456789012,04/09/2025,AM,I01\r\nA123456789012,04/09/2025,PM,SC\r\n"
        + "B123456789012,04/09/2025,AM,/\r\nB123456789012,04/09/2025,PM,\\\r\n"
    static let codes = "\"code\",\"means\",\"description\"\r\n\"I01\",\"I\",\"Illness (SIMS)\"\r\n\"X01\",\"X\",\"\"\r\nSC,/,school council\r\n"

    static func folder(codes: String?) throws -> String {
        var template = Array("/tmp/attend-codes-XXXXXX".utf8CString)
        let dir = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!)
        try SafeFileWriter.write(pupils, to: dir + "/pupils.csv", replace: true)
        try SafeFileWriter.write(marks, to: dir + "/marks.csv", replace: true)
        if let codes { try SafeFileWriter.write(codes, to: dir + "/codes.csv", replace: true) }
        return dir
    }

    static func count(_ r: Register, _ text: String) throws -> [Value] {
        let t = try ExportShapeTests.result(r, text, asOf: "2025-09-04")
        return t.rows.map { $0.last! }
    }

    @Test func ownCodesLoadKeepTheirCodeAndCountAsTheNationalOne() throws {
        let r = try Fixture.load(folder: try Self.folder(codes: Self.codes))
        #expect(r.diagnostics.isEmpty, "\(ExportShapeTests.rendered(r.diagnostics))")
        let a = r.pupils.index(ofUPN: "A123456789012")!, b = r.pupils.index(ofUPN: "B123456789012")!
        #expect((0..<r.sessionCount).map { r.code(a, $0).code } == ["I01", "I", "I01", "SC"])
        #expect((0..<r.sessionCount).map { r.code(a, $0).statutoryCode } == ["I", "I", "I", "/"])
        // Statistics by the national code: A has 3 authorised (I) and 1 present; B's X01 is not possible.
        #expect(r.matrix(.authorised).count(a, 0, r.sessionCount) == 3)
        #expect(r.matrix(.attended).count(a, 0, r.sessionCount) == 1)
        #expect(r.matrix(.possible).count(b, 0, r.sessionCount) == 3)
        #expect(r.loadStatistics.codesUsed == ["I01": 2, "I": 1, "X01": 1, "/": 2, "SC": 1, "\\": 1])
        // `coded` takes either spelling.
        #expect(try Self.count(r, "pupils where sessions coded I over this year >= 1") == [.integer(3)])
        #expect(try Self.count(r, "pupils where sessions coded I01 over this year >= 1") == [.integer(2)])
        #expect(try Self.count(r, "pupils where sessions coded i01 over this year >= 1") == [.integer(2)])
        #expect(try Self.count(r, "pupils where sessions coded X over this year >= 1") == [.integer(1)])
        #expect(try Self.count(r, "pupils where sessions coded \"SC\" over this year >= 1") == [.integer(1)])
        let summary = try ExportShapeTests.result(r, "summary over this year", asOf: "2025-09-04")
        #expect(summary.rows.first?[2] == .integer(7))   // possible: 8 sessions, X01 not counted
    }

    @Test func aSavedStoreKeepsTheOwnCodes() throws {
        let dir = try Self.folder(codes: Self.codes)
        let r = try Fixture.load(folder: dir)
        try SavedStore.save(r, to: dir + "/r.attend")
        let s = try SavedStore.open(dir + "/r.attend")
        #expect(s.schoolCodes == r.schoolCodes)
        #expect(Array(s.marks) == Array(r.marks))
        #expect(try Self.count(s, "pupils where sessions coded I over this year >= 1") == [.integer(3)])
    }

    /// Reopened in a run that gave the own codes other ids, the marks are mapped to them.
    @Test func storeCodeIDsAreMappedToThisRunsIDs() {
        let i01 = SchoolCodes.id(code: "I01", means: CodeID("I")!)!
        #expect(SavedStore.codeRemap(saved: [Int(i01.rawValue)], now: [i01]) == nil)
        let table = SavedStore.codeRemap(saved: [63], now: [i01])!
        #expect(table[63] == i01.rawValue)
        #expect(table[1] == 1 && table[Int(i01.rawValue)] == i01.rawValue)
    }

    @Test func anUnknownCodeSaysHowToMapIt() {
        let ds: [Diagnostic]
        do { _ = try Fixture.load(folder: try Self.folder(codes: nil)); ds = [] } catch let e as DiagnosticList { ds = e.diagnostics } catch { ds = [] }
        #expect(ds.map(\.code.rawValue) == ["D201", "D201", "D201", "D201"])
        #expect(ds.first?.hint?.contains("codes.csv") == true)
        #expect(ds.first?.hint?.contains("I01,I") == true)
    }

    @Test func aBadCodesFileIsRefusedWithEveryLine() throws {
        let bad = "code,means\r\nI01,I\r\nN,O\r\nI02,Q9\r\nI01,M\r\n\"I 3\",I\r\n"
        let ds: [Diagnostic]
        do { _ = try Fixture.load(folder: try Self.folder(codes: bad)); ds = [] } catch let e as DiagnosticList { ds = e.diagnostics } catch { ds = [] }
        let lines = ExportShapeTests.rendered(ds).map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        #expect(lines.prefix(4) == ["codes.csv:3:1: error[D502]: \"N\" is a national code: its meaning cannot be changed",
                                    "codes.csv:4:5: error[D503]: \"I02\" means \"Q9\", which is not a national attendance code",
                                    "codes.csv:5: error[D504]: \"I01\" is mapped twice (first on line 2)",
                                    "codes.csv:6:1: error[D501]: a code of 3 characters (not shown) is not a mark code: at most 8 characters, no spaces, commas or quotes"])
    }

    @Test func ownCodesAreListedByCheck() throws {
        let r = try Fixture.load(folder: try Self.folder(codes: Self.codes))
        #expect(CheckReport.render(r).contains("  own codes    I01 = I, X01 = X, SC = / (codes.csv)"))
    }
}
