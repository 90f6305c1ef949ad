// Projection phrases (Docs/casework.md, "Projections"), parsed where a measure goes:
//
//     projection = "sessions" "needed" [ "for" NUMBER [ "%" ] ]
//                | "sessions" "remaining"
//                | "projected" "rate" [ "from" "last" whole ( "weeks" | "week" ) ]
//                | "at" "risk"
//                | "cannot" "avoid" "PA"
//
// Each word pair is contextual: `at`, `cannot`, `projected`, `needed` stay usable as
// column names. A window written after the phrase is kept for the binder, which accepts
// only `this year` (a projection runs to the end of the academic year).

extension SyntaxParser {
    /// Whether a projection phrase starts at token `i`.
    func isProjectionStart(_ i: Int) -> Bool {
        let t = tokens[i]
        guard t.kind == .word else { return false }
        let next = tokens[min(i + 1, tokens.count - 1)]
        switch t.key {
        case "sessions": return next.isWord("needed") || next.isWord("remaining")
        case "projected": return next.isWord("rate")
        case "at": return next.isWord("risk")
        case "cannot": return next.isWord("avoid")
        default: return false
        }
    }

    /// Whether `at risk` or `cannot avoid` starts at token `i`: a yes/no projection, which
    /// may follow `pupils` without `where`.
    func isProjectionFlagStart(_ i: Int) -> Bool {
        isProjectionStart(i) && (tokens[i].key == "at" || tokens[i].key == "cannot")
    }

    /// A projection phrase and the window written straight after it, if any.
    mutating func parseProjectionMeasure() throws(ParseFailure) -> MeasureSyntax {
        let start = index
        let first = tok.key
        try advance()
        let second = tok.key
        try advance()
        var projection: ProjectionSyntax
        switch (first, second) {
        case ("sessions", "needed"):
            projection = ProjectionSyntax(kind: .sessionsNeeded(nil))
            if atWord("for") && peek().kind == .number {
                try advance()
                let from = index
                let rate = try decimal(tok)
                try advance()
                if at(.percent) { try advance() }
                projection = ProjectionSyntax(kind: .sessionsNeeded(rate), argumentSpan: span(from: from))
            }
        case ("sessions", _):
            projection = ProjectionSyntax(kind: .sessionsRemaining)
        case ("projected", _):
            projection = ProjectionSyntax(kind: .projectedRate(nil))
            if atWord("from") && peek().isWord("last") {
                let from = index
                try advance()
                try advance()
                let n = try parseWholeNumber(after: "`from last`")
                try expectWeeks(after: "`from last \(SyntaxDump.number(n))`")
                projection = ProjectionSyntax(kind: .projectedRate(n), argumentSpan: span(from: from))
            }
        case ("at", _):
            projection = ProjectionSyntax(kind: .atRisk)
        default:
            // `cannot avoid` must be followed by `PA`.
            guard atWord("pa") else {
                throw unexpected { .expectedWord("`PA` (persistent absence)", after: "`cannot avoid`", found: $0, at: $1) }
            }
            try advance()
            projection = ProjectionSyntax(kind: .cannotAvoidPA)
        }
        let phraseSpan = span(from: start)
        let window = atWindowStart() ? try parseWindow() : nil
        return MeasureSyntax(kind: .projection(projection), phraseSpan: phraseSpan, window: window, span: span(from: start))
    }

    /// `at risk` or `cannot avoid PA` alone: a yes/no condition.
    func projectionFlag(_ m: MeasureSyntax, from start: Int) -> ConditionSyntax? {
        guard case .projection(let p) = m.kind, p.isCondition else { return nil }
        let flag = FlagSyntax(subject: .projection(p), subjectSpan: m.phraseSpan, window: m.window, span: span(from: start))
        return ConditionSyntax(kind: .flag(flag), span: flag.span)
    }
}
