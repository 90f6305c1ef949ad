import AttendCore
import Foundation

/// `attend-bench run DIR`: every figure of Docs/performance.md for one register, with
/// DuckDB's beside it when asked.
struct Bench {
    struct Options {
        var runs = 5
        var queryRuns = 51
        var attend: String?
        var duckdb = false
        var duckdbRuns = 5
        var duckdbLoadRuns = 3
        var python = "python3"
        var json: String?
        var quick = false
    }

    let dir: String
    let options: Options

    /// One line of the table.
    struct Row {
        var name: String
        var ours: Double?
        var target: String = ""
        var theirs: Double?
        var theirsNote: String = ""
        var met: Bool?
        var note: String = ""
    }

    func run() throws {
        var rows: [Row] = []
        var figures: [String: Any] = [:]
        let marksPath = dir + "/marks.csv"
        let marksSize = (try? FileManager.default.attributesOfItem(atPath: marksPath)[.size] as? Int) ?? 0
        let cores = ProcessInfo.processInfo.activeProcessorCount
        log("register \(dir): marks.csv \(String(format: "%.2f", Double(marksSize) / 1e9)) GB; \(cores) cores; load average \(loadAverage())")

        // The floor: reading the file's bytes once (one core, like wc -l).
        let floor = Timing.measure(runs: 3, warmup: 1) { _ = countLines(marksPath) }
        figures["floor_wc"] = floor

        // Load.
        // Each register is dropped outside the timed part before the next run (Timing.results).
        var cpu: [Double] = []
        let (load, loaded) = try Timing.results(runs: options.runs, warmup: 1) { () throws -> Register in
            let c0 = Timing.processCPU()
            let r = try RegisterLoader.load(try RegisterSource.folder(dir))
            cpu.append(Timing.processCPU() - c0)
            return r
        }
        cpu = Array(cpu.dropFirst())
        let r = loaded!
        let marks = r.loadStatistics.marks
        log("loaded: \(r.pupilCount) pupils, \(marks) marks, \(r.calendar.days.count) school days; median \(Timing.format(Timing.median(load))) (\(load.map(Timing.format).joined(separator: ", ")))")
        log("  steps of the last load: " + r.loadStatistics.phases.map { "\($0.step) \(Timing.format(Timing.seconds($0.time)))" }.joined(separator: ", "))
        figures["load"] = load
        figures["load_cpu"] = cpu
        figures["pupils"] = r.pupilCount
        figures["marks"] = marks
        figures["marks_csv_bytes"] = marksSize
        figures["load_phases"] = r.loadStatistics.phases.map { [$0.step, Timing.seconds($0.time)] as [Any] }
        rows.append(Row(name: "load marks.csv into the store, indexes built", ours: Timing.median(load), target: "≤ 1.5 s, ≥ 4× DuckDB",
                        met: Timing.median(load) <= 1.5,
                        note: "floor (reading the bytes once) \(Timing.format(Timing.median(floor))); CPU \(Timing.format(Timing.median(cpu)))"))

        // Memory, in a fresh process.
        if !options.quick, let memory = try? probeMemory(), let pupilsOnly = try? probeMemory(pupilsOnly: true) {
            figures["memory"] = memory
            figures["memory_pupils_only"] = pupilsOnly
            let peak = memory["anonPeak"]! - memory["anonBefore"]!
            let after = memory["anonAfter"]! - memory["anonBefore"]!
            // The pupils table as measured: a load of the same pupils with one mark.
            let pupilsTable = pupilsOnly["anonAfter"]! - pupilsOnly["anonBefore"]!
            let perMark = Double(peak - pupilsTable) / Double(marks)
            rows.append(Row(name: "peak memory of the load, less the pupils table", ours: nil, target: "≤ 3 bytes a mark", met: perMark <= 3,
                            note: String(format: "%.2f bytes a mark (peak %@, after the load %@, of which the store %@ = %.2f bytes a mark; the pupils table, loaded alone, %@)",
                                         perMark, mb(peak), mb(after), mb(memory["storeBytes"]!), Double(memory["storeBytes"]!) / Double(marks), mb(pupilsTable))))
        }

        // Save and reopen.
        let storeDir = "/tmp/attend-bench-stores"
        try? FileManager.default.createDirectory(atPath: storeDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let storePath = storeDir + "/" + (dir.split(separator: "/").last.map(String.init) ?? "register") + ".attend"
        let save = try Timing.measure(runs: max(1, min(options.runs, 3))) { try SavedStore.save(r, to: storePath, replace: true) }
        let storeSize = (try? FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int) ?? 0
        figures["save"] = save
        figures["store_bytes"] = storeSize
        rows.append(Row(name: "save the store (attend save)", ours: Timing.median(save), note: "\(mb(storeSize)) file, written and flushed to disk"))
        let (reopen, reopened) = try Timing.results(runs: options.runs, warmup: 1) { try SavedStore.open(storePath) }
        figures["reopen"] = reopen
        // What the checksums cost: XXH64 over the whole file, one core.
        let hashCost = Timing.measure(runs: 3, warmup: 1) {
            _ = (try? FileBytes(path: storePath))?.withBytes { SavedStore.checksum(UnsafeRawBufferPointer($0)) }
        }
        figures["checksum_whole_file_one_core"] = hashCost
        rows.append(Row(name: "reopen the saved store (map, check, decode)", ours: Timing.median(reopen), target: "≤ 0.3 s", met: Timing.median(reopen) <= 0.3,
                        note: String(format: "XXH64 of the whole file on one core %@ (%.1f GB/s)", Timing.format(Timing.median(hashCost)),
                                     Double(storeSize) / Timing.median(hashCost) / 1e9)))
        let headline = BenchQuery.all[0]
        let (reopenQuery, _) = try Timing.results(runs: options.runs, warmup: 1) { () throws -> (Register, ResultTable) in
            let s = try SavedStore.open(storePath)
            return (s, try QueryRunner.run(headline.text, Session(register: s, asOf: s.calendar.lastSchoolDay)))
        }
        figures["reopen_headline"] = reopenQuery
        rows.append(Row(name: "reopen, then the headline query", ours: Timing.median(reopenQuery)))
        if let attend = options.attend {
            let whole = try Timing.measure(runs: options.runs, warmup: 1) {
                try runProcess(attend, ["query", "count pupils", "--data", storePath, "--format", "csv"])
            }
            figures["reopen_process"] = whole
            rows.append(Row(name: "whole process: attend query 'count pupils' --data STORE", ours: Timing.median(whole), target: "≤ 0.3 s",
                            met: Timing.median(whole) <= 0.3, note: "start, reopen, query, print, exit"))
        }

        // Queries, on the loaded store and on the reopened one.
        let asOf = r.calendar.lastSchoolDay!
        let session = Session(register: r, asOf: asOf)
        let reopenedSession = Session(register: reopened!, asOf: asOf)
        var answers: [String: ResultTable] = [:]
        var queryTimes: [String: [Double]] = [:]
        for q in BenchQuery.all {
            // Each result is dropped outside the timed part before the next run (see Timing.results).
            let (first, answer) = try Timing.results(runs: 1) { try QueryRunner.run(q.text, session) }
            let (times, last) = try Timing.results(runs: options.queryRuns) { try QueryRunner.run(q.text, session) }
            let (mapped, lastMapped) = try Timing.results(runs: options.queryRuns, warmup: 1) { try QueryRunner.run(q.text, reopenedSession) }
            answers[q.key] = answer!
            queryTimes[q.key] = times
            guard last?.rows == answer?.rows, lastMapped?.rows == answer?.rows else { throw BenchError("\(q.key): the answers differ between runs or stores") }
            figures["query_" + q.key] = ["first": first[0], "runs": times, "reopened": mapped, "rows": answer!.rows.count] as [String: Any]
            rows.append(Row(name: q.title, ours: Timing.median(times), target: "≤ " + Timing.format(q.target), met: Timing.median(times) <= q.target,
                            note: "\(answer!.rows.count) rows; first run \(Timing.format(first[0])); on the reopened store \(Timing.format(Timing.median(mapped)))"))
        }

        // A query at the prompt on a school of 1,500 pupils (text parsed, bound, run, formatted).
        if !options.quick {
            let files = DemoRegister.files(DemoOptions(pupils: 1500))
            let school = try RegisterLoader.load(RegisterSource(name: "school", pupils: FileBytes(name: "pupils.csv", bytes: files.pupils),
                                                                marks: FileBytes(name: "marks.csv", bytes: files.marks),
                                                                calendar: FileBytes(name: "calendar.csv", bytes: files.calendar)))
            let s = Session(register: school, asOf: school.calendar.lastSchoolDay)
            let sink = Sink()
            let runner = StatementRunner(session: s, sink: sink)
            runner.maxRows = 20
            var rowsShown = 0
            for q in BenchQuery.all {
                let t = Timing.measure(runs: 201, warmup: 5) { sink.text = ""; _ = try? runner.run(text: q.text) }
                figures["repl_" + q.key] = t
                if q.key == "headline" {
                    rowsShown = (try? QueryRunner.run(q.text, s).rows.count) ?? 0
                    rows.append(Row(name: "a query at the prompt, school of 1,500 pupils (headline, formatted)", ours: Timing.median(t), target: "≤ 1 ms",
                                    met: Timing.median(t) <= 0.001, note: "\(rowsShown) rows; parse, bind, run and format as a table"))
                } else {
                    rows[rows.count - 1].note += "; \(q.key) \(Timing.format(Timing.median(t)))"
                }
            }
        }

        // DuckDB.
        var agreement: [String] = []
        if options.duckdb {
            log("asking DuckDB (this takes a while)…")
            let duck = try DuckDB.run(python: options.python, dir: dir, asOf: asOf, runs: options.duckdbRuns, loadRuns: options.duckdbLoadRuns)
            figures["duckdb"] = duck.raw
            let readCSV = Timing.median(duck.times["load_read_csv"] ?? [])
            let withClasses = Timing.median(duck.times["load_with_classes"] ?? [])
            rows[0].theirs = readCSV
            rows[0].theirsNote = "read_csv; with the code classes joined \(Timing.format(withClasses))"
            rows[0].met = Timing.median(load) <= 1.5 && readCSV / Timing.median(load) >= 4
            for (i, row) in rows.enumerated() {
                guard let q = BenchQuery.all.first(where: { $0.title == row.name }) else { continue }
                rows[i].theirs = Timing.median(duck.times[q.key] ?? [])
            }
            if let saveRow = rows.firstIndex(where: { $0.name.hasPrefix("save") }) {
                rows[saveRow].theirs = Timing.median(duck.times["save"] ?? [])
                rows[saveRow].theirsNote = "marks and pupils copied into a database file (\(mb(duck.raw["store_bytes"] as? Int ?? 0)))"
            }
            if let reopenRow = rows.firstIndex(where: { $0.name.hasPrefix("reopen the saved") }) {
                rows[reopenRow].theirs = Timing.median(duck.times["reopen"] ?? [])
                rows[reopenRow].theirsNote = "open its database file and count the marks (its data is read later, by the queries)"
            }
            if let row = rows.firstIndex(where: { $0.name.hasPrefix("reopen, then") }) {
                rows[row].theirs = Timing.median(duck.times["reopen_headline"] ?? [])
                rows[row].theirsNote = "open its database file and run the headline SQL"
            }
            // The same pupils?
            for q in BenchQuery.all {
                guard let ours = answers[q.key], let theirs = duck.answers[q.key] else { continue }
                let same: Bool
                let detail: String
                if q.key == "rate_by_form" {
                    func text(_ v: Value) -> String {
                        switch v {
                        case .text(let t): return t
                        case .integer(let i): return String(i)
                        default: return "?"
                        }
                    }
                    let mine = ours.rows.map { row in [text(row[0]), text(row[1]), text(row[2]), text(row[3])] }.sorted { $0[0] < $1[0] }
                    let theirsRows = theirs.map { ($0 as? [Any] ?? []).map { "\($0)" } }.sorted { $0[0] < $1[0] }
                    same = mine == theirsRows
                    detail = "\(mine.count) forms: pupils, possible and attended sessions"
                } else {
                    let mine = QueryRunner.upns(ours, r)
                    let theirsUPNs = theirs.compactMap { $0 as? String }.sorted()
                    same = mine == theirsUPNs
                    detail = "\(mine.count) pupils (DuckDB \(theirsUPNs.count))"
                }
                agreement.append("\(same ? "same" : "DIFFERENT"): \(q.key), \(detail)")
            }
            figures["agreement"] = agreement
            figures["duckdb_version"] = duck.version
        }

        print("")
        print(table(rows, duckdbVersion: options.duckdb ? (figures["duckdb_version"] as? String ?? "") : nil, pupils: r.pupilCount, marks: marks,
                    size: marksSize, years: r.calendar.years.count))
        if !agreement.isEmpty {
            print("")
            print("answers, attend against DuckDB:")
            for line in agreement { print("  " + line) }
        }
        if let json = options.json {
            figures["load_average_at_end"] = loadAverage()
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: json))
        }
        if agreement.contains(where: { $0.hasPrefix("DIFFERENT") }) { throw BenchError("attend and DuckDB disagree") }
    }

    /// Keeps what the runner printed, as a terminal would receive it.
    final class Sink: StatementSink, @unchecked Sendable {
        var text = ""
        func result(_ t: String) { text += t }
        func note(_ t: String) { text += t }
        func diagnostic(_ d: Diagnostic) { text += d.description }
    }

    func log(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }

    func mb(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1e6) }

    func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }

    func probeMemory(pupilsOnly: Bool = false) throws -> [String: Int] {
        let out = try runProcess(CommandLine.arguments[0], ["memory", dir] + (pupilsOnly ? ["--pupils-only"] : []), capture: true)
        guard let obj = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Int] else { throw BenchError("memory probe") }
        return obj
    }

    /// The table: our figure, the target, DuckDB's and the ratio.
    func table(_ rows: [Row], duckdbVersion: String?, pupils: Int, marks: Int, size: Int, years: Int) -> String {
        var lines: [String] = []
        lines.append("attend on \(NumberText.grouped(pupils)) pupils × \(years) year\(years == 1 ? "" : "s") (\(NumberText.grouped(marks)) marks, marks.csv \(String(format: "%.2f", Double(size) / 1e9)) GB); release build; medians")
        var header = ["measure", "attend", "target", "met"]
        if let v = duckdbVersion { header += ["DuckDB \(v)", "DuckDB ÷ attend"] }
        var body: [[String]] = []
        for r in rows {
            var cells = [r.name, r.ours.map(Timing.format) ?? "", r.target, r.met.map { $0 ? "yes" : "NO" } ?? ""]
            if duckdbVersion != nil {
                cells.append(r.theirs.map(Timing.format) ?? "")
                if let t = r.theirs, let o = r.ours, o > 0 { cells.append(ratio(t / o)) } else { cells.append("") }
            }
            body.append(cells)
        }
        let widths = header.indices.map { i in max(header[i].count, body.map { $0[i].count }.max() ?? 0) }
        func line(_ c: [String]) -> String {
            c.enumerated().map { i, s in i == 0 ? s.padding(toLength: widths[i], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[i] - s.count) + s }
                .joined(separator: "  ")
        }
        lines.append(line(header))
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        for b in body { lines.append(line(b)) }
        lines.append("")
        for r in rows where !r.note.isEmpty || !r.theirsNote.isEmpty {
            lines.append("  \(r.name): " + [r.note, r.theirsNote.isEmpty ? "" : "DuckDB: " + r.theirsNote].filter { !$0.isEmpty }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }

    func ratio(_ x: Double) -> String {
        if x >= 100 { return String(format: "%.0f×", x) }
        if x >= 10 { return String(format: "%.0f×", x) }
        return String(format: "%.1f×", x)
    }
}

/// Lines of a file, read once (the floor for any loader).
func countLines(_ path: String) -> Int {
    guard let f = try? FileBytes(path: path) else { return 0 }
    return f.withBytes { b in
        var n = 0
        for c in b where c == 10 { n += 1 }
        return n
    }
}

@discardableResult
func runProcess(_ exe: String, _ args: [String], capture: Bool = false) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = capture ? pipe : FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = capture ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw BenchError("\(exe) \(args.joined(separator: " ")) exited with \(p.terminationStatus)") }
    return String(decoding: data, as: UTF8.self)
}

/// The DuckDB side: Benchmarks/duckdb_bench.py, run with the same register.
enum DuckDB {
    struct Result {
        var version: String
        var times: [String: [Double]]
        var answers: [String: [Any]]
        var raw: [String: Any]
    }

    static func run(python: String, dir: String, asOf: Day, runs: Int, loadRuns: Int) throws -> Result {
        let script = try self.script("duckdb_bench.py")
        let codes = try writeCodes()
        let pythonPath = path(python)
        let out = try runProcess(pythonPath, [script, dir, "--codes", codes, "--as-of", asOf.iso, "--runs", String(runs), "--load-runs", String(loadRuns)],
                                 capture: true)
        guard let obj = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
              let times = obj["times"] as? [String: [Double]], let answers = obj["answers"] as? [String: [Any]] else {
            throw BenchError("could not read duckdb_bench.py's output")
        }
        return Result(version: obj["version"] as? String ?? "?", times: times, answers: answers, raw: obj)
    }

    /// A script of Benchmarks/.
    static func script(_ name: String) throws -> String {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: script) else { throw BenchError("cannot find \(script)") }
        return script
    }

    /// attend's code table, for DuckDB's classes: written to a file, whose path is returned.
    static func writeCodes() throws -> String {
        let codes = "/tmp/attend-bench-codes.csv"
        var csv = "code,possible,attended,authorised,unauthorised,absent\n"
        for c in CodeTable.all {
            let k = c.counts
            csv += "\(c.code),\(k.isPossible ? 1 : 0),\(k.isAttended ? 1 : 0),\(k == .authorised ? 1 : 0),\(k == .unauthorised ? 1 : 0),\(k.isAbsent ? 1 : 0)\n"
        }
        try csv.write(toFile: codes, atomically: true, encoding: .utf8)
        return codes
    }

    /// The full path of a program named on the PATH.
    static func path(_ python: String) -> String { python.hasPrefix("/") ? python : (which(python) ?? python) }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}
