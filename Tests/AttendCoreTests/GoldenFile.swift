#if canImport(Glibc)
import Glibc
#endif
@testable import AttendCore

/// One golden test file: its records, run against a fresh session, and re-written in
/// record mode with the actual results in place of the expected ones.
struct GoldenFile {
    enum Kind: String { case query, error, output, statement }

    struct Record {
        var kind: Kind
        var statement: [String]
        var expected: [String]
        var line: Int
        var actual: [String] = []
    }

    enum Item {
        case directive(String)   // comments, blank lines, register / as-of lines: kept verbatim
        case record(Record)
    }

    let path: String
    var items: [Item] = []

    static var recording: Bool { getenv("ATTEND_RECORD") != nil }

    static func list(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = direntName(e)
            if name.hasSuffix(".test") { names.append(name) }
        }
        return names.sorted()
    }

    init(path: String) throws {
        self.path = path
        let text = try FileBytes(path: path).withBytes { String(decoding: $0, as: UTF8.self) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let word = line.split(separator: " ").first.map(String.init) ?? ""
            if let kind = Kind(rawValue: word), !line.hasPrefix("#") {
                var r = Record(kind: kind, statement: [], expected: [], line: i + 1)
                i += 1
                while i < lines.count && lines[i] != "----" && !(lines[i].isEmpty && kind == .statement) {
                    r.statement.append(lines[i])
                    i += 1
                }
                if i < lines.count && lines[i] == "----" {
                    i += 1
                    while i < lines.count && !lines[i].isEmpty {
                        r.expected.append(lines[i] == "<blank>" ? "" : lines[i])
                        i += 1
                    }
                }
                if i < lines.count && lines[i].isEmpty { i += 1 }
                items.append(.record(r))
            } else {
                items.append(.directive(line))
                i += 1
            }
        }
        if case .directive("") = items.last { items.removeLast() }
    }

    /// Runs every record; returns a message per mismatch.
    mutating func run(record: Bool) throws -> [String] {
        var failures: [String] = []
        var session: Session?
        var registerName = "worked"
        var asOf: Day?
        var actionsFile: String?
        for k in items.indices {
            switch items[k] {
            case .directive(let line):
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                if parts.first == "register", parts.count == 2 { registerName = parts[1]; session = nil }
                if parts.first == "as-of", parts.count == 2 { asOf = Day(parsing: parts[1]); session?.asOf = asOf!; session?.asOfGiven = true }
                if parts.first == "actions", parts.count == 2 {
                    actionsFile = GoldenTests.goldenDirectory + "/" + parts[1]
                    if let session { try Self.loadActions(actionsFile!, into: session) }
                }
            case .record(var r):
                if session == nil {
                    session = try Self.session(registerName, asOf: asOf)
                    if let actionsFile { try Self.loadActions(actionsFile, into: session!) }
                }
                r.actual = Self.execute(r, session!)
                let expected = r.expected
                if r.kind == .statement {
                    if r.actual.first?.hasPrefix("FAILED") == true { failures.append("\(path):\(r.line): statement failed:\n" + r.actual.joined(separator: "\n")) }
                } else if r.actual != expected && !record {
                    failures.append("\(path):\(r.line): \(r.statement.joined(separator: " "))\n--- expected\n\(expected.joined(separator: "\n"))\n--- actual\n\(r.actual.joined(separator: "\n"))")
                }
                items[k] = .record(r)
            }
        }
        return failures
    }

    static func execute(_ r: Record, _ session: Session) -> [String] {
        let text = r.statement.joined(separator: "\n")
        var lines: [String] = []
        switch Parser.parse(text) {
        case .failed(let ds):
            return r.kind == .statement ? ["FAILED"] + ds.map(\.description) : ds.map(\.description).flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        case .incomplete(let d):
            return ("incomplete: " + d.description).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        case .complete(let statements):
            for s in statements {
                do {
                    let out = try session.run(s)
                    switch (r.kind, out) {
                    case (.query, .result(let t, _)):
                        lines.append(t.columns.map(\.name).joined(separator: "\t"))
                        for row in t.rows {
                            lines.append(row.enumerated().map { ResultFormatter.display($1, t.columns[$0].kind) }.joined(separator: "\t"))
                        }
                    case (.output, .result(let t, _)):
                        lines += ResultFormatter(format: .table, unicode: true).render(t).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    case (_, .text(let t)):
                        lines.append(t)
                    default: break
                    }
                } catch {
                    if r.kind == .statement { return ["FAILED"] + ["\(error)"] }
                    lines += "\(error)".split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                }
            }
        }
        return lines
    }

    /// `actions FILE`: the actions log (Docs/casework.md) for the register, read as the
    /// command line reads it; without its path, so a `record` cannot append to the fixture.
    static func loadActions(_ path: String, into session: Session) throws {
        var log = try ActionsLoader.log(path: path, pupils: session.register.pupils, rules: session.school.casework)
        log.path = nil
        session.actions = log
    }

    nonisolated(unsafe) static var demoRegister: Register?

    static func session(_ name: String, asOf: Day?) throws -> Session {
        let r: Register
        switch name {
        case "worked": r = try Fixture.workedRegister()
        case "demo":
            if let d = demoRegister { r = d } else {
                let files = DemoRegister.files(DemoOptions())
                r = try RegisterLoader.load(RegisterSource(name: "demo", pupils: FileBytes(name: "pupils.csv", bytes: files.pupils),
                                                           marks: FileBytes(name: "marks.csv", bytes: files.marks),
                                                           calendar: FileBytes(name: "calendar.csv", bytes: files.calendar)))
                demoRegister = r
            }
        default: r = try Fixture.load(folder: GoldenTests.goldenDirectory + "/registers/" + name)
        }
        return Session(register: r, asOf: asOf)
    }

    /// Writes the file back with actual results as the expectations.
    func save() throws {
        var out: [String] = []
        for item in items {
            switch item {
            case .directive(let l): out.append(l)
            case .record(let r):
                out.append(r.kind == .statement ? "statement ok" : r.kind.rawValue)
                out += r.statement
                if r.kind != .statement {
                    out.append("----")
                    out += r.actual.map { $0.isEmpty ? "<blank>" : $0 }
                }
                out.append("")
            }
        }
        while out.last == "" { out.removeLast() }
        try SafeFileWriter.write(out.joined(separator: "\n") + "\n", to: path, replace: true)
    }
}
