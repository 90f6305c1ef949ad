import Foundation
import Testing
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `record` and the actions log as a lead uses them (Docs/casework.md): appended from
/// `attend -c`, a script and the prompt, read back by the next run, 0600; a bad log stops
/// the run with every problem at file:line; `--safe` appends nothing; `--actions FILE`.
@Suite struct RecordCommandTests {
    func attend(_ args: [String], input: String = "", in dir: TempDir) throws -> RunOutput {
        try runProcess(try AttendBinary.require(), arguments: args, input: input,
                       environment: ["NO_COLOR": "1", "ATTEND_HISTORY": dir.path("history")], directory: dir.url, timeout: 120)
    }

    func mode(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_mode & 0o777) : -1
    }

    /// A small register folder `reg` in `dir`.
    func register(_ dir: TempDir) throws {
        let r = try attend(["demo", "reg", "--pupils", "40"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func recordAppendsAndTheNextRunReadsIt() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try register(dir)
        let upn = "A880007000021"
        let rec = try attend(["-c", "record meeting for \(upn) on 3 Mar 2026 by \"JS\" note \"with mum, targets agreed\"", "--data", "reg"], in: dir)
        #expect(rec.status == 0, "\(rec.stderr)")
        #expect(rec.stdout.contains("recorded meeting for \(upn) on 3 Mar 2026 in reg/actions.csv"), "\(rec.stdout)")
        #expect(dir.read("reg/actions.csv") == "date,upn,action,by,note\n2026-03-03,\(upn),meeting,JS,\"with mum, targets agreed\"\n")
        #expect(mode(dir.path("reg/actions.csv")) == 0o600)

        // A script records and reads in one run; the prompt too.
        try dir.write("week.attend", "record call for \(upn) on 4 Mar 2026 by \"FLO\"\nactions for pupil \(upn)\n")
        let run = try attend(["run", "week.attend", "--data", "reg", "--as-of", "2026-03-20"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("│ 2026-03-04 │ call    │ FLO │"), "\(run.stdout)")
        #expect(run.stdout.contains("2 actions"))
        let prompt = try attend(["--data", "reg", "--as-of", "2026-03-20"], input: "record home-visit for \(upn) on 5 Mar 2026 by \"FLO\"\nshow last action for pupils where actions >= 1\n", in: dir)
        #expect(prompt.status == 0, "\(prompt.stderr)")
        #expect(prompt.stdout.contains("home-visit 2026-03-05"), "\(prompt.stdout)")
        let lines = (dir.read("reg/actions.csv") ?? "").split(separator: "\n")
        #expect(lines.count == 4)
        let check = try attend(["check", "--data", "reg"], in: dir)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("reg/actions.csv: 3 actions for 1 pupil, 3 Mar 2026 to 5 Mar 2026"), "\(check.stdout)")
    }

    @Test func aBadLogStopsTheRunWithEveryProblemAtFileLine() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try register(dir)
        try dir.write("reg/actions.csv", "date,upn,action,by,note\n2026-03-03,A880007000021,chat,JS,\n31/02/2026,A880007000021,call,JS,\n2026-03-05,A880007000021,call")
        let r = try attend(["query", "pupils where meeting >= 1", "--data", "reg"], in: dir)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("reg/actions.csv:4: error[D703]"), "\(r.stderr)")
        #expect(r.stderr.contains("reg/actions.csv:2:26: error[D701]: the action is not one attend knows (4 characters; not shown)"), "\(r.stderr)")
        #expect(r.stderr.contains("reg/actions.csv:3:1: error[D202]"), "\(r.stderr)")
        #expect(r.stderr.contains("the actions log was not loaded"))
        // `attend check` lists them too, after the register's summary.
        let check = try attend(["check", "--data", "reg"], in: dir)
        #expect(check.status == 65, "\(check.stdout)")
        #expect(check.stdout.contains("reg/actions.csv:2:26: error[D701]"), "\(check.stdout)")
        #expect(check.stdout.contains("3 errors,"), "\(check.stdout)")
        // And a record refuses to append to it (the same cut-short line).
        let rec = try attend(["-c", "record call for A880007000021 on 3 Mar 2026 by \"JS\"", "--data", "reg", "--actions", "reg/actions.csv"], in: dir)
        #expect(rec.status == 65)
    }

    @Test func safeAppendsNothingAndActionsNamesTheLog() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try register(dir)
        try dir.write("r.attend", "record call for A880007000021 on 3 Mar 2026 by \"JS\"\n")
        let safe = try attend(["run", "r.attend", "--data", "reg", "--safe"], in: dir)
        #expect(safe.status == 74, "\(safe.stderr)")
        #expect(safe.stderr.contains("error[F070]"), "\(safe.stderr)")
        #expect(dir.read("reg/actions.csv") == nil)
        let named = try attend(["run", "r.attend", "--data", "reg", "--actions", "log.csv"], in: dir)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(dir.read("log.csv")?.hasSuffix("2026-03-03,A880007000021,call,JS,\n") == true)
        #expect(dir.read("reg/actions.csv") == nil)
        // The log is a register file: no `into` may write over it.
        let into = try attend(["query", "pupils into \"log.csv\" replace", "--data", "reg", "--actions", "log.csv"], in: dir)
        #expect(into.status != 0)
        #expect(dir.read("log.csv")?.hasPrefix("date,upn,action,by,note\n") == true)
    }

    @Test func theDemoCarriesCaseworkReadOnly() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let r = try attend(["query", "actions for pupil A880007000021", "--demo", "--as-of", "2026-03-20"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("next step: penalty notice (second in 3 years: higher rate; last 26 Jan 2026)"), "\(r.stdout)")
        let rec = try attend(["-c", "record call for A880007000021 on 3 Mar 2026 by \"JS\"", "--demo"], in: dir)
        #expect(rec.status == 1)
        #expect(rec.stderr.contains("error[Q171]"))
    }
}
