/// The shapes in which an MIS or a spreadsheet writes a register (see the spec's
/// `exports/`): `attend demo --style` writes the same register in any of them, combined, so
/// that the loader's speed and answers can be checked on each. Whatever the style, the
/// register read back is the same: the same pupils, marks, minutes and calendar.
///
/// The quirks touch pupils.csv and marks.csv; calendar.csv, which a school writes by hand,
/// stays plain.
public struct DemoStyle: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Every field quoted, empty ones as `""`.
    public static let quoted = DemoStyle(rawValue: 1 << 0)
    /// Empty fields written as `""` (what Python's csv module and many exports write).
    public static let quotedEmpties = DemoStyle(rawValue: 1 << 1)
    /// CRLF line ends.
    public static let crlf = DemoStyle(rawValue: 1 << 2)
    /// A UTF-8 byte-order mark before each file's header.
    public static let bom = DemoStyle(rawValue: 1 << 3)
    /// Dates as dd/mm/yyyy.
    public static let ukDates = DemoStyle(rawValue: 1 << 4)
    /// MIS header names (`UPN`, `Legal Forename`, `Reg Group`, `Attendance Date`, …).
    public static let misHeaders = DemoStyle(rawValue: 1 << 5)
    /// marks.csv rows by date and session, then pupil (as SIMS exports them), not by pupil.
    public static let dateOrder = DemoStyle(rawValue: 1 << 6)
    /// marks.csv rows in a random order (the seed's).
    public static let shuffled = DemoStyle(rawValue: 1 << 7)
    /// A last `comment` column in marks.csv, mostly empty, sometimes holding commas, quotes
    /// and line ends.
    public static let commentColumn = DemoStyle(rawValue: 1 << 8)

    /// The style names of `attend demo --style`, each with the quirks it sets. `all` is
    /// every quirk at once, rows in date order.
    public static let named: [(name: String, style: DemoStyle)] = [
        ("plain", []),
        ("quoted", .quoted),
        ("quoted-empties", .quotedEmpties),
        ("crlf-bom", [.crlf, .bom]),
        ("uk-dates", .ukDates),
        ("mis-headers", .misHeaders),
        ("date-order", .dateOrder),
        ("shuffled", .shuffled),
        ("comment-column", .commentColumn),
        ("all", [.quoted, .quotedEmpties, .crlf, .bom, .ukDates, .misHeaders, .dateOrder, .commentColumn]),
    ]

    /// Parses `name[,name…]` (any case).
    public static func parse(_ text: String) throws(Diagnostic) -> DemoStyle {
        var style: DemoStyle = []
        for word in text.split(separator: ",", omittingEmptySubsequences: false) {
            let w = String(word).lowercased().filter { $0 != " " }
            guard let found = named.first(where: { $0.name == w }) else {
                throw .unknownDemoStyle(String(word), known: named.map(\.name))
            }
            style.formUnion(found.style)
        }
        if style.contains(.dateOrder) && style.contains(.shuffled) { throw .demoStyleBothOrders(text) }
        return style
    }

    /// The style's name, as `parse` reads it back.
    public var name: String {
        if let n = Self.named.first(where: { $0.style == self }) { return n.name }
        return Self.named.dropFirst().filter { $0.name != "all" && isSuperset(of: $0.style) }.map(\.name).joined(separator: ",")
    }
}
