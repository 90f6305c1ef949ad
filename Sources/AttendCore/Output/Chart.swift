/// A chart of a grouped result (`chart rate by year over this term`): which column labels
/// the bars, which column they draw, and the title. It takes any grouped result: a table
/// whose first column names each group and which has a numeric column to draw. When the
/// result carries dates (a period grouping: one row per week, month or term with its
/// dates), the rows are a time series and are drawn as columns left to right, in the
/// result's order; otherwise as horizontal bars. CSV, TSV and JSON give the rows as they are.
public struct Chart: Sendable, Equatable {
    public var title: String
    /// The column that names each bar (the group).
    public var labelColumn: Int
    /// The column drawn.
    public var valueColumn: Int
    /// Whether the rows are periods (drawn as columns) rather than categories (bars).
    public var isSeries: Bool

    public init(title: String, labelColumn: Int = 0, valueColumn: Int, isSeries: Bool) {
        self.title = title
        self.labelColumn = labelColumn
        self.valueColumn = valueColumn
        self.isSeries = isSeries
    }

    /// The chart of `table` drawing the column called `value` (case and spaces ignored), or
    /// the default column: nil when there is no such numeric column.
    ///
    /// The title is the figure and the grouping, with the window and its dates as the
    /// statement's heading gives them; a result with no heading (`count … by …`) is titled
    /// with the statement's own words, `statement`, so that its condition is said.
    public static func of(_ table: ResultTable, value: String?, defaultValue: String?, statement: String? = nil) -> Chart? {
        func norm(_ s: String) -> String { s.lowercased().filter { $0 != " " } }
        let numeric = table.columns.indices.filter { i in
            i > 0 && [.integer, .number, .percent].contains(table.columns[i].kind)
        }
        let wanted = value ?? defaultValue
        let chosen: Int?
        if let wanted {
            chosen = numeric.first { norm(table.columns[$0].name) == norm(wanted) }
                ?? (value == nil ? numeric.last : nil)
        } else {
            chosen = numeric.last
        }
        guard let v = chosen, !table.columns.isEmpty else { return nil }
        let isSeries = table.columns.contains { $0.kind == .date }
        var title = "\(table.columns[v].name) by \(table.columns[0].name)"
        // The window in words, with its dates, as the statement's heading gives it.
        if let h = table.header.first, let r = h.range(of: " over ") {
            title += String(h[r.lowerBound...])
        } else if table.header.isEmpty, let statement {
            title = statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
        }
        return Chart(title: title, valueColumn: v, isSeries: isSeries)
    }

    /// The figures a chart may draw from `table`, for the hint when a name is unknown.
    public static func figures(_ table: ResultTable) -> [String] {
        table.columns.indices.filter { $0 > 0 && [.integer, .number, .percent].contains(table.columns[$0].kind) }.map { table.columns[$0].name }
    }
}
