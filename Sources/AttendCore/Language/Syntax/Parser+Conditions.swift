// Conditions, comparisons, operands and measure phrases.
//
//     condition  = unary { "and" unary } | unary { "or" unary }     (never both)
//     unary      = "not" unary | "(" condition ")" | comparison | flag
//     comparison = expr ( OP expr | "is" ["not"] ("empty" | expr)
//                       | ["not"] "in" "(" expr {"," expr} ")" ) [window]
//     flag       = ("persistent" | "severe" | "absent" | NAME) [window]
//     expr       = term { ("+" | "-") term }

extension SyntaxParser {
    // The functions down to "Comparisons and flags" call each other recursively, once per
    // bracket or `not`. They are kept lean (errors are built in `@inline(never)` helpers,
    // tokens are not copied) so that a debug build needs little stack per level: the
    // nesting limit then holds on a 512 KB thread.

    private enum Joiner { case and, or }

    mutating func parseCondition(after: String) throws(ParseFailure) -> ConditionSyntax {
        let start = index
        var terms = [try parseUnary(after: after)]
        var joiner: Joiner?
        var progress = LoopProgress()
        while let word = joinerHere() {
            guard progress.advanced(to: index) else { throw stalled() }
            if let joiner, joiner != word { throw mixedAndOrFailure() }
            joiner = word
            try advance()
            terms.append(try parseUnary(after: word == .and ? "`and`" : "`or`"))
        }
        guard terms.count > 1 else { return terms[0] }
        return joined(terms, and: joiner == .and, from: start)
    }

    @inline(never)
    private func joinerHere() -> Joiner? {
        atWord("and") ? .and : (atWord("or") ? .or : nil)
    }

    @inline(never)
    private func joined(_ terms: [ConditionSyntax], and: Bool, from start: Int) -> ConditionSyntax {
        ConditionSyntax(kind: and ? .and(terms) : .or(terms), span: span(from: start))
    }

    @inline(never)
    private func mixedAndOrFailure() -> ParseFailure {
        failure(.mixedAndOr(at: site(tok.span)))
    }

    private enum UnaryStart { case not, open, close, other }

    @inline(never)
    private func unaryStart() -> UnaryStart {
        let t = tokens[index]
        if t.kind == .leftParen { return .open }
        if t.kind == .rightParen { return .close }
        return t.isWord("not") ? .not : .other
    }

    private mutating func parseUnary(after: String) throws(ParseFailure) -> ConditionSyntax {
        switch unaryStart() {
        case .not: return try parseNot()
        case .open: return try parseBracketed()
        case .close: throw closingBracketFailure()
        case .other: return try parseComparisonOrFlag(after: after)
        }
    }

    private mutating func parseNot() throws(ParseFailure) -> ConditionSyntax {
        let start = index
        try enterNesting()
        try advance()
        let inner = try parseUnary(after: "`not`")
        nesting -= 1
        return negated(inner, from: start)
    }

    @inline(never)
    private func negated(_ inner: ConditionSyntax, from start: Int) -> ConditionSyntax {
        ConditionSyntax(kind: .not(inner), span: span(from: start))
    }

    private mutating func parseBracketed() throws(ParseFailure) -> ConditionSyntax {
        let start = index
        try enterNesting()
        bracketDepth += 1
        try advance()
        let inner = try parseCondition(after: "`(`")
        return try closeBracket(inner, from: start)
    }

    /// The `)` after a bracketed condition; the condition's span takes in the brackets.
    @inline(never)
    private mutating func closeBracket(_ inner: ConditionSyntax, from start: Int) throws(ParseFailure) -> ConditionSyntax {
        if tok.kind != .rightParen { throw unclosedBracketFailure(open: start) }
        bracketDepth -= 1
        nesting -= 1
        try advance()
        if atWindowStart() { throw windowAfterBracketFailure() }
        var closed = inner
        closed.span = span(from: start)
        return closed
    }

    @inline(never)
    private func tooManyTermsFailure() -> ParseFailure {
        failure(.tooManyTerms(limit: Parser.maxNesting, at: site(tok.span)))
    }

    @inline(never)
    private mutating func enterNesting() throws(ParseFailure) {
        nesting += 1
        if nesting > Parser.maxNesting {
            throw failure(.nestingTooDeep(limit: Parser.maxNesting, at: site(tok.span)))
        }
    }

    @inline(never)
    private func closingBracketFailure() -> ParseFailure {
        failure(.unexpectedClosingBracket(at: site(tok.span)))
    }

    @inline(never)
    private func windowAfterBracketFailure() -> ParseFailure {
        failure(.windowAfterBracket(at: site(tok.span)))
    }

    /// `(` at token `open` has no `)` where the current token is.
    @inline(never)
    func unclosedBracketFailure(open: Int) -> ParseFailure {
        if tok.kind == .end {
            return failure(.unclosedBracket(found: "the end of the input", at: site(tokens[open].span)), incomplete: true)
        }
        return unexpected { .unclosedBracket(found: $0, at: $1) }
    }

    // MARK: Comparisons and flags

    private mutating func parseComparisonOrFlag(after: String) throws(ParseFailure) -> ConditionSyntax {
        let start = index
        switch tok.kind {
        case .word:
            if tok.key == "persistent" || tok.key == "severe" {
                return try parsePredicate()
            }
            // `trend` is a `show` column (backquote a pupils.csv column called trend).
            if tok.key == "trend" { throw failure(.trendIsAColumn(at: site(tok.span))) }
            if Vocabulary.reserved.contains(tok.key) {
                throw unexpected { .expectedCondition(after: after, found: $0, suggestion: nil, at: $1) }
            }
        case .number, .minus, .string, .date, .parameter, .quotedName:
            break
        default:
            throw unexpected { .expectedCondition(after: after, found: $0, suggestion: nil, at: $1) }
        }

        let lhs = try parseExpr(left: true, after: after)
        let test: ComparisonSyntax.Test
        let operatorStart = index
        var operatorSpan = relative(tok)
        if let op = comparisonOperator(tok) {
            let opText = tok.text
            try advance()
            test = .compare(op, try parseExpr(left: false, after: "`\(opText)`"))
        } else if atWord("is") {
            try advance()
            var negated = false
            if tok.isWord("not") {
                negated = true
                try advance()
            }
            if tok.isWord("empty") {
                try advance()
                operatorSpan = span(from: operatorStart)
                test = .empty(negated: negated)
            } else {
                operatorSpan = span(from: operatorStart)
                test = .compare(negated ? .notEqual : .equal, try parseExpr(left: false, after: negated ? "`is not`" : "`is`"))
            }
        } else if atWord("in") && peek().kind == .leftParen {
            try advance()
            test = .member(try parseValueList(), negated: false)
        } else if atWord("not") && peek().isWord("in") {
            try advance()
            try advance()
            operatorSpan = span(from: operatorStart)
            guard at(.leftParen) else {
                throw unexpected { .expectedWord("`(` and a list of values", after: "`not in`", found: $0, at: $1) }
            }
            test = .member(try parseValueList(), negated: true)
        } else if atWord("like") {
            test = try parseLike()
        } else if atWord("in") && !peek().isWord("last") && !peek().isWord("any") {
            try advance()
            throw unexpected { .expectedWord("a bracketed list such as `(10, 11)`", after: "`in`", found: $0, at: $1) }
        } else {
            return try makeFlag(lhs, start: start)
        }

        var window = try parseOptionalWindowHere()
        var finalTest = test
        if window == nil, case .compare(let op, let rhs) = test, let (detached, moved) = detachTrailingWindow(rhs) {
            finalTest = .compare(op, detached)
            window = moved
        }
        let comparison = ComparisonSyntax(lhs: lhs, test: finalTest, operatorSpan: operatorSpan,
                                          window: window, span: span(from: start))
        try checkWindows(comparison)
        return ConditionSyntax(kind: .comparison(comparison), span: comparison.span)
    }

    private mutating func parseOptionalWindowHere() throws(ParseFailure) -> WindowSyntax? {
        atWindowStart() ? try parseWindow() : nil
    }

    private func comparisonOperator(_ t: Token) -> ComparisonSyntax.Operator? {
        switch t.kind {
        case .less: .less
        case .lessEqual: .lessOrEqual
        case .greater: .greater
        case .greaterEqual: .greaterOrEqual
        case .equal: .equal
        case .notEqual: .notEqual
        default: nil
        }
    }

    /// `persistent [WINDOW]`, `severe [WINDOW]`.
    private mutating func parsePredicate() throws(ParseFailure) -> ConditionSyntax {
        let start = index
        let word = tok
        try advance()
        if comparisonOperator(tok) != nil || atWord("is") {
            throw failure(.predicateCompared(word.key, at: site(word.span)))
        }
        let window = try parseOptionalWindowHere()
        let flag = FlagSyntax(subject: .predicate(word.key == "severe" ? .severe : .persistent),
                              subjectSpan: relative(word), window: window, span: span(from: start))
        return ConditionSyntax(kind: .flag(flag), span: flag.span)
    }

    /// An operand with no operator after it: `fsm`, `absent today`. Anything else must be
    /// compared.
    private mutating func makeFlag(_ lhs: ExprSyntax, start: Int) throws(ParseFailure) -> ConditionSyntax {
        switch lhs.kind {
        case .attribute(let name):
            if atWindowStart() {
                if !name.quoted, let s = Suggestion.nearest(to: name.text, in: Vocabulary.predicates + Vocabulary.measureWords) {
                    throw failure(.unknownMeasure(name.text, suggestion: s, at: site(relative: name.span)))
                }
                let window = try parseWindow()
                throw failure(.windowWithoutMeasure(name.text, at: site(relative: window.span)))
            }
            let flag = FlagSyntax(subject: .attribute(name), subjectSpan: name.span, window: nil, span: span(from: start))
            return ConditionSyntax(kind: .flag(flag), span: flag.span)
        case .measure(let m):
            if case .casework(let c) = m.kind { return try caseworkFlag(m, c, start: start) }
            if let projection = projectionFlag(m, from: start) { return projection }
            // `absent on fridays` is a count: it needs its comparison (`>= 2`).
            guard case .absent = m.kind, m.weekdays == nil else {
                throw failure(.measureNeedsComparison(measureText(m), at: site(relative: m.phraseSpan)))
            }
            let flag = FlagSyntax(subject: .predicate(.absent), subjectSpan: m.phraseSpan, window: m.window, span: span(from: start))
            return ConditionSyntax(kind: .flag(flag), span: flag.span)
        default:
            let operand = String(decoding: bytes[(lhs.span.lowerBound + statementStart)..<(lhs.span.upperBound + statementStart)], as: UTF8.self)
            throw unexpected { .expectedWord("a comparison such as `<` or `=`", after: "`\(Diagnostic.clip(operand))`", found: $0, at: $1) }
        }
    }

    /// When a comparison's right side ends with a measure that took a window, that window
    /// ends the comparison: it moves from the measure to the comparison.
    private func detachTrailingWindow(_ e: ExprSyntax) -> (ExprSyntax, WindowSyntax)? {
        switch e.kind {
        case .measure(var m):
            guard let w = m.window else { return nil }
            m.window = nil
            m.span = m.phraseSpan
            return (ExprSyntax(kind: .measure(m), span: e.span.lowerBound..<m.phraseSpan.upperBound), w)
        case .binary(let op, let l, let r):
            guard let (r2, w) = detachTrailingWindow(r) else { return nil }
            return (ExprSyntax(kind: .binary(op, l, r2), span: e.span.lowerBound..<r2.span.upperBound), w)
        default:
            return nil
        }
    }

    /// A comparison's window must reach a measure; a comparison that needs a measure (it
    /// has a window, a percentage or a count of days) but has none names a misspelt one.
    private func checkWindows(_ c: ComparisonSyntax) throws(ParseFailure) {
        var measures: [MeasureSyntax] = []
        var words: [(String, Range<Int>)] = []
        var needsMeasure = c.window != nil
        func collect(_ e: ExprSyntax) {
            switch e.kind {
            case .measure(let m): measures.append(m)
            case .attribute(let n) where !n.quoted: words.append((n.text, n.span))
            case .word(let w): words.append((w, e.span))
            case .percentage, .count: needsMeasure = true
            case .binary(_, let l, let r): collect(l); collect(r)
            default: break
            }
        }
        collect(c.lhs)
        switch c.test {
        case .compare(_, let rhs): collect(rhs)
        case .member(let values, _): values.forEach(collect)
        case .empty, .like: break
        }
        if measures.isEmpty {
            guard needsMeasure else { return }
            for (word, wordSpan) in words {
                if let s = Suggestion.nearest(to: word, in: Vocabulary.measureWords) {
                    throw failure(.unknownMeasure(word, suggestion: s, at: site(relative: wordSpan)))
                }
            }
            if let w = c.window {
                throw failure(.windowWithoutMeasure(nil, at: site(relative: w.span)))
            }
        } else if let w = c.window, measures.allSatisfy({ $0.window != nil }) {
            throw failure(.windowReachesNoMeasure(at: site(relative: w.span)))
        }
    }

    /// `( expr, … )` after `in` or a scope word.
    mutating func parseValueList() throws(ParseFailure) -> [ExprSyntax] {
        let openIndex = index
        bracketDepth += 1
        try advance()
        var values = [try parseExpr(left: false, after: "`(`")]
        var progress = LoopProgress()
        while at(.comma) {
            guard progress.advanced(to: index) else { throw stalled() }
            try advance()
            values.append(try parseExpr(left: false, after: "`,`"))
        }
        guard at(.rightParen) else { throw unclosedBracketFailure(open: openIndex) }
        bracketDepth -= 1
        try advance()
        return values
    }

    // MARK: Operands

    /// `term { (+|-) term }`. On the left of a comparison a bare word is a column; on the
    /// right (and in lists) it is a text value.
    mutating func parseExpr(left: Bool, after: String) throws(ParseFailure) -> ExprSyntax {
        let start = index
        var e = try parseTerm(left: left, after: after)
        var progress = LoopProgress()
        // A sum nests one level per term (left-associative): it is held to the depth limit,
        // so that every stage that walks the tree recurses at most that deep for it (the
        // binder and the evaluator walk a sum in a loop; the small walks of the explainer,
        // the printers and the unit checks recurse).
        var terms = 1
        while at(.plus) || at(.minus) {
            guard progress.advanced(to: index) else { throw stalled() }
            terms += 1
            if terms > Parser.maxNesting { throw tooManyTermsFailure() }
            let op: ExprSyntax.ArithmeticOperator = at(.plus) ? .plus : .minus
            try advance()
            let r = try parseTerm(left: left, after: "`\(op.rawValue)`")
            e = ExprSyntax(kind: .binary(op, e, r), span: span(from: start))
        }
        return e
    }

    mutating func parseTerm(left: Bool, after: String) throws(ParseFailure) -> ExprSyntax {
        let start = index
        switch tok.kind {
        case .number:
            return try parseNumberTerm(negative: false)
        case .minus where peek().kind == .number:
            try advance()
            return try parseNumberTerm(negative: true, from: start)
        case .date:
            let day = try dateLiteral(tok)
            try advance()
            return ExprSyntax(kind: .date(day), span: span(from: start))
        case .string:
            let value = tok.value
            try advance()
            return ExprSyntax(kind: .text(value), span: span(from: start))
        case .parameter:
            let value = tok.value
            try advance()
            return ExprSyntax(kind: .parameter(value), span: span(from: start))
        case .quotedName:
            let name = NameSyntax(text: tok.value, quoted: true, span: relative(tok))
            try advance()
            return ExprSyntax(kind: .attribute(name), span: name.span)
        case .word:
            if isMeasureStart(index) {
                let m = try parseMeasure()
                return ExprSyntax(kind: .measure(m), span: m.span)
            }
            if Vocabulary.reserved.contains(tok.key) || tok.key == "persistent" || tok.key == "severe" {
                throw unexpected { .expectedOperand(after: after, found: $0, at: $1) }
            }
            let t = tok
            try advance()
            return ExprSyntax(kind: left ? .attribute(NameSyntax(text: t.text, quoted: false, span: relative(t))) : .word(t.text),
                              span: relative(t))
        default:
            throw unexpected { .expectedOperand(after: after, found: $0, at: $1) }
        }
    }

    /// A number, with `%` or a unit after it, or the day of `23 Jan 2026`.
    private mutating func parseNumberTerm(negative: Bool, from start: Int? = nil) throws(ParseFailure) -> ExprSyntax {
        let start = start ?? index
        if !negative, let day = try parseSpelledDate() {
            return ExprSyntax(kind: .date(day), span: span(from: start))
        }
        var value = try decimal(tok)
        if negative { value.units = -value.units }
        try advance()
        if at(.percent) {
            try advance()
            return ExprSyntax(kind: .percentage(value), span: span(from: start))
        }
        if !atBarrier && tok.kind == .word && !peek().isWord("coded") {
            let unit: ExprSyntax.CountUnit? = switch tok.key {
            case "days", "day": .days
            case "sessions", "session": .sessions
            default: nil
            }
            if let unit {
                try advance()
                return ExprSyntax(kind: .count(value, unit), span: span(from: start))
            }
        }
        return ExprSyntax(kind: .number(value), span: span(from: start))
    }

    // MARK: Measures

    /// Whether a measure phrase starts at token `i`.
    func isMeasureStart(_ i: Int) -> Bool {
        let t = tokens[i]
        guard t.kind == .word else { return false }
        if isProjectionStart(i) { return true }
        let next = tokens[min(i + 1, tokens.count - 1)]
        switch t.key {
        case "minutes": return next.isWord("late")
        case "sessions", "days", "streak": return next.isWord("coded") || isCaseworkMeasureStart(i)
        default: return Vocabulary.simpleMeasures.contains(t.key) || isCaseworkMeasureStart(i)
        }
    }

    /// A measure phrase and the window written straight after it, if any.
    mutating func parseMeasure() throws(ParseFailure) -> MeasureSyntax {
        if isCaseworkMeasureStart(index) { return try parseCaseworkMeasure() }
        if isProjectionStart(index) { return try parseProjectionMeasure() }
        let start = index
        let word = tok.key
        let kind: MeasureSyntax.Kind
        switch word {
        case "minutes":
            try advance()
            try advance()
            kind = .minutesLate
        case "sessions", "days", "streak":
            try advance()
            try advance()
            let codes = try parseCodes()
            kind = word == "sessions" ? .sessionsCoded(codes) : (word == "days" ? .daysCoded(codes) : .streakCoded(codes))
        default:
            let streakOf: MeasureSyntax.StreakMarks? = switch word {
            case "present": .present
            case "attended": .attended
            case "authorised", "authorized": .authorised
            case "unauthorised", "unauthorized": .unauthorised
            case "absent": .absent
            case "late": .late
            default: nil
            }
            if let streakOf, peek().isWord("streak") {
                try advance()
                try advance()
                kind = .streak(streakOf)
            } else {
                try advance()
                kind = switch word {
                case "possible": .possible
                case "present": .present
                case "attended": .attended
                case "authorised", "authorized": .authorised
                case "unauthorised", "unauthorized": .unauthorised
                case "absent": .absent
                case "absence": .absence
                case "late": .late
                case "band": .band
                default: .rate
                }
            }
        }
        let weekdays = try parseOptionalWeekdays(after: kind)
        let phraseSpan = span(from: start)
        let window = atWindowStart() ? try parseWindow() : nil
        var measure = MeasureSyntax(kind: kind, phraseSpan: phraseSpan, window: window, span: span(from: start))
        measure.weekdays = weekdays
        return measure
    }

    /// `CODE {, CODE}` after `coded`.
    private mutating func parseCodes() throws(ParseFailure) -> [CodeSyntax] {
        func isCode(_ t: Token) -> Bool {
            switch t.kind {
            case .code: return true
            case .word: return Lexer.isCodeText(t.text)
            // In quotes, any code an MIS may use (codes.csv): `coded "SC"`.
            case .string: return Lexer.isCodeText(t.value) || (1...8).contains(t.value.utf8.count) && t.value.utf8.allSatisfy { $0 > 32 && $0 < 127 }
            default: return false
            }
        }
        guard isCode(tok) else {
            throw unexpected { .expectedCode(found: $0, at: $1) }
        }
        var codes: [CodeSyntax] = []
        var progress = LoopProgress()
        while true {
            guard progress.advanced(to: index) else { throw stalled() }
            codes.append(CodeSyntax(code: tok.value.uppercased(), span: relative(tok)))
            try advance()
            if at(.comma) && isCode(peek()) {
                try advance()
                continue
            }
            break
        }
        if !atBarrier && isCode(tok) {
            throw failure(.codesNeedCommas(at: site(tok.span)))
        }
        return codes
    }
}
