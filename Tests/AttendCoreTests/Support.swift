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
