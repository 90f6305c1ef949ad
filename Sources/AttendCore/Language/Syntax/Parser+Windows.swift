// Windows and periods.
//
//     window = "over" period [until] | period-this-last [until]
//            | "between" date "and" date | "since" date [until] | "on" date
//            | "today" | "yesterday"
//            | "in" "last" N ["school"] "weeks" | "in" "any" N ["school"] "weeks" ["over" period] [until]
//     until  = "until" ( N ["school"] "days" "ago" | date )
//     period = "term" N | ("autumn"|"spring"|"summer") "term" | "half-term" N
//            | ("this"|"last") ("term"|"half-term"|"year"|"week") | ACADEMIC-YEAR

extension SyntaxParser {
    /// Whether a window starts at the current token (and it belongs to this statement).
    func atWindowStart() -> Bool {
        guard tok.kind == .word, !atBarrier else { return false }
        if atMonthOrDayWindowStart() { return true }
        let next = peek()
        switch tok.key {
        case "over", "between", "since", "today", "yesterday", "until":
            return true
        // At the end of the input these words can only be the start of a window, so the
        // window is reported as incomplete.
        case "on":
            return next.kind == .date || next.kind == .number || next.kind == .parameter
                || next.isWord("today") || next.isWord("yesterday") || next.kind == .end
        case "in":
            return next.isWord("last") || next.isWord("any") || next.kind == .end
        case "this", "last":
            return (next.kind == .word && ["term", "half-term", "year", "week"].contains(next.key)) || next.kind == .end
        default:
            return false
        }
    }

    mutating func parseWindow() throws(ParseFailure) -> WindowSyntax {
        let start = index
        let word = tok
        var takesUntil = false
        let kind: WindowSyntax.Kind
        switch word.key {
        case "over":
            try advance()
            kind = .period(try parsePeriod(after: "`over`"))
            takesUntil = true
        case "last" where atLastWeekday():
            kind = .on(try parseLastWeekday())
        case "this", "last":
            kind = .period(try parsePeriod(after: "the start of the window"))
            takesUntil = true
        case "between":
            try advance()
            let from = try parseDate(after: "`between`")
            guard tok.isWord("and") else {
                throw unexpected { .expectedWord("`and` and the last date", after: "the first date of `between`", found: $0, at: $1) }
            }
            try advance()
            kind = .between(from, try parseDate(after: "`between … and`"))
        case "since":
            try advance()
            kind = .since(try parseSinceDate())
            takesUntil = true
        case "on":
            try advance()
            kind = .on(try parseDate(after: "`on`"))
        case "today":
            try advance()
            kind = .today
        case "yesterday":
            try advance()
            kind = .yesterday
        case "in" where Self.isMonthWord(peek()):
            try advance()
            kind = .period(try parseMonthPeriod())
            takesUntil = true
        case let w where Vocabulary.months[w] != nil:
            kind = .period(try parseMonthPeriod())
            takesUntil = true
        case "in":
            try advance()
            if tok.isWord("last") {
                try advance()
                let n = try parseWholeNumber(after: "`in last`")
                try expectWeeks(after: "`in last \(SyntaxDump.number(n))`")
                kind = .lastWeeks(n)
            } else if tok.isWord("any") {
                try advance()
                let n = try parseWholeNumber(after: "`in any`")
                try expectWeeks(after: "`in any \(SyntaxDump.number(n))`")
                var within: PeriodSyntax?
                if atWord("over") {
                    try advance()
                    within = try parsePeriod(after: "`over`")
                }
                kind = .anyWeeks(n, within: within)
                takesUntil = true
            } else {
                throw unexpected { .expectedWindow(after: "`in`", found: $0, at: $1) }
            }
        default:   // "until" with no period before it
            throw failure(.misplacedWindow("`until` without a period before it", at: site(word.span)))
        }
        var until: UntilSyntax?
        if atWord("until") {
            guard takesUntil else {
                throw failure(.misplacedWindow("`until` after this window", at: site(tok.span)))
            }
            until = try parseUntil()
        }
        if atWindowStart() {
            throw failure(.misplacedWindow("a second window", at: site(tok.span)))
        }
        return WindowSyntax(kind: kind, until: until, span: span(from: start))
    }

    /// `weeks` (or `week`), optionally `school weeks`.
    mutating func expectWeeks(after: String) throws(ParseFailure) {
        if tok.isWord("school") { try advance() }
        guard tok.isWord("weeks") || tok.isWord("week") else {
            throw unexpected { .expectedWord("`weeks`", after: after, found: $0, at: $1) }
        }
        try advance()
    }

    /// `until N days ago` or `until DATE`.
    private mutating func parseUntil() throws(ParseFailure) -> UntilSyntax {
        let start = index
        try advance()   // until
        let spelledDate = tok.kind == .number && peek().kind == .word && Vocabulary.months[peek().key] != nil
        if (tok.kind == .number && !spelledDate) || (tok.kind == .parameter && (peek().isWord("days") || peek().isWord("school"))) {
            let n = try parseWholeNumber(after: "`until`")
            if tok.isWord("school") { try advance() }
            guard tok.isWord("days") || tok.isWord("day") else {
                throw unexpected { .expectedWord("`days ago`", after: "`until \(SyntaxDump.number(n))`", found: $0, at: $1) }
            }
            try advance()
            guard tok.isWord("ago") else {
                throw unexpected { .expectedWord("`ago`", after: "`days`", found: $0, at: $1) }
            }
            try advance()
            return UntilSyntax(kind: .daysAgo(n), span: span(from: start))
        }
        let date = try parseDate(after: "`until`")
        return UntilSyntax(kind: .date(date), span: span(from: start))
    }

    mutating func parsePeriod(after: String) throws(ParseFailure) -> PeriodSyntax {
        let start = index
        let t = tok
        let kind: PeriodSyntax.Kind
        switch t.kind {
        case .academicYear:
            kind = .academicYear(try academicYear(t))
            try advance()
        case .word:
            switch t.key {
            case "term":
                try advance()
                kind = .term(try parseWholeNumber(after: "`term`"))
            case "half-term":
                try advance()
                kind = .halfTerm(try parseWholeNumber(after: "`half-term`"))
            case let w where Vocabulary.months[w] != nil:
                return try parseMonthPeriod()
            case "autumn", "spring", "summer":
                try advance()
                guard tok.isWord("term") else {
                    throw unexpected { .expectedWord("`term`", after: "`\(t.text)`", found: $0, at: $1) }
                }
                try advance()
                kind = .seasonTerm(PeriodSyntax.Season(rawValue: t.key) ?? .autumn)
            case "this", "last":
                try advance()
                let unit: PeriodSyntax.Unit
                switch tok.kind == .word ? tok.key : "" {
                case "term": unit = .term
                case "half-term": unit = .halfTerm
                case "year": unit = .year
                case "week": unit = .week
                case "month": unit = .month
                default:
                    let suggestion = tok.kind == .word ? Suggestion.nearest(to: tok.key, in: ["term", "half-term", "year", "week", "month"]) : nil
                    throw unexpected { .expectedPeriod(after: "`\(t.text)`", found: $0, suggestion: suggestion, at: $1) }
                }
                try advance()
                kind = t.key == "this" ? .this(unit) : .last(unit)
            default:
                let suggestion = t.key == "half" ? "half-term" : Suggestion.nearest(to: t.key, in: Vocabulary.periodWords)
                throw unexpected { .expectedPeriod(after: after, found: $0, suggestion: suggestion, at: $1) }
            }
        default:
            throw unexpected { .expectedPeriod(after: after, found: $0, suggestion: nil, at: $1) }
        }
        return PeriodSyntax(kind: kind, span: span(from: start))
    }

    /// `2024/25` or `2024/2025` → 2024.
    private func academicYear(_ t: Token) throws(ParseFailure) -> Int {
        let parts = t.text.split(separator: "/")
        guard parts.count == 2, let first = Int(parts[0]), let second = Int(parts[1]),
              first >= 1900, first <= 2200,
              (parts[1].count == 2 && second == (first + 1) % 100) || (parts[1].count == 4 && second == first + 1)
        else {
            throw failure(.invalidAcademicYear(t.text, at: site(t.span)))
        }
        return first
    }
}
