/// The result of a statement: named, typed columns and rows of values. Formatters render
/// it (table, CSV, TSV, JSON, Markdown); letters read it. Values are raw: display rounds
/// to one decimal place, CSV and JSON carry the exact value.
public struct ResultTable: Sendable, Equatable {
    public struct Column: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable {
            case text, integer, number, percent, date
            /// A pupil's `trend`: weekly rates as text (``Sparkline``), drawn as a sparkline on
            /// the screen and given as numbers in CSV and JSON.
            case weeklyRates = "weekly-rates"
        }
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
    /// Notes about the answer and the register it came from (`contact_phone is not in this
    /// register's pupils.csv; left out`; pupils whose marks stop with no leaving date; an
    /// as-of date past the register's end), without the `note: ` that ``ResultFormatter/noteLines(_:)``
    /// puts before each: shown after the table, or on stderr beside the machine formats
    /// (CSV, TSV, JSON); never written into files.
    public var notes: [String] = []
    /// The as-of date the result was computed for.
    public var asOf: Day?
    /// For results grouped by time (`rate by week`) or windows side by side
    /// (`summary over term 1, term 2`): the period behind each row, in row order; nil for a
    /// row that is not one period (the `all` row of a summary).
    public var periods: [DatedPeriod?]?
    /// `chart …`: drawn as this chart in the table format (``ChartRenderer``); the machine
    /// formats give the rows.
    public var chart: Chart?

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
        case (.text(let x), .text(let y)): return naturalLess(x, y)
        default:
            if let x = a.number, let y = b.number { return x < y }
            return a.sortText < b.sortText
        }
    }

    /// Text order as people expect it: case-insensitive, numbers by value (`9A` before `10A`).
    public static func naturalLess(_ a: String, _ b: String) -> Bool {
        let x = folded(a), y = folded(b)
        var i = 0, j = 0
        func isDigit(_ u: Unicode.Scalar) -> Bool { u.value >= 48 && u.value <= 57 }
        while i < x.count && j < y.count {
            if isDigit(x[i]) && isDigit(y[j]) {
                var ni = i, nj = j
                while ni < x.count && isDigit(x[ni]) { ni += 1 }
                while nj < y.count && isDigit(y[nj]) { nj += 1 }
                let dx = String(String.UnicodeScalarView(x[i..<ni])).drop { $0 == "0" }
                let dy = String(String.UnicodeScalarView(y[j..<nj])).drop { $0 == "0" }
                if dx.count != dy.count { return dx.count < dy.count }
                if dx != dy { return dx < dy }
                i = ni; j = nj
                continue
            }
            if x[i] != y[j] { return x[i].value < y[j].value }
            i += 1; j += 1
        }
        if x.count - i != y.count - j { return x.count - i < y.count - j }
        return a < b
    }

    /// Lower case with the accents of Latin letters removed, for ordering names as people
    /// expect (Łukasz with the Ls, Ó Súilleabháin with the Os).
    static func folded(_ s: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for u in s.lowercased().unicodeScalars {
            if let base = accentFold[u.value] { out.append(base) }
            else if (0x300...0x36F).contains(u.value) { continue }   // combining marks
            else { out.append(u) }
        }
        return out
    }

    private static let accentFold: [UInt32: Unicode.Scalar] = {
        let groups: [(String, Character)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
            ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
            ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
        ]
        var d: [UInt32: Unicode.Scalar] = [:]
        for (letters, base) in groups {
            for ch in letters { for u in ch.unicodeScalars { d[u.value] = base.unicodeScalars.first! } }
        }
        return d
    }()

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
