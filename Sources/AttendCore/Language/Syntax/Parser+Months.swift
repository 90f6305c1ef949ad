// Calendar months and named days in windows and dates.
//
//     month-period = MONTH [YEAR]                       (a period: `over march`, `march 2026`)
//     window      += MONTH YEAR | "in" MONTH [YEAR] | ("this"|"last") "month"
//                  | "last" WEEKDAY                      (one day, like `on DATE`)
//     date        += "last" WEEKDAY | D MONTH            (no year: the as-of date's academic year)
//     since-date   = date | MONTH [YEAR]                 (`since september`: from the 1st)

extension SyntaxParser {
    /// Whether token `t` is a month name (`march`, `sep`).
    static func isMonthWord(_ t: Token) -> Bool { t.kind == .word && Vocabulary.months[t.key] != nil }

    /// Whether `t` is a four-digit year on the same line (or inside brackets).
    func isYearNumber(_ t: Token) -> Bool {
        t.kind == .number && t.text.utf8.count == 4 && t.text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// `last monday`: the current token is `last` and a weekday follows.
    func atLastWeekday() -> Bool {
        tok.isWord("last") && peek().kind == .word && Vocabulary.weekdayWords[peek().key] != nil
    }

    /// The month and window words that start a window besides those of ``atWindowStart()``:
    /// `march 2026`, `in march`, `this month`, `last monday`.
    func atMonthOrDayWindowStart() -> Bool {
        guard tok.kind == .word, !atBarrier else { return false }
        let next = peek()
        switch tok.key {
        case "this": return next.isWord("month")
        case "last": return next.isWord("month") || atLastWeekday()
        case "in": return Self.isMonthWord(next)
        case "on": return next.isWord("last")
        default: return Self.isMonthWord(tok) && isYearNumber(next)
        }
    }

    /// `MONTH [YEAR]` at the current token, as a period.
    mutating func parseMonthPeriod() throws(ParseFailure) -> PeriodSyntax {
        let start = index
        let month = Vocabulary.months[tok.key] ?? 1
        try advance()
        var year: Int?
        if isYearNumber(tok) && !atBarrier {
            year = Int(tok.text)
            try advance()
        }
        return PeriodSyntax(kind: .month(month, year: year), span: span(from: start))
    }

    /// `last monday` at the current token, as a date.
    mutating func parseLastWeekday() throws(ParseFailure) -> DateSyntax {
        let start = index
        try advance()   // last
        let weekday = Vocabulary.weekdayWords[tok.key] ?? 1
        try advance()
        return DateSyntax(kind: .lastWeekday(weekday), span: span(from: start))
    }

    /// `1 sep` (a day and month with no year) at the current token: consumed and returned
    /// when there; nil, consuming nothing, otherwise. Tried after ``parseSpelledDate()``.
    mutating func parseDayMonth() throws(ParseFailure) -> DateSyntax? {
        let start = index
        let d = tok, m = peek(1)
        guard d.kind == .number, d.text.utf8.count <= 2, Self.isMonthWord(m), !m.startsLine || bracketDepth > 0,
              let dayNumber = Int(d.text), let month = Vocabulary.months[m.key] else { return nil }
        // 29 February is checked against the year it falls in by the binder.
        guard dayNumber >= 1, dayNumber <= Day.daysIn(month: month, year: 2024) else {
            throw failure(.invalidDate("\(d.text) \(m.text)", at: site(d.start..<m.end)))
        }
        try advance()
        try advance()
        return DateSyntax(kind: .dayMonth(day: dayNumber, month: month), span: span(from: start))
    }

    /// After `since`: `september` (from its first day) or `september 2025`; else a date.
    mutating func parseSinceDate() throws(ParseFailure) -> DateSyntax {
        guard Self.isMonthWord(tok) else { return try parseDate(after: "`since`") }
        let start = index
        let month = Vocabulary.months[tok.key] ?? 1
        try advance()
        if isYearNumber(tok) && !atBarrier, let year = Int(tok.text), let day = Day(year: year, month: month, day: 1) {
            try advance()
            return DateSyntax(kind: .day(day), span: span(from: start))
        }
        return DateSyntax(kind: .dayMonth(day: 1, month: month), span: span(from: start))
    }
}
