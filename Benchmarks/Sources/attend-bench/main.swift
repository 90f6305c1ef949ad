import AttendCore
import Foundation

// attend-bench: times attend on a generated register (load, save, reopen, the questions of
// Docs/performance.md) and, with --vs-duckdb, the same questions in DuckDB. Run it through
// Benchmarks/run.sh, which builds it in release mode and generates the registers.

let usage = """
usage:
  attend-bench gen DIR [--pupils N] [--years K]      write a demo register (K academic years to 2025/26)
  attend-bench run DIR [options]                      time everything and print the table
      --runs N            runs of each load, save and reopen (default 5; the median is shown)
      --query-runs N      runs of each query (default 51)
      --attend PATH       the attend binary, for whole-process reopen timings
      --vs-duckdb         ask DuckDB the same questions (python3 with duckdb installed)
      --duckdb-runs N     runs of each DuckDB query (default 5)
      --duckdb-load-runs N  runs of each DuckDB load (default 3)
      --python PATH       the Python with duckdb (default python3)
      --json FILE         also write every figure as JSON
      --quick             load, save, reopen and queries only (no memory, no REPL figure)
  attend-bench styles ROOT [options]                  the style matrix: each export style of one register, attend and DuckDB
      --pupils N          pupils (default 100000); registers written to ROOT/pN-STYLE when missing
      --styles a,b,…      styles of `attend demo --style` (default: each named style)
      --runs N            in-process loads (default 5; the median is shown)
      --process-runs N    whole-process runs of attend (default 3)
      --duckdb-runs N     whole-process runs of DuckDB (default 1)
      --attend PATH       the attend binary, for whole-process timings
      --python PATH       the Python with duckdb (default python3); --no-duckdb: attend only
      --json FILE         also write every figure as JSON
  attend-bench memory DIR                             (internal) one load; memory figures as JSON
"""

struct Arguments {
    var words: [String]
    init() { words = Array(CommandLine.arguments.dropFirst()) }
    mutating func option(_ name: String) -> String? {
        guard let i = words.firstIndex(of: name), i + 1 < words.count else { return nil }
        let v = words[i + 1]
        words.removeSubrange(i...(i + 1))
        return v
    }
    mutating func flag(_ name: String) -> Bool {
        guard let i = words.firstIndex(of: name) else { return false }
        words.remove(at: i)
        return true
    }
}

func fail(_ s: String) -> Never {
    FileHandle.standardError.write((s + "\n").data(using: .utf8)!)
    exit(2)
}

var a = Arguments()
guard !a.words.isEmpty else { print(usage); exit(0) }
let command = a.words.removeFirst()
do {
    switch command {
    case "gen":
        let pupils = Int(a.option("--pupils") ?? "100000") ?? 100_000
        let years = Int(a.option("--years") ?? "1") ?? 1
        guard let dir = a.words.first else { fail(usage) }
        let t0 = ContinuousClock.now
        try Generate.register(at: dir, pupils: pupils, years: years, firstYear: 2026 - years)
        print("wrote \(dir): \(pupils) pupils, \(years) year\(years == 1 ? "" : "s") in \(Timing.format(Timing.seconds(ContinuousClock.now - t0)))")
    case "styles":
        var options = StyleMatrix.Options()
        options.pupils = Int(a.option("--pupils") ?? "100000") ?? 100_000
        if let s = a.option("--styles") { options.styles = s.split(separator: ",").map(String.init) }
        options.runs = Int(a.option("--runs") ?? "5") ?? 5
        options.processRuns = Int(a.option("--process-runs") ?? "3") ?? 3
        options.duckdbRuns = Int(a.option("--duckdb-runs") ?? "1") ?? 1
        options.attend = a.option("--attend")
        options.python = a.option("--python") ?? "python3"
        if a.flag("--no-duckdb") { options.python = nil }
        options.json = a.option("--json")
        guard let root = a.words.first else { fail(usage) }
        try StyleMatrix(root: root, options: options).run()
    case "memory":
        let pupilsOnly = a.flag("--pupils-only")
        guard let dir = a.words.first else { fail(usage) }
        print(pupilsOnly ? try MemoryProbe.pupilsOnly(dir) : try MemoryProbe.run(dir))
    case "run":
        var options = Bench.Options()
        options.runs = Int(a.option("--runs") ?? "5") ?? 5
        options.queryRuns = Int(a.option("--query-runs") ?? "51") ?? 51
        options.attend = a.option("--attend")
        options.duckdb = a.flag("--vs-duckdb")
        options.duckdbRuns = Int(a.option("--duckdb-runs") ?? "5") ?? 5
        options.duckdbLoadRuns = Int(a.option("--duckdb-load-runs") ?? "3") ?? 3
        options.python = a.option("--python") ?? "python3"
        options.json = a.option("--json")
        options.quick = a.flag("--quick")
        guard let dir = a.words.first else { fail(usage) }
        try Bench(dir: dir, options: options).run()
    case "load":
        // Development helper: load timings with the steps of each load.
        let runs = Int(a.option("--runs") ?? "3") ?? 3
        guard let dir = a.words.first else { fail(usage) }
        for _ in 0..<runs {
            let t0 = ContinuousClock.now
            let r = try RegisterLoader.load(try RegisterSource.folder(dir))
            print("load \(Timing.format(Timing.seconds(ContinuousClock.now - t0))): \(r.pupilCount) pupils, \(r.loadStatistics.marks) marks, \(r.loadStatistics.partsRead) parts")
            print("   ", r.loadStatistics.phases.map { "\($0.step): \(Timing.format(Timing.seconds($0.time)))" }.joined(separator: "; "))
        }
    case "split":
        // Development helper: the persistent query's steps.
        guard let dir = a.words.first else { fail(usage) }
        let r = SavedStore.isFile(dir) ? try SavedStore.open(dir) : try RegisterLoader.load(try RegisterSource.folder(dir))
        let session = Session(register: r, asOf: r.calendar.lastSchoolDay)
        guard case .complete(let st) = Parser.parse("all pupils where persistent over this year") else { fail("parse") }
        let bound = try Binder.bind(st[0], in: session.bindingContext)
        guard case .pupils(let list, _, _, _, _) = bound else { fail("bind") }
        let e = session.evaluator
        let t1 = try Timing.results(runs: 51, warmup: 2) { try e.pupils(list) }.times
        let t2 = try Timing.results(runs: 51, warmup: 2) { try e.run(bound) }.times
        let t3 = try Timing.results(runs: 51, warmup: 2) { try Binder.bind(st[0], in: session.bindingContext) }.times
        let t4 = Timing.results(runs: 51, warmup: 2) { Parser.parse("all pupils where persistent over this year") }.times
        print("pupils(list)", Timing.format(Timing.median(t1)), "run", Timing.format(Timing.median(t2)), "bind", Timing.format(Timing.median(t3)), "parse", Timing.format(Timing.median(t4)))
    case "unmap":
        // Development helper: what mapping, reading and unmapping marks.csv cost.
        guard let path = a.words.first else { fail(usage) }
        for _ in 0..<3 {
            let t0 = ContinuousClock.now
            var f: FileBytes? = try FileBytes(path: path)
            let t1 = ContinuousClock.now
            let n = f!.withBytes { b in b.reduce(0) { $0 &+ Int($1) } }
            let t2 = ContinuousClock.now
            f = nil
            let t3 = ContinuousClock.now
            print("map", t1 - t0, "read", t2 - t1, "unmap", t3 - t2, n & 1)
        }
    case "reopen":
        // Development helper: reopen timings.
        guard let path = a.words.first else { fail(usage) }
        let (t, _) = try Timing.results(runs: Int(a.option("--runs") ?? "21") ?? 21, warmup: 1) { try SavedStore.open(path) }
        print("reopen", Timing.format(Timing.median(t)), t.map(Timing.format).joined(separator: " "))
    case "query":
        // Development helper: one query's median on a loaded register.
        let runs = Int(a.option("--runs") ?? "11") ?? 11
        let only = a.option("--only")
        guard let dir = a.words.first else { fail(usage) }
        let r = SavedStore.isFile(dir) ? try SavedStore.open(dir) : try RegisterLoader.load(try RegisterSource.folder(dir))
        let session = Session(register: r, asOf: r.calendar.lastSchoolDay)
        for q in BenchQuery.all where only == nil || q.key == only {
            let (times, last) = try Timing.results(runs: runs, warmup: 1) { try QueryRunner.run(q.text, session) }
            print(q.key, Timing.format(Timing.median(times)), "rows", last?.rows.count ?? 0)
        }
    default:
        print(usage)
        exit(2)
    }
} catch let e as DiagnosticList {
    fail(e.diagnostics.map { DiagnosticRenderer(color: false).render($0) }.joined(separator: "\n"))
} catch {
    fail("\(error)")
}
