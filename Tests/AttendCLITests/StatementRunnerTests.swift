import Foundation
import Testing

/// One statement runner behind every way in: each behaviour is checked through piped input
/// to the prompt and through `attend run` (and, where it matters, `-c`), which must agree.
@Suite struct StatementRunnerTests {
    func attend(_ args: [String], input: String = "", in dir: TempDir) throws -> RunOutput {
        try runProcess(try AttendBinary.require(), arguments: args, input: input,
                       environment: ["NO_COLOR": "1", "ATTEND_HISTORY": ""], directory: dir.url)
    }

    static let register = ["--demo", "--as-of", "2026-03-20"]

    /// The same script through `attend run FILE` and piped into the prompt.
    func bothWays(_ script: String, in dir: TempDir) throws -> (run: RunOutput, piped: RunOutput) {
        try dir.write("script.attend", script)
        let run = try attend(["run", "script.attend"] + Self.register, in: dir)
        let piped = try attend(Self.register, input: script, in: dir)
        return (run, piped)
    }

    /// Lines other than the register's loading note.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("register demo:") }
    }

    @Test func theDocsTwoLineExplainIsOneStatement() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let (run, piped) = try bothWays("explain pupils where rate < 90% over term 1\nand possible > 0 over half-term 3\n", in: dir)
        for r in [run, piped] {
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("→ more than 0 possible sessions over Spring 1"))
        }
        #expect(run.stdout == piped.stdout)
    }

    @Test func intoSaysOneRowAndPlacesAFailureUnderItsCaret() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let script = "pupils where severe over this year limit 1 into \"one.csv\" replace\npupils where severe over this year into \"nodir/x.csv\"\n"
        let (run, piped) = try bothWays(script, in: dir)
        for r in [run, piped] {
            #expect(r.status == 74)
            #expect(r.stdout.isEmpty, "\(r.stdout)")
            let err = Self.lines(r.stderr)
            #expect(err.first == "wrote 1 row to one.csv")
            #expect(r.stderr.contains("error[F003]: cannot write nodir/x.csv"))
            #expect(r.stderr.contains("\n  pupils where severe over this year into \"nodir/x.csv\"\n                                          ^^^^^^^^^^^^^\n"))
        }
        // The script names its file and line; the prompt has neither.
        #expect(run.stderr.contains("script.attend:2:41: error[F003]"))
        #expect(piped.stderr.contains("\nerror[F003]"))
    }

    @Test func theAsOfLineOnceAndTheFirstErrorStops() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        // A statement that parses but fails when run (no such form), so a script runs the
        // statements before it.
        let script = "count pupils\ncount pupils where fsm\npupils where form = \"ZZ\"\ncount pupils where pp\n"
        let (run, piped) = try bothWays(script, in: dir)
        for r in [run, piped] {
            #expect(r.status == 1)
            #expect(r.stdout.components(separatedBy: "as of 20 Mar 2026 (2026-03-20)").count == 2)
            #expect(r.stderr.contains("error[Q123]: no pupil is in form `ZZ`"))
            #expect(!r.stdout.contains("pp"))
        }
        #expect(run.stdout == piped.stdout)
        // --keep-going runs the rest and still fails.
        let going = try attend(["run", "script.attend", "--keep-going"] + Self.register, in: dir)
        #expect(going.status == 1)
        #expect(going.stdout.components(separatedBy: "┌────────┐").count == 4)
    }

    @Test func readTakesTemplatesFromTheScriptsFolder() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try FileManager.default.createDirectory(atPath: dir.path("sub"), withIntermediateDirectories: true)
        try dir.write("sub/note.txt.mustache", "Letter for {{upn}}\n")
        try dir.write("sub/letters.attend", "pupils where severe over this year\n  letters using \"note.txt.mustache\" into \"out\" preview\n")
        let piped = try attend(Self.register, input: ".read sub/letters.attend\n", in: dir)
        let run = try attend(["run", "sub/letters.attend"] + Self.register, in: dir)
        for r in [run, piped] {
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("Letter for A88"), "\(r.stdout)")
            #expect(r.stderr.contains("preview of the first of 6 letters"))
        }
    }

    @Test func parametersMustBeDeclaredGivenOnceAndReachQuotedText() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try dir.write("year.attend", "param year = 9\ncount pupils where year = $year into \"year-$year.csv\"\n")
        let misspelt = try attend(["run", "year.attend", "--param", "yeer=8"] + Self.register, in: dir)
        #expect(misspelt.status == 64)
        #expect(misspelt.stderr.contains("error[U011]: --param yeer: no script declares this parameter"))
        #expect(misspelt.stderr.contains("hint: did you mean `year`?"))
        let twice = try attend(["run", "year.attend", "--param", "year=8", "--param", "year=7"] + Self.register, in: dir)
        #expect(twice.status == 64)
        #expect(twice.stderr.contains("error[U012]: --param year is given twice"))
        #expect(dir.read("year-8.csv") == nil && dir.read("year-7.csv") == nil)
        let given = try attend(["run", "year.attend", "--param", "year=8"] + Self.register, in: dir)
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stderr.contains("wrote 1 row to year-8.csv"))
        #expect(dir.read("year-8.csv")?.hasPrefix("pupils\n") == true)
        // A file name a parameter makes is checked like any other (--safe: no going up).
        try dir.write("named.attend", "param name = \"out\"\ncount pupils into \"$name.csv\"\n")
        let safe = try attend(["run", "named.attend", "--safe", "--param", "name=\"../up\""] + Self.register, in: dir)
        #expect(safe.status == 1)
        #expect(safe.stderr.contains("error[S010]: --safe: will not write ../up.csv: it goes up a folder with `..`"), "\(safe.stderr)")
        #expect(try attend(["run", "named.attend", "--safe"] + Self.register, in: dir).status == 0)
        #expect(dir.read("out.csv") != nil)
    }
}
