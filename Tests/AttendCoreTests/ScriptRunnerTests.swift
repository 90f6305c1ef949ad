#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// Scripts as a user runs them: files written, the first failure stopping the run with
/// FILE:LINE:COLUMN, parameters, and every saved script in Queries/ on the demo register.
@Suite struct ScriptRunnerTests {
    final class Capture: @unchecked Sendable {
        var out: [String] = []
        var err: [String] = []
    }

    static func tempDir() -> String {
        var template = Array("/tmp/attend-test-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!
        return String(cString: p)
    }

    static func write(_ text: String, _ path: String) throws {
        try SafeFileWriter.write(text, to: path, replace: true)
    }

    func runner(_ session: Session, _ c: Capture) -> StatementRunner {
        makeRunner(session, output: { c.out.append($0) }, errors: { c.err.append($0) })
    }

    func workedSession() throws -> Session {
        Session(register: try Fixture.workedRegister(), asOf: Fixture.day("2026-01-23"))
    }

    func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    @Test func goodScriptWritesItsFiles() throws {
        let dir = Self.tempDir()
        let script = dir + "/review.attend"
        try Self.write("""
        # a review
        print "## Persistent absence"
        pupils where persistent over this year into "\(dir)/pa.csv"
        rate by form over this term into "\(dir)/forms.json"
        """, script)
        let c = Capture()
        let status = try runner(try workedSession(), c).run(file: script)
        #expect(status == .success)
        #expect(c.out.first == "## Persistent absence")
        let csv = try FileBytes(path: dir + "/pa.csv").withBytes { String(decoding: $0, as: UTF8.self) }
        #expect(csv.hasPrefix("upn,name,year,form,absence this year\nW100000000003,Cara Autumn,9,9B,18.6046511627907"))
        #expect(csv.split(separator: "\n").count == 6)
        var st = stat()
        stat(dir + "/pa.csv", &st)
        #expect(st.st_mode & 0o777 == 0o600)
        let json = try FileBytes(path: dir + "/forms.json").withBytes { String(decoding: $0, as: UTF8.self) }
        #expect(json.contains("\"form\": \"10B\", \"pupils\": 1, \"possible\": 22, \"attended\": 11, \"rate this term\": 50"))
        #expect(c.err.contains("wrote 5 rows to \(dir)/pa.csv"))
    }

    @Test func thirdStatementWrongStopsTheRunNamingTheLine() throws {
        let dir = Self.tempDir()
        let script = dir + "/bad.attend"
        try Self.write("""
        pupils where severe over this year into "\(dir)/one.csv"
        pupils where persistent over this year into "\(dir)/two.csv"
        pupils where rate < 90% over term 9 into "\(dir)/three.csv"
        pupils where severe over this year into "\(dir)/four.csv"
        """, script)
        let c = Capture()
        let status = try runner(try workedSession(), c).run(file: script)
        #expect(status == .queryError)
        #expect(c.err.last?.hasPrefix("\(script):3:") == true)
        #expect(c.err.last?.contains("error[Q105]: 2025/26 has no term 9") == true)
        #expect(c.err.last?.contains("^^^^^^") == true)
        #expect(exists(dir + "/one.csv") && exists(dir + "/two.csv"))
        #expect(!exists(dir + "/three.csv") && !exists(dir + "/four.csv"))
    }

    @Test func keepGoingRunsTheRestButStillFails() throws {
        let dir = Self.tempDir()
        let script = dir + "/bad.attend"
        try Self.write("pupils where rat < 90%\npupils where severe over this year into \"\(dir)/after.csv\"\n", script)
        let c = Capture()
        let r = runner(try workedSession(), c)
        r.keepGoing = true
        // A parse error stops the whole script before anything runs: nothing half-done.
        #expect(try r.run(file: script) == .queryError)
        #expect(!exists(dir + "/after.csv"))
        try Self.write("pupils where rate < 90% over term 9\npupils where severe over this year into \"\(dir)/after.csv\"\n", script)
        #expect(try r.run(file: script) == .queryError)
        #expect(exists(dir + "/after.csv"))
    }

    @Test func parametersOverrideDefaultsAndRequiredOnesAreNamed() throws {
        let dir = Self.tempDir()
        let script = dir + "/p.attend"
        try Self.write("param threshold = 90%\nparam form_name\ncount pupils where rate < $threshold over this year and form = $form_name\n", script)
        let missing = Capture()
        #expect(try runner(try workedSession(), missing).run(file: script) == .queryError)
        #expect(missing.err.last?.contains("\(script):2:7: error[S001]: the script needs parameter `form_name`") == true)

        let s = try workedSession()
        try s.setParameter("form_name", value: "10A")
        let c = Capture()
        #expect(try runner(s, c).run(file: script) == .success)
        #expect(c.out.joined().contains("│      2 │"))   // Dev 12.8% and Ede 11.6% absence: both under 90%
        let s2 = try workedSession()
        try s2.setParameter("form_name", value: "10A")
        try s2.setParameter("threshold", value: "85%")
        let c2 = Capture()
        #expect(try runner(s2, c2).run(file: script) == .success)
        #expect(c2.out.joined().contains("│      0 │"))
    }

    @Test func missingScriptIsAnIOError() throws {
        let c = Capture()
        #expect(try runner(try workedSession(), c).run(file: "/nonexistent/x.attend") == .ioError)
        #expect(c.err.first?.contains("F001") == true)
    }

    @Test(arguments: ["monthly-review", "penalty-threshold", "la-notifications", "first-day-calling", "bands"])
    func savedScriptRunsCleanOnTheDemoRegister(_ name: String) throws {
        let session = Session(register: try GoldenFile.session("demo", asOf: nil).register, asOf: Fixture.day("2026-03-20"))
        let c = Capture()
        let status = try runner(session, c).run(file: Fixture.testsDirectory + "/../Queries/\(name).attend")
        #expect(status == .success, "\(c.err.joined(separator: "\n"))")
        #expect(c.err.isEmpty, "\(c.err.joined(separator: "\n"))")
        #expect(c.out.count > 3)
    }
}

@Suite struct OutputOrderingTests {
    @Test func explainGoesToTheOutputInMachineFormats() throws {
        let session = Session(register: try Fixture.workedRegister(), asOf: Fixture.day("2026-01-23"), format: .csv)
        let c = ScriptRunnerTests.Capture()
        let r = makeRunner(session, output: { c.out.append($0) }, errors: { c.err.append($0) })
        #expect(try r.run(text: "explain pupils where severe over this year", file: nil) == .success)
        #expect(c.out.joined().contains("pupils on roll on 23 Jan 2026 (7)"))
        #expect(c.err.isEmpty)
    }

    @Test func namesSortWithTheirAccentsFolded() {
        #expect(Value.naturalLess("Łukasz", "Mark"))
        #expect(Value.naturalLess("Ó Súilleabháin", "Patel"))
        #expect(Value.naturalLess("Zoë", "Zoey") == Value.naturalLess("Zoe", "Zoey"))
        #expect(Value.naturalLess("9A", "10A"))
        #expect(!Value.naturalLess("10A", "9A"))
    }
}
