// Literal values: numbers, dates, texts, names.

extension SyntaxParser {
    /// The exact value of a number token; fails when it has more than
    /// ``Parser/maxDigits`` digits (before and after the point together), the limit the
    /// message names: 18 digits always fit in an `Int`, and so does ten times them.
    func decimal(_ t: Token) throws(ParseFailure) -> DecimalLiteral {
        var units = 0
        var scale = 0
        var digits = 0
        var afterPoint = false
        for b in t.text.utf8 {
            if b == UInt8(ascii: ".") { afterPoint = true; continue }
            if units != 0 || b != UInt8(ascii: "0") { digits += 1 }   // leading zeros do not count
            guard digits <= Parser.maxDigits && scale < Parser.maxDigits + (afterPoint ? 0 : 1) else {
                throw failure(.numberTooLarge(t.text, limit: Parser.maxDigits, at: site(t.span)))
            }
            units = units * 10 + Int(b &- 48)
            if afterPoint { scale += 1 }
        }
        return DecimalLiteral(units: units, scale: scale)
    }

    /// A whole number or a parameter: `term 1`, `limit 20`, `in last $weeks weeks`.
    mutating func parseWholeNumber(after: String) throws(ParseFailure) -> NumberSyntax {
        let t = tok
        switch t.kind {
        case .number:
            guard let n = try decimal(t).integerValue else {
                throw unexpected { .expectedWholeNumber(after: after, found: $0, at: $1) }
            }
            try advance()
            return NumberSyntax(kind: .literal(n), span: relative(t))
        case .parameter:
            try advance()
            return NumberSyntax(kind: .parameter(t.value), span: relative(t))
        default:
            throw unexpected { .expectedWholeNumber(after: after, found: $0, at: $1) }
        }
    }

    /// Text in quotes or a parameter: `"out.csv"`, `$file`.
    mutating func parseText(after: String) throws(ParseFailure) -> TextSyntax {
        let t = tok
        switch t.kind {
        case .string:
            try advance()
            return TextSyntax(kind: .literal(t.value), span: relative(t))
        case .parameter:
            try advance()
            return TextSyntax(kind: .parameter(t.value), span: relative(t))
        default:
            throw unexpected { .expectedText(after: after, found: $0, at: $1) }
        }
    }

    /// A column name: a word that is not reserved, or a backquoted name.
    mutating func parseName(after: String) throws(ParseFailure) -> NameSyntax {
        let t = tok
        guard t.kind == .quotedName || (t.kind == .word && !Vocabulary.reserved.contains(t.key)) else {
            throw unexpected { .expectedName(after: after, found: $0, at: $1) }
        }
        try advance()
        return NameSyntax(text: t.value, quoted: t.kind == .quotedName, span: relative(t))
    }

    /// A date: `2026-01-23`, `23/01/2026`, `23 Jan 2026`, `today`, `yesterday`, `$from`.
    mutating func parseDate(after: String) throws(ParseFailure) -> DateSyntax {
        let start = index
        let t = tok
        switch t.kind {
        case .date:
            let day = try dateLiteral(t)
            try advance()
            return DateSyntax(kind: .day(day), span: relative(t))
        case .number:
            if let day = try parseSpelledDate() {
                return DateSyntax(kind: .day(day), span: span(from: start))
            }
            if let dm = try parseDayMonth() { return dm }
        case .parameter:
            try advance()
            return DateSyntax(kind: .parameter(t.value), span: relative(t))
        case .word where t.key == "last" && atLastWeekday():
            return try parseLastWeekday()
        case .word where t.key == "today" || t.key == "yesterday":
            try advance()
            return DateSyntax(kind: t.key == "today" ? .today : .yesterday, span: relative(t))
        default:
            break
        }
        throw unexpected { .expectedDate(after: after, found: $0, at: $1) }
    }

    /// The day of a date token (`2026-01-23`, `23/01/2026`), which must exist.
    func dateLiteral(_ t: Token) throws(ParseFailure) -> Day {
        guard let day = Day(parsing: t.text) else {
            throw failure(.invalidDate(t.text, at: site(t.span)))
        }
        return day
    }

    /// `23 Jan 2026` at the current token: consumed and returned when the three tokens are
    /// there (failing if the date does not exist); nil, consuming nothing, otherwise.
    mutating func parseSpelledDate() throws(ParseFailure) -> Day? {
        let d = tok, m = peek(1), y = peek(2)
        guard d.kind == .number, d.text.utf8.count <= 2, m.kind == .word, let month = Vocabulary.months[m.key],
              !m.startsLine || bracketDepth > 0, y.kind == .number, y.text.utf8.count == 4,
              let dayNumber = Int(d.text), let year = Int(y.text) else { return nil }
        guard let day = Day(year: year, month: month, day: dayNumber) else {
            throw failure(.invalidDate("\(d.text) \(m.text) \(y.text)", at: site(d.start..<y.end)))
        }
        try advance()
        try advance()
        try advance()
        return day
    }

    /// A literal for a parameter's default or a letters option: a number (with `%` or a
    /// unit), text, a bare word or a date.
    mutating func parseLiteralValue(after: String) throws(ParseFailure) -> ExprSyntax {
        switch tok.kind {
        case .number, .minus, .string, .date:
            return try parseTerm(left: false, after: after)
        case .word where !isMeasureStart(index) && !Vocabulary.reserved.contains(tok.key):
            let t = tok
            try advance()
            return ExprSyntax(kind: .word(t.text), span: relative(t))
        default:
            throw unexpected { .expectedOperand(after: after, found: $0, at: $1) }
        }
    }
}
