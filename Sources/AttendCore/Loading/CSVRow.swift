/// One record of a CSV file whose header was matched: a field by its column's position in
/// the file (or by its canonical column name, through the header's index), its text trimmed by
/// the one trimming rule (``CSVScanner/trimmedString(_:)``, `""` unescaped), and its column
/// for a message's `file:line:column`. A column the file lacks, or a row cut short, gives no
/// field: empty text, column 1.
///
/// The one copy of these rules for the readers of calendar.csv, codes.csv and pupils.csv
/// (marks.csv reads byte ranges of its own, for speed).
struct CSVRow {
    let scanner: CSVScanner
    let fields: [CSVField]
    /// Canonical column name → field position (``ResolvedHeader/index``).
    let index: [String: Int]

    init(_ scanner: CSVScanner, _ fields: [CSVField], index: [String: Int] = [:]) {
        self.scanner = scanner
        self.fields = fields
        self.index = index
    }

    /// The field at position `i` (nil, or negative: a column the file lacks).
    func field(at i: Int?) -> CSVField? {
        guard let i, i >= 0, i < fields.count else { return nil }
        return fields[i]
    }

    func text(at i: Int?) -> String { field(at: i).map { scanner.trimmedString($0) } ?? "" }

    func column(at i: Int?) -> Int { field(at: i).map { scanner.column(of: $0) } ?? 1 }

    func field(_ name: String) -> CSVField? { field(at: index[name]) }

    func text(_ name: String) -> String { text(at: index[name]) }

    func column(_ name: String) -> Int { column(at: index[name]) }
}
