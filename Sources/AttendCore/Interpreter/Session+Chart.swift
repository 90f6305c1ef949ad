extension Session {
    /// The chart a `chart …` statement draws from its grouped result; Q154 when the figure
    /// it names is not in the result.
    static func chart(_ c: ChartSyntax, _ q: QuerySyntax, _ table: ResultTable, _ s: Statement) throws(Diagnostic) -> Chart {
        let defaultValue: String? = switch q.body {
        case .count: "pupils"
        case .summary: "rate"
        default: nil
        }
        // The statement's words after `chart`, up to its output clauses, for a title.
        let words = String(decoding: Array(s.text.utf8)[c.span.upperBound..<min(s.text.utf8.count, Self.bodyEnd(q))], as: UTF8.self)
        guard let chart = Chart.of(table, value: c.value?.text, defaultValue: defaultValue, statement: words) else {
            let name = c.value?.text ?? "a figure"
            throw Diagnostic.unknownChartValue(name, available: Chart.figures(table), at: s.site(c.value?.span ?? c.span))
        }
        return chart
    }

    /// Where a query's body ends (before `sorted by`, `limit`, `into`).
    static func bodyEnd(_ q: QuerySyntax) -> Int {
        switch q.body {
        case .count(let c): c.span.upperBound
        case .grouped(let g): g.span.upperBound
        case .summary(let s): s.span.upperBound
        default: q.span.upperBound
        }
    }
}
