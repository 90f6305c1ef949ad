/// A problem found while loading a register, reading a script or running a query.
///
/// Diagnostics are data: each carries a stable ``code`` (see ``DiagnosticCode``), a
/// location (a file position, or a span of query text for the caret), a message and a hint.
/// The text of every message lives in the catalogue, `Diagnostics/Catalogue/`, one file per
/// code letter; nothing else builds one (the initialiser is internal to AttendCore, and
/// callers that must tell one diagnostic from another compare typed ``DiagnosticCode``
/// constants declared there, never a code string).
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        private var rank: Int { switch self { case .error: 2; case .warning: 1; case .note: 0 } }
    }

    public let code: DiagnosticCode
    public var severity: Severity
    public let message: String
    public let hint: String?
    /// Where: a file position (`marks.csv:12:4`) or, for a query, where its text starts.
    public var location: SourceLocation?
    /// For query text: the text and the span under which the caret goes.
    public var source: QuerySource?
    /// Other places the message names (the first of two clashing rows, say).
    public var related: [SourceLocation]

    init(_ code: DiagnosticCode, _ severity: Severity = .error, message: String, hint: String? = nil,
                location: SourceLocation? = nil, source: QuerySource? = nil, related: [SourceLocation] = []) {
        self.code = code
        self.severity = severity
        self.message = message
        self.hint = hint
        self.location = location
        self.source = source
        self.related = related
    }

    public var description: String { DiagnosticRenderer(color: false).render(self) }

    /// The kind of failure, which decides the process exit status.
    public var category: DiagnosticCode.Category { code.category }
}

/// A stable identifier such as `D003` or `Q012`. The letter says which stage found it.
public struct DiagnosticCode: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ raw: String) { rawValue = raw }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public enum Category: Sendable { case usage, query, data, io, internalError }
    public var category: Category {
        switch rawValue.first {
        case "U": .usage
        case "Q", "S", "L": .query
        case "D": .data
        case "F": .io
        default: .internalError
        }
    }
}

/// A position in a file: 1-based line and column. Line 0 means the file as a whole.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?
    public init(file: String, line: Int = 0, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        if let column, line > 0 { s += ":\(column)" }
        return s
    }
}

/// Query text with the span a diagnostic points at, in UTF-8 byte offsets into `text`.
public struct QuerySource: Sendable, Hashable {
    public var text: String
    public var span: Range<Int>
    public init(text: String, span: Range<Int>) {
        self.text = text
        self.span = span
    }
}

/// Several diagnostics thrown together: a load that found many bad rows, say.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
