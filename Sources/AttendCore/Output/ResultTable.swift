/// The result of a statement: named, typed columns and rows of values. Formatters render
/// it (table, CSV, TSV, JSON, Markdown); letters read it. Values are raw: display rounds
/// to one decimal place, CSV and JSON carry the exact value.
public struct ResultTable: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable { case text, integer, number, percent, date }
        public var name: String
        public var kind: Kind
        public init(_ name: String, _ kind: Kind) {
            self.name = name
            self.kind = kind
        }
    }

    public var columns: [Column]
    public var rows: [[Value]]
    /// The pupil behind each row, for pupil lists (letters and `into` need it).
    public var pupils: [Int]?
    /// Lines printed before the table (as-of line, headings), and after it (totals, notes).
    public var header: [String] = []
    public var footer: [String] = []
    /// The as-of date the result was computed for.
    public var asOf: Day?

    public init(columns: [Column], rows: [[Value]] = [], pupils: [Int]? = nil) {
        self.columns = columns
        self.rows = rows
        self.pupils = pupils
    }

    public func column(named n: String) -> Int? { columns.firstIndex { $0.name == n } }
}

/// One cell.
public enum Value: Sendable, Equatable, Comparable {
    case text(String)
    case integer(Int)
    case number(Double)
    case date(Day)
    /// No value: a rate with no possible sessions, an empty attribute. Shown empty, never 0.
    case empty

    public var isEmpty: Bool { if case .empty = self { true } else { false } }

    public var number: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    /// Ordering for `sorted by`: empty values last, numbers by value, text by its
    /// case-insensitive spelling.
    public static func < (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.empty, _): return false
        case (_, .empty): return true
        case (.date(let x), .date(let y)): return x < y
        case (.text(let x), .text(let y)): return x.lowercased() < y.lowercased() || (x.lowercased() == y.lowercased() && x < y)
        default:
            if let x = a.number, let y = b.number { return x < y }
            return a.sortText < b.sortText
        }
    }

    var sortText: String {
        switch self {
        case .text(let s): s
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .date(let d): d.iso
        case .empty: ""
        }
    }
}
