import Foundation
import Testing

/// The real prompt on the demo register, driven in tmux as an attendance lead would: a
/// query, Tab completion from the grammar and the register, a statement over two lines,
/// Ctrl-C during a long query, an error that does not end the session, and `.quit`; then
/// the history file.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed: the REPL terminal tests are skipped"))
struct AttendReplTests {
    static let prompt = "attend demo 2026-03-20>"

    func start(in dir: TempDir, delayMs: Int? = nil) throws -> TmuxSession {
        let binary = try AttendBinary.require()
        let env = ["ATTEND_HISTORY=" + shellQuote(dir.path("history")), "INPUTRC=/dev/null",
                   "HOME=" + shellQuote(dir.url.path), "TERM=screen", "NO_COLOR=1"]
        let delay = delayMs.map { " --test-evaluation-delay-ms \($0)" } ?? ""
        let command = "cd \(shellQuote(dir.url.path)) && env \(env.joined(separator: " ")) \(shellQuote(binary)) --demo --as-of 2026-03-20" + delay
        let session = try TmuxSession(command: command)
        try session.waitFor("the first prompt", timeout: 30) { $0.lastLine == Self.prompt }
        return session
    }

    func enter(_ s: TmuxSession, _ line: String, expect: String, timeout: TimeInterval = 10) throws -> String {
        let before = try s.screen()
        try s.type(line)
        try s.press("Enter")
        return try s.waitForNew(expect, after: before, timeout: timeout)
    }

    @Test func aLeadAtThePrompt() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let s = try start(in: dir)
        defer { s.kill() }

        // The banner says what was loaded and how to get help.
        let banner = try s.screen()
        #expect(banner.contains("attend: register demo, 1,200 pupils"))
        #expect(banner.contains("Enter .help for the commands"))

        // A query.
        var screen = try enter(s, "pupils where severe over this year", expect: "6 pupils")
        #expect(screen.contains("absence this year"))

        // Tab completes a measure from the grammar and a column from the register.
        try s.type("pupils where persis")
        try s.press("Tab")
        try s.waitFor("persis → persistent") { $0.lastLine == Self.prompt + " pupils where persistent" }
        try s.type("over this year and contact_em")
        try s.press("Tab")
        try s.waitFor("a pupils.csv column completed") { $0.lastLine.hasSuffix("and contact_email") }
        try s.press("C-u")
        try s.waitFor("the line cleared") { $0.lastLine == Self.prompt }

        // A statement over two lines: the continuation prompt, then one result.
        try s.type("count pupils where persistent over this year and")
        try s.press("Enter")
        try s.waitFor("the continuation prompt") { $0.lastLine == "...>" }
        screen = try enter(s, "fsm", expect: "of 1,162 pupils on roll")
        #expect(screen.contains("...> fsm"))

        // An error shows its caret and the session goes on.
        screen = try enter(s, "pupils where rat < 90%", expect: "did you mean `rate`?")
        #expect(screen.contains("error[Q012]"))
        try s.waitFor("the prompt after the error") { $0.lastLine == Self.prompt }

        // A letter run shows the first letter and writes nothing until .write.
        let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Queries/letters/red.html.mustache").path
        screen = try enter(s, "pupils where severe over this year letters using \"\(template)\" into \"letters\"", expect: "nothing written yet")
        #expect(screen.contains("Dear "))
        #expect(!FileManager.default.fileExists(atPath: dir.path("letters")))
        screen = try enter(s, ".write", expect: "wrote 6 letters")
        #expect(FileManager.default.fileExists(atPath: dir.path("letters/index.csv")))

        // .quit ends the session.
        try s.type(".quit")
        try s.press("Enter")
        try s.waitFor("the program to exit") { $0.contains("EXITED rc=0") }

        // History: one entry per statement, the two-line one stored whole (newline as \u{01}).
        let history = try #require(dir.read("history"))
        #expect(history.contains("pupils where severe over this year\n"))
        #expect(history.contains("count pupils where persistent over this year and\u{01}fsm\n"))
        let mode = try FileManager.default.attributesOfItem(atPath: dir.path("history"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    /// The docs' two-line example pasted at the prompt (both lines arrive at once, as from a
    /// terminal without bracketed paste): the parser sees that the second line carries the
    /// first on, and one statement runs.
    @Test func aPastedTwoLineStatementRunsAsOne() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let s = try start(in: dir)
        defer { s.kill() }
        let before = try s.screen()
        try s.type("explain pupils where rate < 90% over term 1\rand possible > 0 over half-term 3\r")
        let screen = try s.waitForNew("→ more than 0 possible sessions over Spring 1", after: before)
        try s.waitFor("the prompt again") { $0.lastLine == Self.prompt }
        #expect(!screen.contains("error["), "\(screen)")
        // Recalled from history as one entry.
        try s.press("Up")
        try s.waitFor("the whole statement recalled") { $0.contains("...> and possible > 0 over half-term 3") || $0.hasSuffix("and possible > 0 over half-term 3") }
    }

    /// no-color.org: NO_COLOR set to the empty string does not turn colour off; set to
    /// anything else, it does. The same rule for `attend query` and the prompt.
    @Test func noColorMeansSetAndNotEmpty() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let binary = try AttendBinary.require()
        for (value, coloured) in [("", true), ("1", false)] {
            let command = "cd \(shellQuote(dir.url.path)) && env TERM=screen NO_COLOR=\(shellQuote(value)) \(shellQuote(binary)) query 'pupils where rat < 90%' --demo"
            let s = try TmuxSession(command: command)
            defer { s.kill() }
            let screen = try s.waitFor("the query's error", escapes: true) { $0.contains("EXITED rc=1") }
            #expect(screen.contains("\u{1B}[") == coloured, "NO_COLOR=\"\(value)\": \(screen)")
        }
    }

    @Test func ctrlCCancelsALongQuery() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        // Every statement takes 20 s (a test hook), so it is still running when Ctrl-C comes.
        let s = try start(in: dir, delayMs: 20_000)
        defer { s.kill() }
        try s.type("summary by year over this year")
        try s.press("Enter")
        usleep(UInt32(500_000 * TestTime.load))   // let the statement start
        let started = Date()
        try s.press("C-c")
        try s.waitFor("Interrupted.", timeout: 5) { $0.contains("Interrupted.") && $0.lastLine == Self.prompt }
        #expect(Date().timeIntervalSince(started) < TestTime.bound(3))
        // The session is still there.
        try s.type(".quit")
        try s.press("Enter")
        try s.waitFor("the program to exit") { $0.contains("EXITED rc=0") }
    }
}

/// The command line as scripts and people use it: output, diagnostics and exit statuses.
struct CommandLineTests {
    func attend(_ args: [String], input: String = "", directory: URL? = nil) throws -> RunOutput {
        try runProcess(try AttendBinary.require(), arguments: args, input: input, environment: ["NO_COLOR": "1"], directory: directory)
    }

    @Test func checkSummarisesTheDemoRegister() throws {
        let r = try attend(["check", "--demo"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("pupils       1,200"))
        #expect(r.stdout.contains("calendar (from calendar.csv)"))
        #expect(r.stdout.contains("half-term 3  Spring 1   2026-01-05 .. 2026-02-13"))
        #expect(r.stdout.contains("0 errors, 1 warning"))
    }

    @Test func checkNamesAllThreeBadLinesAndFails() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try dir.write("pupils.csv", "upn,forename,surname,year\nA123456789012,Ann,Smith,9\n")
        try dir.write("marks.csv", "upn,date,session,mark\nA123456789012,2025-09-03,AM,QQ\nA123456789012,2025-09-31,PM,/\nZ999999999999,2025-09-04,AM,/\nA123456789012,2025-09-04,AM,/\n")
        let r = try attend(["check", "--data", dir.url.path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("marks.csv:2:29: error[D201]: unknown mark code \"QQ\""))
        #expect(r.stderr.contains("marks.csv:3:15: error[D202]: \"2025-09-31\" is not a valid date"))
        #expect(r.stderr.contains("marks.csv:4:1: error[D204]: mark for UPN Z999999999999, who is not in pupils.csv"))
        #expect(r.stderr.contains("3 errors: the register was not loaded"))
        // --skip-bad-rows loads the rest and still lists what was skipped.
        let skipped = try attend(["query", "count all pupils", "--data", dir.url.path, "--skip-bad-rows"])
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("D201") && skipped.stderr.contains("3 bad rows were skipped"))
    }

    @Test func exitStatusesTellUsageQueryDataAndIOApart() throws {
        #expect(try attend(["query", "pupils where severe over this year", "--demo", "--as-of", "2026-03-20"]).status == 0)
        let q = try attend(["query", "pupils where rat < 90%", "--demo"])
        #expect(q.status == 1)
        #expect(q.stderr.contains("error[Q012]: unknown measure `rat`") && q.stderr.contains("^^^"))
        #expect(try attend(["query", "pupils", "--demo", "--format", "xml"]).status == 64)
        #expect(try attend(["query", "pupils", "--as-of", "2026-02-30", "--demo"]).status == 64)
        #expect(try attend(["query", "pupils", "--data", "/nonexistent/register"]).status == 74)
        #expect(try attend(["run", "/nonexistent/script.attend", "--demo"]).status == 74)
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try dir.write("pupils.csv", "upn,forename,surname,year\nA123456789012,Ann,Smith,9\n")
        try dir.write("marks.csv", "upn,date,session,mark\nA123456789012,2025-09-03,AM,QQ\n")
        #expect(try attend(["query", "pupils", "--data", dir.url.path]).status == 65)
    }

    @Test func demoWritesTheRegisterInAnExportStyle() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let folder = dir.url.appendingPathComponent("sims").path
        let r = try attend(["demo", folder, "--pupils", "60", "--style", "crlf-bom,uk-dates"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("style crlf-bom,uk-dates"))
        let marks = try Data(contentsOf: URL(fileURLWithPath: folder + "/marks.csv"))
        #expect(Array(marks.prefix(5)) == [0xEF, 0xBB, 0xBF, 0x75, 0x70])   // BOM, "up"
        #expect(String(decoding: marks.prefix(200), as: UTF8.self).contains("/09/2025,AM,"))
        #expect(String(decoding: marks.prefix(200), as: UTF8.self).contains("\r\n"))
        // Pupil data: the files are the owner's only.
        let mode = (try FileManager.default.attributesOfItem(atPath: folder + "/marks.csv")[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o600)
        #expect(try attend(["check", "--data", folder]).status == 0)
        let bad = try attend(["demo", folder, "--style", "sims"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("error[U042]: --style: \"sims\" is not a style"))
    }

    @Test func csvPupilListsStartWithUPNAndCarryRawValues() throws {
        let r = try attend(["query", "pupils where severe over this year sorted by absence desc limit 2", "--demo", "--as-of", "2026-03-20", "--format", "csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "upn,name,year,form,absence this year")
        #expect(lines.count == 3)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("A88000700") })
        #expect(r.stderr.contains("as of 20 Mar 2026"))
    }

    @Test func everyAcceptanceExampleRunsThroughQuery() throws {
        for example in AcceptanceExamples.all {
            let r = try attend(["query", example, "--demo", "--as-of", "2026-03-20"])
            #expect(r.status == 0, "\(example)\n\(r.stderr)")
            #expect(!r.stdout.isEmpty, "\(example)")
        }
        // The cohort pair needs one session: a script through -c.
        let pair = try attend(["-c", "let concern = pupils where rate < 90% over this term\nconcern where pp", "--demo", "--as-of", "2026-03-20"])
        #expect(pair.status == 0, "\(pair.stderr)")
        #expect(pair.stdout.contains("concern:") && pair.stdout.contains("pupils"))
    }

    @Test func pipedStatementsRunLikeAScript() throws {
        let r = try attend(["--demo", "--as-of", "2026-03-20"], input: "count pupils where persistent\n  over this year by year\npupils where rat < 90%\ncount pupils\n")
        #expect(r.status == 1)
        #expect(r.stdout.contains("total: 166 of 1,162"))
        #expect(r.stderr.contains("error[Q012]"))
        #expect(!r.stdout.contains("of 1,162 pupils on roll"))   // stopped at the error
        #expect(!r.stdout.contains("attend demo"))   // no prompt when not a terminal
    }

    @Test func monthlyReviewRunsFromAnotherFolder() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Queries/monthly-review.attend").path
        let r = try attend(["run", script, "--demo", "--as-of", "2026-03-20"], directory: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("# Monthly attendance review"))
        #expect(r.stdout.contains("## Severe absence"))
    }
}

/// The brief's acceptance examples, from Tests/Fixtures/acceptance-examples.txt, without the
/// cohort pair (`let` then its use), which needs one session.
enum AcceptanceExamples {
    static let all: [String] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/acceptance-examples.txt")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.components(separatedBy: "\n\n").filter { !$0.hasPrefix("#") }
            .map { $0.trimmingCharacters(in: .newlines) }
            .filter { !$0.hasPrefix("let ") && !$0.hasPrefix("concern ") }
    }()
}
