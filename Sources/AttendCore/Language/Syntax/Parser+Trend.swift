// The `trend` column of a `show` list.
//
//     column = "trend" [window] | …

extension SyntaxParser {
    /// `trend [WINDOW]`, at `trend`: a rate measure marked to be shown week by week.
    mutating func parseTrend() throws(ParseFailure) -> ColumnSyntax {
        let start = index
        try advance()
        let phraseSpan = span(from: start)
        let window = atWindowStart() ? try parseWindow() : nil
        var m = MeasureSyntax(kind: .rate, phraseSpan: phraseSpan, window: window, span: span(from: start))
        m.trend = true
        return ColumnSyntax(kind: .measure(m), span: m.span)
    }
}
