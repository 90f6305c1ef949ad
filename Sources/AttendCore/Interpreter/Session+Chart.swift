extension Session {
    /// The chart a `chart …` statement draws from its grouped result; Q154 when the figure
    /// it names is not in the result.
    static func chart(_ c: ChartSyntax, _ q: QuerySyntax, _ table: ResultTable, _ s: Statement) throws(Diagnostic) -> Chart {
        let defaultValue: String? = switch q.body {
        case .count: "pupils"
        case .summary: "rate"
        default: nil
        }
        guard let chart = Chart.of(table, value: c.value?.text, defaultValue: defaultValue) else {
            let name = c.value?.text ?? "a figure"
            throw Diagnostic.unknownChartValue(name, available: Chart.figures(table), at: s.site(c.value?.span ?? c.span))
        }
        return chart
    }
}
