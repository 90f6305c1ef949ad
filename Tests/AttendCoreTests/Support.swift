#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// Paths and register builders shared by the tests.
enum Fixture {
    static let testsDirectory: String = {
        let file = #filePath
        let parts = file.split(separator: "/", omittingEmptySubsequences: false)
        return parts.dropLast(2).joined(separator: "/")
    }()
    static var worked: String { testsDirectory + "/Fixtures/worked" }

    static func load(folder: String, skipBadRows: Bool = false) throws -> Register {
        try RegisterLoader.load(try RegisterSource.folder(folder), options: .init(skipBadRows: skipBadRows))
    }

    static func workedRegister() throws -> Register { try load(folder: worked) }

    /// A register from CSV text held in the test.
    static func register(pupils: String, marks: String, calendar: String? = nil, skipBadRows: Bool = false) throws(DiagnosticList) -> Register {
        let source = RegisterSource(name: "test", pupils: FileBytes(name: "pupils.csv", bytes: Array(pupils.utf8)),
                                    marks: FileBytes(name: "marks.csv", bytes: Array(marks.utf8)),
                                    calendar: calendar.map { FileBytes(name: "calendar.csv", bytes: Array($0.utf8)) })
        return try RegisterLoader.load(source, options: .init(skipBadRows: skipBadRows))
    }

    /// The diagnostics of a load expected to fail.
    static func failures(pupils: String, marks: String, calendar: String? = nil) -> [Diagnostic] {
        do {
            _ = try register(pupils: pupils, marks: marks, calendar: calendar)
            return []
        } catch {
            return error.diagnostics
        }
    }

    static func day(_ s: String) -> Day { Day(parsing: s)! }
}

/// What a load produced, as comparable text and numbers: for tests that load the same
/// register two ways (in parts, through the general reader, in another export style).
enum LoadSummary {
    static func rendered(_ ds: [Diagnostic]) -> [String] { ds.map { DiagnosticRenderer(color: false).render($0) } }

    /// Everything: messages with their lines, the store, the pupils' lines, the counts.
    static func full(_ r: Result<Register, DiagnosticList>) -> [String] {
        switch r {
        case .failure(let e): return ["failed"] + rendered(e.diagnostics)
        case .success(let reg): return rendered(reg.diagnostics) + store(reg) + ["lines \(reg.pupils.line)"]
        }
    }

    /// The store and the messages without their places: what must not depend on how the
    /// files were written (row order, quoting, line ends, header names).
    static func register(_ r: Result<Register, DiagnosticList>) -> [String] {
        switch r {
        case .failure(let e): return ["failed"] + e.diagnostics.map { "\($0.code) \($0.message)" }
        case .success(let reg): return reg.diagnostics.map { "\($0.code) \($0.message)" } + store(reg)
        }
    }

    static func store(_ reg: Register) -> [String] {
        var out: [String] = []
        out.append("days \(reg.calendar.days.map(\.iso)) possible \(reg.calendar.possibleDay)")
        out.append("marks \(Array(reg.marks))")
        for c in MarkClass.allCases { out.append("\(c) \(Array(reg.matrix(c).words))") }
        out.append("roll \(reg.onRollFrom) \(reg.onRollUntil)")
        let t = reg.pupils
        out.append("pupils \(t.upn) \(t.forename) \(t.surname) \(t.year) \(t.texts) \(t.years) \(t.flags) \(t.sends) \(t.dates) \(t.line) \(t.rejectedUPNs.sorted())")
        out.append("index \(t.indexByUPN.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })")
        let s = reg.loadStatistics
        out.append("stats \(s.markRows) \(s.marks) \(s.noMarkEntries) \(s.codesUsed.sorted { $0.key < $1.key })")
        if let m = reg.minutesLate { out.append("minutes \(m.offsets) \(m.sessions) \(m.minutes)") }
        return out
    }
}

/// The name in a directory entry, read in place: glibc allocates only as much of a
/// `dirent` as its name needs, so copying the whole `d_name` field (256 bytes) reads past
/// the entry (AddressSanitizer: heap-buffer-overflow).
func direntName(_ e: UnsafeMutablePointer<dirent>) -> String {
    let p = UnsafeRawPointer(e) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!
    return String(cString: p.assumingMemoryBound(to: CChar.self))
}

/// A sink handing each result and each note or rendered diagnostic (no colour) to a closure,
/// as a terminal would print them: results to `output`, the rest to `errors`.
final class LinesSink: StatementSink {
    let output: (String) -> Void
    let errors: (String) -> Void
    init(output: @escaping (String) -> Void, errors: @escaping (String) -> Void) {
        self.output = output
        self.errors = errors
    }
    func result(_ text: String) { output(text) }
    func note(_ text: String) { errors(text) }
    func diagnostic(_ d: Diagnostic) { errors(DiagnosticRenderer(color: false).render(d)) }
}

/// The runner, with its output going to two closures.
func makeRunner(_ session: Session, output: @escaping (String) -> Void, errors: @escaping (String) -> Void) -> StatementRunner {
    StatementRunner(session: session, sink: LinesSink(output: output, errors: errors))
}
