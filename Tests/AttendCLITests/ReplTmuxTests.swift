import Foundation
import Testing

/// The REPL as a person drives it: `attend` with the demo host in a real terminal (tmux),
/// keys sent with send-keys, the screen read with capture-pane.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed: the REPL terminal tests are skipped"))
struct ReplTmuxTests {
    static let prompt = "attend demo 2026-01-23> "

    /// Starts attend in `dir` with the demo host and a history file there.
    func start(in dir: TempDir, noColor: Bool = false) throws -> TmuxSession {
        let binary = try AttendBinary.require()
        var env = ["ATTEND_HISTORY=" + shellQuote(dir.path("history")),
                   "INPUTRC=/dev/null", "HOME=" + shellQuote(dir.url.path), "TERM=screen"]
        if noColor { env.append("NO_COLOR=1") }
        let command = "cd \(shellQuote(dir.url.path)) && env -u NO_COLOR \(env.joined(separator: " ")) \(shellQuote(binary)) stand-in-repl"
        let session = try TmuxSession(command: command)
        try session.waitFor("the first prompt") { $0.lastLine == Self.prompt.trimmingCharacters(in: .whitespaces) }
        return session
    }

    /// Types a line and presses Enter, then waits for `expect` to appear once more.
    @discardableResult
    func enter(_ session: TmuxSession, _ line: String, expect: String, timeout: TimeInterval = 5,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = try session.screen()
        try session.type(line)
        try session.press("Enter")
        return try session.waitForNew(expect, after: before, timeout: timeout, sourceLocation: sourceLocation)
    }

    @discardableResult
    func waitForPrompt(_ session: TmuxSession, _ what: String, prompt: String = ReplTmuxTests.prompt,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try session.waitFor(what, sourceLocation: sourceLocation) { $0.lastLine == prompt.trimmingCharacters(in: .whitespaces) }
    }

    @Test func sessionEditingHistoryAndInterrupts() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try FileManager.default.createDirectory(atPath: dir.path("data"), withIntermediateDirectories: true)
        try dir.write("data/term1.att", "hello\n")
        let session = try start(in: dir)
        defer { session.kill() }

        // The banner, then a statement.
        #expect(try session.screen().contains("attend demo host"))
        try enter(session, "hello", expect: "ok: hello")

        // Tab completes a dot-command.
        try session.type(".he")
        try session.press("Tab")
        try session.waitFor("\".he\" completed to \".help\"") { $0.lastLine == Self.prompt + ".help" }
        try session.press("Enter")
        try session.waitFor(".help's listing") { $0.contains(".once FILE") && $0.lastLine == Self.prompt.trimmingCharacters(in: .whitespaces) }

        // Tab completes a keyword, and a file name inside quotes.
        try session.type("pup")
        try session.press("Tab")
        try session.waitFor("\"pup\" completed to \"pupils\"") { $0.lastLine == Self.prompt + "pupils" }
        try session.type("load \"da")
        try session.press("Tab")
        try session.waitFor("a directory completed inside quotes") { $0.lastLine.hasSuffix("pupils load \"data/") }
        try session.type("te")
        try session.press("Tab")
        try session.waitFor("a file completed and its quote closed") { $0.lastLine.hasSuffix("pupils load \"data/term1.att\"") }
        try session.press("C-u")
        try session.waitFor("the line cleared with Ctrl-U") { $0.lastLine == Self.prompt.trimmingCharacters(in: .whitespaces) }

        // A multi-line statement: the continuation prompt, then one result.
        let beforeMulti = try session.screen()
        try session.type("rows 3 and")
        try session.press("Enter")
        try session.waitFor("the continuation prompt") { $0.lastLine == "...>" }
        try session.type("x")
        try session.press("Enter")
        var screen = try session.waitForNew("ok: rows 3 and x", after: beforeMulti)
        screen = try waitForPrompt(session, "the prompt after the multi-line result")
        #expect(screen.contains("...> x\nok: rows 3 and x"))
        #expect(screen.contains("  3 | pupil 3"))

        // Ctrl-C at the prompt discards the typed line.
        try session.type("half typed")
        try session.waitFor("the half-typed line") { $0.lastLine.hasSuffix("half typed") }
        try session.press("C-c")
        try session.waitFor("a fresh prompt after Ctrl-C") {
            $0.contains(Self.prompt + "half typed^C\n") && $0.lastLine == Self.prompt.trimmingCharacters(in: .whitespaces)
        }
        try enter(session, "after", expect: "ok: after")
        #expect(!(try session.screen()).contains("half typedafter"))

        // Ctrl-C during a long evaluation: back to the prompt at once, saying so.
        for statement in ["sleep 30", "spin"] {
            let before = try session.screen()
            try session.type(statement)
            try session.press("Enter")
            try session.waitFor("\(statement) to start") { $0.lastLine.hasSuffix(statement) }
            usleep(UInt32(300_000 * TestTime.load))   // let the evaluation get going
            let pressed = Date()
            try session.press("C-c")
            try session.waitForNew("Interrupted.", after: before, timeout: 3)
            try waitForPrompt(session, "the prompt after interrupting \(statement)")
            #expect(Date().timeIntervalSince(pressed) < TestTime.bound(1.0), "\(statement) took too long to stop")
        }

        // A long result is cut at 40 rows on the screen, with a footer.
        screen = try enter(session, "rows 50", expect: "10 more rows: use .output FILE or a limit")
        #expect(screen.contains(" 40 | pupil 40") && !screen.contains(" 41 | pupil 41"))

        // An error (in colour on a terminal) doesn't end the session.
        try enter(session, "error bad thing", expect: "error[Q999]")
        #expect(try session.screen(escapes: true).contains("\u{1B}[31merror[Q999]"))
        try enter(session, "still here", expect: "ok: still here")

        // .as-of changes the prompt.
        try session.type(".as-of 2026-02-02")
        try session.press("Enter")
        try waitForPrompt(session, "the prompt with the new date", prompt: "attend demo 2026-02-02> ")

        try session.type(".quit")
        try session.press("Enter")
        try session.waitFor("the process to exit") { $0.contains("EXITED rc=0") }

        // History: one entry per statement, the multi-line one with its newline encoded as 0x01,
        // the interrupted line left out; a private file.
        let history = try #require(dir.read("history"))
        #expect(history.split(separator: "\n").map(String.init) == [
            "hello", ".help", "rows 3 and\u{01}x", "after", "sleep 30", "spin", "rows 50",
            "error bad thing", "still here", ".as-of 2026-02-02", ".quit",
        ])
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.path("history"))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func historyRecallNoColorAndExits() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try dir.write("history", "hello\nrows 2 and\u{01}y\n.format csv\n")
        let session = try start(in: dir, noColor: true)
        defer { session.kill() }

        // Up twice recalls the multi-line entry whole; Enter runs it as one statement.
        try session.press("Up")
        try session.waitFor("the last entry recalled") { $0.lastLine == Self.prompt + ".format csv" }
        try session.press("Up")
        try session.waitFor("the multi-line entry recalled") { $0.hasSuffix(Self.prompt + "rows 2 and\ny") }
        let before = try session.screen()
        try session.press("Enter")
        try session.waitForNew("ok: rows 2 and y", after: before)

        // Consecutive duplicates are stored once.
        try enter(session, "same", expect: "ok: same")
        try enter(session, "same", expect: "ok: same")

        // NO_COLOR: no escape codes in errors.
        try enter(session, "error plain", expect: "error[Q999]")
        #expect(!(try session.screen(escapes: true)).contains("\u{1B}[31m"))

        // An evaluation that never polls: the third Ctrl-C ends the process.
        try session.type("hang 30")
        try session.press("Enter")
        try session.waitFor("hang to start") { $0.lastLine.hasSuffix("hang 30") }
        usleep(UInt32(300_000 * TestTime.load))
        for _ in 0..<3 {
            try session.press("C-c")
            usleep(100_000)
        }
        let screen = try session.waitFor("the process to exit", timeout: 3) { $0.contains("EXITED rc=130") }
        #expect(screen.contains("interrupted three times"))

        let history = try #require(dir.read("history"))
        #expect(history.split(separator: "\n").map(String.init) == [
            "hello", "rows 2 and\u{01}y", ".format csv", "rows 2 and\u{01}y", "same", "error plain", "hang 30",
        ])
    }

    /// Ctrl-C while a long result is being printed stops the printing within a second (the
    /// result goes out in pieces, each after a look at the flag) and the prompt comes back.
    @Test func ctrlCStopsALongResultBeingPrinted() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let session = try start(in: dir, noColor: true)
        defer { session.kill() }
        try enter(session, ".format csv", expect: Self.prompt.trimmingCharacters(in: .whitespaces))
        try session.type("rows 3000000")   // about 50 MB of CSV
        try session.press("Enter")
        try session.waitFor("rows being printed", timeout: 20) { $0.contains(",pupil ") }
        let pressed = Date()
        try session.press("C-c")
        let screen = try session.waitFor("Interrupted. and the prompt") {
            $0.contains("Interrupted.") && $0.lastLine == Self.prompt.trimmingCharacters(in: .whitespaces)
        }
        #expect(Date().timeIntervalSince(pressed) < TestTime.bound(1.0), "\(screen)")
        #expect(!screen.contains("3000000,pupil 3000000"))
        // The session goes on.
        try enter(session, "still here", expect: "ok: still here")
    }

    /// Ctrl-C during a `.write` that goes on to finish: what was written is said, and
    /// "Interrupted." is not (it would claim the letters were not written).
    @Test func aWriteThatFinishesIsNotReportedAsInterrupted() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let session = try start(in: dir, noColor: true)
        defer { session.kill() }
        try session.type(".write")
        try session.press("Enter")
        try session.waitFor(".write to start") { $0.lastLine.hasSuffix(".write") }
        usleep(UInt32(300_000 * TestTime.load))
        try session.press("C-c")
        let screen = try session.waitFor("the write's report and the prompt") {
            $0.contains("wrote 3 letters to letters/") && $0.lastLine == Self.prompt.trimmingCharacters(in: .whitespaces)
        }
        #expect(!screen.contains("Interrupted."), "\(screen)")
    }

    @Test func ctrlDOnAnEmptyLineQuits() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let session = try start(in: dir)
        defer { session.kill() }
        try session.type("abc")
        try session.press("C-d")   // not empty: deletes nothing at the end of the line, stays
        usleep(200_000)
        #expect(try session.screen().lastLine == Self.prompt + "abc")
        try session.press("C-u")
        try session.press("C-d")
        try session.waitFor("the process to exit") { $0.contains("EXITED rc=0") }
    }
}
