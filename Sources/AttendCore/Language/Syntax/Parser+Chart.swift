// Charts.
//
//     chart-query = "chart" ( grouped | summary | count | NAME "by" NAME [window] ["for" pupil-list] ) { clause }
//
// `chart NAME by …` names a figure of `summary` (`chart PA by form`); a measure (`chart rate
// by year`) is a grouped statement as it stands. The statement must group (Q071).

extension SyntaxParser {
    /// `chart` begins a chart unless it is a cohort's name used as one (`chart where …`).
    func atChart() -> Bool {
        guard tok.isWord("chart") else { return false }
        let next = peek()
        switch next.kind {
        case .end, .semicolon: return true
        case .word: return !["where", "in", "sorted", "limit", "into", "letters"].contains(next.key)
        default: return next.kind == .quotedName
        }
    }

    mutating func parseChart() throws(ParseFailure) -> QuerySyntax {
        let start = index
        let chartWord = relative(tok)
        try advance()
        var query: QuerySyntax
        let percentFigure = tok.kind == .word && peek().kind == .percent && peek(2).isWord("by")
        if (tok.kind == .word || tok.kind == .quotedName) && !isMeasureStart(index) && (peek().isWord("by") || percentFigure)
            && !["count", "summary"].contains(tok.key) {
            // `chart PA by form over this term`, `chart PA % by year`: that figure of the summary.
            let bodyStart = index
            var value = NameSyntax(text: tok.value, quoted: tok.kind == .quotedName, span: relative(tok))
            try advance()
            if percentFigure {
                value.text += " %"
                value.span = value.span.lowerBound..<relative(tok).upperBound
                try advance()
            }
            let groups = try parseGroups()
            let window = try parseOptionalWindow()
            let pupils = try parseOptionalFor()
            let summary = SummarySyntax(groups: groups, window: window, pupils: pupils, span: span(from: bodyStart))
            query = QuerySyntax(body: .summary(summary), sort: [], limit: nil, into: nil, letters: nil, span: 0..<0)
            try parseClauses(into: &query, takesLetters: false)
            query.chart = ChartSyntax(value: value, span: chartWord)
        } else {
            if tok.kind == .end || tok.kind == .semicolon || tok.isWord("chart") {
                throw failure(.chartNeedsGroups(at: site(relative: chartWord)))
            }
            query = try parseQuery()
            query.chart = ChartSyntax(value: nil, span: chartWord)
        }
        let grouped: Bool = switch query.body {
        case .grouped: true
        case .summary(let s): !s.groups.isEmpty
        case .count(let c): !c.groups.isEmpty
        default: false
        }
        if !grouped || query.letters != nil {
            throw failure(.chartNeedsGroups(at: site(relative: chartWord.lowerBound..<query.span.upperBound)))
        }
        query.span = span(from: start)
        return query
    }
}
