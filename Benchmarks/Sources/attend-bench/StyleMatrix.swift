import AttendCore
import Foundation

/// `attend-bench styles ROOT`: the same register written in each export style of
/// `attend demo --style`, and for each: attend's load in process (median), attend as a whole
/// process (load + the headline query + print), and DuckDB as a whole process (read_csv of
/// the same files + the same question, Benchmarks/duckdb_matrix.py), the answers compared.
struct StyleMatrix {
    struct Options {
        var pupils = 100_000
        var styles = DemoStyle.named.map(\.name)
        var runs = 5
        var processRuns = 3
        var duckdbRuns = 1
        var attend: String?
        var python: String? = "python3"
        var json: String?
    }

    let root: String
    let options: Options

    struct Cell {
        var style: String
        var size = 0
        var load: [Double] = []
        /// CPU seconds (all threads) of each load, each attend process, each DuckDB process.
        var loadCPU: [Double] = []
        var processCPU: [Double] = []
        var duckCPU: [Double] = []
        var generalRows = 0
        var rows = 0
        var parts = 1
        var process: [Double] = []
        var duck: [Double] = []
        var duckLoad: [Double] = []
        var agreement = ""
    }

    func run() throws {
        var cells: [Cell] = []
        log("style matrix: \(options.pupils) pupils × 1 year under \(root); \(ProcessInfo.processInfo.activeProcessorCount) cores; load average \(loadAverage())")
        let codes = options.python == nil ? "" : try DuckDB.writeCodes()
        let headline = BenchQuery.all[0]
        for name in options.styles {
            let style = try DemoStyle.parse(name)
            let dir = "\(root)/p\(options.pupils)-\(name)"
            if !FileManager.default.fileExists(atPath: dir + "/marks.csv") {
                log("generating \(dir)…")
                try DemoRegister.write(to: dir, DemoOptions(pupils: options.pupils, seed: 1, academicYear: 2025, style: style))
            }
            var cell = Cell(style: name)
            cell.size = (try? FileManager.default.attributesOfItem(atPath: dir + "/marks.csv")[.size] as? Int) ?? 0
            var cpu: [Double] = []
            let (load, last) = try Timing.results(runs: options.runs, warmup: 1) { () throws -> Register in
                let c0 = Timing.processCPU()
                defer { cpu.append(Timing.processCPU() - c0) }
                return try RegisterLoader.load(try RegisterSource.folder(dir))
            }
            cell.loadCPU = Array(cpu.suffix(options.runs))
            let r = last!
            cell.load = load
            cell.rows = r.loadStatistics.markRows
            cell.generalRows = r.loadStatistics.generalReaderRows
            cell.parts = r.loadStatistics.partsRead
            let asOf = r.calendar.lastSchoolDay!
            let ours = QueryRunner.upns(try QueryRunner.run(headline.text, Session(register: r, asOf: asOf)), r)
            log("\(name): load \(Timing.format(Timing.median(load))) (\(load.map(Timing.format).joined(separator: ", "))), CPU \(Timing.format(Timing.median(cell.loadCPU))); \(cell.generalRows) of \(cell.rows) rows off the fast path; \(cell.parts) parts")
            var agreement: [String] = []
            if let attend = options.attend {
                var printed: [String] = []
                cell.process = try Timing.measure(runs: options.processRuns, warmup: 0) {
                    let c0 = Timing.childrenCPU()
                    defer { cell.processCPU.append(Timing.childrenCPU() - c0) }
                    let out = try runProcess(attend, ["query", headline.text, "--data", dir, "--as-of", asOf.iso, "--format", "csv"], capture: true)
                    printed = out.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }.sorted()
                }
                agreement.append(printed == ours ? "process same" : "process DIFFERENT (\(printed.count) pupils, in process \(ours.count))")
                log("  attend whole process \(Timing.format(Timing.median(cell.process))), CPU \(Timing.format(Timing.median(cell.processCPU)))")
            }
            if let python = options.python {
                var flags: [String] = []
                if style.contains(.ukDates) { flags.append("--uk-dates") }
                if style.contains(.commentColumn) { flags.append("--comment") }
                let script = try DuckDB.script("duckdb_matrix.py")
                var theirs: [String] = []
                cell.duck = try Timing.measure(runs: options.duckdbRuns, warmup: 0) {
                    let c0 = Timing.childrenCPU()
                    defer { cell.duckCPU.append(Timing.childrenCPU() - c0) }
                    let out = try runProcess(DuckDB.path(python), [script, dir, "--codes", codes, "--as-of", asOf.iso] + flags, capture: true)
                    guard let obj = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
                          let upns = obj["headline"] as? [String], let load = obj["load"] as? Double else {
                        throw BenchError("could not read duckdb_matrix.py's output")
                    }
                    theirs = upns.sorted()
                    cell.duckLoad.append(load)
                }
                agreement.append(theirs == ours ? "DuckDB same" : "DuckDB DIFFERENT (\(theirs.count) pupils)")
                log("  DuckDB whole process \(Timing.format(Timing.median(cell.duck))), CPU \(Timing.format(Timing.median(cell.duckCPU)))")
            }
            cell.agreement = "\(ours.count) pupils; " + agreement.joined(separator: ", ")
            cells.append(cell)
        }
        print(table(cells))
        if let json = options.json {
            let obj: [String: Any] = ["pupils": options.pupils, "load_average_at_end": loadAverage(), "cells": cells.map { c in
                ["style": c.style, "bytes": c.size, "load": c.load, "rows": c.rows, "general_reader_rows": c.generalRows, "parts": c.parts,
                 "process": c.process, "duckdb_process": c.duck, "duckdb_load": c.duckLoad,
                 "load_cpu": c.loadCPU, "process_cpu": c.processCPU, "duckdb_cpu": c.duckCPU, "answers": c.agreement] as [String: Any]
            }]
            try JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: json))
        }
        if cells.contains(where: { $0.agreement.contains("DIFFERENT") }) { throw BenchError("the answers differ") }
    }

    /// The matrix as Markdown: medians of wall-clock time and, in brackets, of CPU time (all
    /// threads; what the machine's other work does not change), and the targets judged on
    /// wall-clock time.
    func table(_ cells: [Cell]) -> String {
        func t(_ xs: [Double]) -> String { xs.isEmpty ? "" : Timing.format(Timing.median(xs)) }
        let plain = cells.first { $0.style == "plain" }.map { Timing.median($0.load) }
        var out = "| style | marks.csv | attend load in process (CPU) | ÷ plain | rows off the fast path | attend whole process (CPU) | DuckDB whole process (CPU) | DuckDB ÷ attend | targets | answers |\n"
        out += "|---|---|---|---|---|---|---|---|---|---|\n"
        for c in cells {
            let load = Timing.median(c.load)
            let ratio = plain.map { load / $0 }
            let process = c.process.isEmpty ? nil : Timing.median(c.process)
            let duck = c.duck.isEmpty ? nil : Timing.median(c.duck)
            var met: [String] = []
            if let ratio { met.append(ratio <= 1.5 ? "≤ 1.5× plain: met" : "≤ 1.5× plain: MISSED") }
            met.append(load <= 1.0 ? "≤ 1 s: met" : "≤ 1 s: MISSED")
            if let process, let duck { met.append(process * 4 <= duck ? "≤ ¼ DuckDB: met" : "≤ ¼ DuckDB: MISSED") }
            out += "| \(c.style) | \(String(format: "%.2f GB", Double(c.size) / 1e9)) | \(t(c.load)) (\(t(c.loadCPU))) | \(ratio.map { String(format: "%.2f×", $0) } ?? "") | "
            out += "\(c.generalRows) of \(c.rows) | \(t(c.process)) (\(t(c.processCPU))) | \(t(c.duck)) (\(t(c.duckCPU))) | "
            out += "\(process.flatMap { p in duck.map { String(format: "%.1f×", $0 / p) } } ?? "") | \(met.joined(separator: ", ")) | \(c.agreement) |\n"
        }
        return out
    }

    func log(_ s: String) { FileHandle.standardError.write((s + "\n").data(using: .utf8)!) }

    func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    }
}
