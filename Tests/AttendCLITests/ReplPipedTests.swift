import Foundation
import Testing

/// The REPL with stdin not a terminal (`attend < script`, `echo … | attend`): no prompt, no
/// echo, results in order, the end of input ends the run, the first error stops it.
@Suite struct ReplPipedTests {
    func run(_ input: String, in dir: TempDir? = nil) throws -> RunOutput {
        try runProcess(try AttendBinary.require(), arguments: ["stand-in-repl"], input: input,
                       environment: ["ATTEND_HISTORY": dir?.path("history") ?? "/nonexistent/history",
                                     "NO_COLOR": ""],
                       directory: dir?.url)
    }

    @Test func statementsInOrderWithoutPrompts() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let out = try run("hello\n\nrows 2\n.format csv\nrows 2 and\nx\n.codes\nlast line, no newline", in: dir)
        #expect(out.stdout == """
            ok: hello
            ok: rows 2
              n | name
             ---+---------
              1 | pupil 1
              2 | pupil 2
            n,name
            1,pupil 1
            2,pupil 2
            /  present (AM)
            \\  present (PM)
            I  illness (authorised)
            O  unauthorised
            ok: last line, no newline

            """)
        #expect(out.stderr == "")
        #expect(out.status == 0)
        // No history without a terminal.
        #expect(!FileManager.default.fileExists(atPath: dir.path("history")))
    }

    @Test func blankLineCRLFAndEndOfInputFinishAStatement() throws {
        let out = try run("rows 1 and\n\nhello\r\nrows 1 for")
        #expect(out.stdout == """
            ok: rows 1 and
              n | name
             ---+---------
              1 | pupil 1
            ok: hello
            ok: rows 1 for
              n | name
             ---+---------
              1 | pupil 1

            """)
        #expect(out.status == 0)
    }

    @Test func noRowCapWhenNotATerminal() throws {
        let out = try run("rows 100\n")
        #expect(out.stdout.contains("100 | pupil 100"))
        #expect(!out.stdout.contains("more rows"))
    }

    @Test func firstErrorStopsTheRun() throws {
        let out = try run("hello\nerror in here\nnot run\n")
        #expect(out.stdout == "ok: hello\n")
        #expect(out.stderr == """
            error[Q999]: the demo host refuses this statement
              error in here
                    ^^^^^^^
              hint: anything not starting with "error" is echoed

            """)
        #expect(out.status == 1)
    }

    @Test(arguments: [
        (".hepl", "error: unknown command \".hepl\"\n  hint: did you mean .help? .help lists the commands\n"),
        (".form csv", "error: unknown command \".form\"\n  hint: did you mean .format? .help lists the commands\n"),
        (".format xml", "error: \".format\" does not take \"xml\"\n  hint: usage: .format table|csv|tsv|json|markdown|xlsx\n"),
        (".timer", "error: missing argument for .timer\n  hint: usage: .timer on|off\n"),
        (".columns now", "error: too many arguments for .columns\n  hint: usage: .columns\n"),
        (".help nosuch", "error: unknown command \".nosuch\"\n  hint: .help lists the commands\n"),
        (".as-of 31/02/2026", "error: \"31/02/2026\" is not a date\n  hint: write 2026-01-23 or 23/01/2026\n"),
        (".read /nonexistent/x.att", "error: cannot read /nonexistent/x.att: No such file or directory\n"),
    ])
    func dotCommandErrors(line: String, expected: String) throws {
        let out = try run(line + "\nnot run\n")
        #expect(out.stderr == expected)
        #expect(out.stdout == "")
        #expect(out.status == (line.hasPrefix(".read") ? 74 : 1))
    }

    @Test func helpForOneCommandAndTheTable() throws {
        let out = try run(".help .once\n.help\n")
        #expect(out.stdout.hasPrefix("""
            usage: .once FILE [replace]
              Send the next result only to FILE
              A new file, readable by you only; an existing one only with `replace`
            """))
        #expect(out.stdout.contains(".quit                                      Leave attend; so does Ctrl-D on an empty line (also .exit)"))
        #expect(out.status == 0)
    }

    @Test func outputAndOnceRedirectResults() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let out = try run("""
            .output all.txt
            hello
            .columns
            .output
            shown
            .once "one file.txt"
            once
            after
            .exit
            never
            """, in: dir)
        #expect(out.stdout == "ok: shown\nok: after\n")
        #expect(out.stderr == "")
        #expect(dir.read("all.txt") == "ok: hello\nupn\nsurname\nforename\nyear\nform\nsen\nfsm\n")
        #expect(dir.read("one file.txt") == "ok: once\n")
        // Results hold pupil data: readable by the owner only, whatever the umask, and no
        // temporary file left behind.
        for name in ["all.txt", "one file.txt"] {
            let mode = (try FileManager.default.attributesOfItem(atPath: dir.path(name))[.posixPermissions] as? Int) ?? 0
            #expect(mode == 0o600, "\(name): \(String(mode, radix: 8))")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test func readRunsAScriptAndStopsAtItsFirstError() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try dir.write("good.att", "hello from good\n.format csv\nrows 1 and\n  x\n")
        try dir.write("bad.att", "fine\n\nerror on line three\nnever\n")
        try dir.write("self.att", ".read self.att\n")
        var out = try run(".read good.att\nafter good\n", in: dir)
        #expect(out.stdout == "ok: hello from good\nn,name\n1,pupil 1\nok: after good\n")
        #expect(out.status == 0)

        out = try run(".read bad.att\nafter bad\n", in: dir)
        #expect(out.stdout == "ok: fine\n")
        #expect(out.stderr.hasPrefix("bad.att:3: error[Q999]: the demo host refuses this statement\n"))
        #expect(out.status == 1)

        out = try run(".read self.att\n", in: dir)
        #expect(out.stderr == "self.att:1: error: .read nested more than 16 deep\n  hint: does self.att read itself?\n")
        #expect(out.status == 1)
    }

    @Test func timerReportsOnStderr() throws {
        let out = try run(".timer on\nhello\n.timer off\nagain\n")
        #expect(out.stdout == "ok: hello\nok: again\n")
        let lines = out.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("Time: ") == true && lines.first?.hasSuffix(" ms") == true)
    }

    /// Whether `pid` has a handler for SIGINT (Linux: the SigCgt mask in /proc/PID/status).
    static func catchesSIGINT(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return true }   // not Linux: just go ahead
        return mask & (1 << (2 - 1)) != 0   // SIGINT is signal 2
    }

    @Test func ctrlCStopsAPipedStatement() throws {
        let binary = try AttendBinary.require()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["stand-in-repl"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("sleep 30\nnot run\n".utf8))
        try input.fileHandleForWriting.close()
        // Until the handler is installed SIGINT would simply kill it, and a SIGINT that lands
        // before `sleep 30` starts is forgotten: so wait for the handler, then press Ctrl-C every
        // 200 ms until it stops (the demo sleep polls every 10 ms, so one press is enough).
        let deadline = Date().addingTimeInterval(TestTime.deadline(10))
        while !Self.catchesSIGINT(process.processIdentifier), Date() < deadline { usleep(10_000) }
        usleep(100_000)
        let sent = Date()
        while process.isRunning, Date() < deadline {
            process.interrupt()   // SIGINT
            let pressed = Date()
            while process.isRunning, Date().timeIntervalSince(pressed) < 0.2 { usleep(5_000) }
        }
        process.waitUntilExit()
        #expect(Date().timeIntervalSince(sent) < TestTime.bound(1.0))
        #expect(process.terminationStatus == 130)
        #expect(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "Interrupted.\n")
        #expect(output.fileHandleForReading.readDataToEndOfFile().isEmpty)
    }
}
