// Parsing the casework statements and measures (CaseworkSyntax.swift).

extension SyntaxParser {
    /// The action a word names in a query: one of the national words (`meeting`,
    /// `penalty-notice`).
    static func actionWord(_ t: Token) -> ActionKind? {
        guard t.kind == .word else { return nil }
        return ActionKind(rawValue: t.key)
    }

    /// Whether a casework measure starts at token `i`: an action word, `actions`, `no ACTION`,
    /// `last action`, `days since last action`, `next step`.
    func isCaseworkMeasureStart(_ i: Int) -> Bool {
        let t = tokens[i]
        guard t.kind == .word else { return false }
        func next(_ k: Int) -> Token { tokens[min(i + k, tokens.count - 1)] }
        switch t.key {
        case "actions": return !next(1).isWord("for") || !next(2).isWord("pupil")
        case "no": return Self.actionWord(next(1)) != nil || next(1).isWord("actions")
        case "last": return next(1).isWord("action")
        case "days": return next(1).isWord("since") && next(2).isWord("last") && next(3).isWord("action")
        case "next": return next(1).isWord("step")
        default: return Self.actionWord(t) != nil
        }
    }

    /// A casework measure and its window: `meeting in last 20 days`, `penalty-notice over
    /// this year`, `next step`.
    mutating func parseCaseworkMeasure() throws(ParseFailure) -> MeasureSyntax {
        let start = index
        var negated = false
        if tok.isWord("no") {
            negated = true
            try advance()
            guard Self.actionWord(tok) != nil || tok.isWord("actions") else {
                throw unexpected { .noNeedsAction(found: $0, at: $1) }
            }
        }
        let kind: CaseworkMeasureSyntax.Kind
        switch tok.key {
        case "actions": try advance(); kind = .count(nil)
        case "last": try advance(); try advance(); kind = .lastAction
        case "days": for _ in 0..<4 { try advance() }; kind = .daysSinceLastAction
        case "next": try advance(); try advance(); kind = .nextStep
        default:
            let a = Self.actionWord(tok)
            try advance()
            kind = .count(a)
        }
        let phraseSpan = span(from: start)
        var recent: RecentSyntax?
        var window: WindowSyntax?
        if case .count = kind {
            if let r = try parseRecent() { recent = r } else if atWindowStart() { window = try parseWindow() }
        }
        let c = CaseworkMeasureSyntax(kind: kind, negated: negated, recent: recent)
        return MeasureSyntax(kind: .casework(c), phraseSpan: phraseSpan, window: window, span: span(from: start))
    }

    /// `in last N days|weeks|months|years` where the unit is not school weeks' own
    /// `in last N weeks`… it is: for actions, weeks are calendar weeks too. Nil when the
    /// tokens are not `in last N UNIT`.
    mutating func parseRecent() throws(ParseFailure) -> RecentSyntax? {
        guard atWord("in"), peek().isWord("last"), peek(2).kind == .number || peek(2).kind == .parameter else { return nil }
        let unitToken = peek(3)
        let unit: RecentSyntax.Unit? = switch unitToken.key {
        case "day", "days": .days
        case "week", "weeks": .weeks
        case "month", "months": .months
        case "year", "years": .years
        default: nil
        }
        let start = index
        try advance()
        try advance()
        let n = try parseWholeNumber(after: "`last`")
        guard unit != nil, unitToken.kind == .word else {
            throw unexpected { .actionWindowUnit(found: $0, at: $1) }
        }
        try advance()
        return RecentSyntax(count: n, unit: unit!, span: span(from: start))
    }

    /// `record ACTION for UPN on DATE by "WHO" [note "TEXT"]`.
    mutating func parseRecord() throws(ParseFailure) -> RecordSyntax {
        let start = index
        try advance()   // record
        guard tok.kind == .word || tok.kind == .string, !atBarrier else {
            throw unexpected { .expectedAction(found: $0, at: $1) }
        }
        let action = tok.value
        let actionSpan = relative(tok)
        try advance()
        guard atWord("for") else { throw unexpected { .recordNeeds("`for` and the pupil's UPN", found: $0, at: $1) } }
        try advance()
        let upn: TextSyntax
        switch tok.kind {
        case .word where !atBarrier, .string:
            upn = TextSyntax(kind: .literal(tok.value), span: relative(tok))
            try advance()
        case .parameter:
            upn = TextSyntax(kind: .parameter(tok.value), span: relative(tok))
            try advance()
        default:
            throw unexpected { .recordNeeds("the pupil's UPN", found: $0, at: $1) }
        }
        guard atWord("on") else { throw unexpected { .recordNeeds("`on` and the date it was done", found: $0, at: $1) } }
        try advance()
        let date = try parseDate(after: "`on`")
        guard atWord("by") else { throw unexpected { .recordNeeds("`by` and who did it, in quotes", found: $0, at: $1) } }
        try advance()
        let by = try parseText(after: "`by`")
        var note: TextSyntax?
        if atWord("note") {
            try advance()
            note = try parseText(after: "`note`")
        }
        return RecordSyntax(action: action, actionSpan: actionSpan, upn: upn, date: date, by: by, note: note, span: span(from: start))
    }

    /// `actions …` or `count actions by action …`, at `actions` (`counted`: after `count`).
    mutating func parseActionsQuery(counted: Bool, from start: Int) throws(ParseFailure) -> ActionsQuerySyntax {
        try advance()   // actions
        if counted {
            guard atWord("by") else { throw unexpected { .actionsNeeds("`by action`", found: $0, at: $1) } }
            try advance()
            guard atWord("action") else { throw unexpected { .actionsNeeds("`action` after `by`", found: $0, at: $1) } }
            try advance()
        }
        var q = ActionsQuerySyntax(counted: counted, pupil: nil, window: nil, recent: nil, pupils: nil, span: 0..<0)
        if let r = try parseRecent() { q.recent = r } else if atWindowStart() { q.window = try parseWindow() }
        if atWord("for") {
            try advance()
            if atWord("pupil") && !counted {
                try advance()
                switch tok.kind {
                case .word where !atBarrier, .string:
                    q.pupil = TextSyntax(kind: .literal(tok.value), span: relative(tok))
                    try advance()
                case .parameter:
                    q.pupil = TextSyntax(kind: .parameter(tok.value), span: relative(tok))
                    try advance()
                default:
                    throw unexpected { .actionsNeeds("the pupil's UPN", found: $0, at: $1) }
                }
            } else {
                q.pupils = try parsePupilList(after: "`for`")
            }
            // The window may come after the pupil too: `actions for pupil UPN in last 12 months`.
            if q.recent == nil && q.window == nil {
                if let r = try parseRecent() { q.recent = r } else if atWindowStart() { q.window = try parseWindow() }
            }
        }
        q.span = span(from: start)
        return q
    }
}

extension SyntaxParser {
    /// A casework measure used alone as a condition: `meeting in last 20 days` (at least
    /// one), `no meeting in last 20 days` (none). Other casework measures are compared.
    mutating func caseworkFlag(_ m: MeasureSyntax, _ c: CaseworkMeasureSyntax, start: Int) throws(ParseFailure) -> ConditionSyntax {
        guard case .count = c.kind else {
            throw failure(.measureNeedsComparison(measureText(m), at: site(relative: m.phraseSpan)))
        }
        let value = ExprSyntax(kind: .number(DecimalLiteral(units: c.negated ? 0 : 1, scale: 0)), span: m.phraseSpan)
        var plain = c
        plain.negated = false
        var measure = m
        measure.kind = .casework(plain)
        let lhs = ExprSyntax(kind: .measure(measure), span: m.span)
        let comparison = ComparisonSyntax(lhs: lhs, test: .compare(c.negated ? .equal : .greaterOrEqual, value),
                                          operatorSpan: m.phraseSpan, window: nil, span: span(from: start))
        return ConditionSyntax(kind: .comparison(comparison), span: comparison.span)
    }
}
