// Statements, pupil lists and output clauses.
//
//     statement  = "explain" query | let | print | param | set | format | query
//     query      = body { clause }
//     body       = pupil-list | count | grouped | summary | codes | profile | show

extension SyntaxParser {
    mutating func parseStatement() throws(ParseFailure) -> StatementKind {
        let start = index
        if tok.kind == .word {
            switch tok.key {
            case "explain":
                try advance()
                if tok.kind == .end || tok.kind == .semicolon
                    || (tok.kind == .word && ["explain", "let", "print", "param", "set", "format"].contains(tok.key)) {
                    throw unexpected { .explainNeedsQuery(found: $0, at: $1) }
                }
                let query = try parseQuery()
                return .explain(ExplainSyntax(query: query, span: span(from: start)))
            case "let":
                return .letCohort(try parseLet())
            case "print":
                try advance()
                let text = try parseText(after: "`print`")
                return .print(PrintSyntax(text: text, span: span(from: start)))
            case "param":
                return .param(try parseParam())
            case "set":
                try advance()
                if tok.isWord("format") {
                    return .format(try parseFormat(start: start))
                }
                if tok.isWord("as-of") {
                    try advance()
                    let date = try parseDate(after: "`as-of`")
                    return .asOf(AsOfSyntax(date: date, span: span(from: start)))
                }
                if tok.kind == .word || tok.kind == .string {
                    let name = tok.kind == .word ? tok.key : tok.value
                    throw failure(.unknownSetting("`\(Diagnostic.clip(tok.text))`",
                                                  suggestion: Suggestion.nearest(to: name, in: Vocabulary.settings),
                                                  at: site(tok.span)))
                }
                throw unexpected { .expectedWord("`format` or `as-of`", after: "`set`", found: $0, at: $1) }
            case "format":
                return .format(try parseFormat(start: start))
            case "record":
                return .record(try parseRecord())
            default:
                break
            }
        }
        return .query(try parseQuery())
    }

    // MARK: Queries

    mutating func parseQuery() throws(ParseFailure) -> QuerySyntax {
        if atChart() { return try parseChart() }
        let start = index
        let body: QuerySyntax.Body
        var takesLetters = false
        switch tok.kind == .word ? tok.key : "" {
        case "count" where peek().isWord("actions"):
            try advance()
            body = .actions(try parseActionsQuery(counted: true, from: start))
        case "actions":
            body = .actions(try parseActionsQuery(counted: false, from: start))
        case "count":
            try advance()
            let pupils = try parsePupilList(after: "`count`")
            let groups = try parseGroups()
            body = .count(CountSyntax(pupils: pupils, groups: groups, span: span(from: start)))
        case "summary":
            try advance()
            let groups = try parseGroups()
            let window = try parseOptionalWindow()
            let more = window == nil ? [] : try parseMoreWindows()
            let pupils = try parseOptionalFor()
            body = .summary(SummarySyntax(groups: groups, window: window, pupils: pupils, span: span(from: start), moreWindows: more))
        case "codes":
            try advance()
            let window = try parseOptionalWindow()
            let pupils = try parseOptionalFor()
            body = .codes(CodesSyntax(window: window, pupils: pupils, span: span(from: start)))
        case "pupil":
            body = .profile(try parseProfile())
        case "show":
            body = .show(try parseShow())
            takesLetters = true
        case "pupils", "all":
            body = .pupils(try parsePupilList(after: "the start"))
            takesLetters = true
        default:
            if isMeasureStart(index) {
                body = .grouped(try parseGrouped())
            } else {
                try checkCohortStart()
                body = .pupils(try parsePupilList(after: "the start"))
                takesLetters = true
            }
        }
        var query = QuerySyntax(body: body, sort: [], limit: nil, into: nil, letters: nil, span: 0..<0)
        query.comparedWith = try parseOptionalComparison()
        try parseClauses(into: &query, takesLetters: takesLetters)
        query.span = span(from: start)
        return query
    }

    /// A statement that starts with a plain word names a cohort. When that word is not
    /// followed by anything a cohort can be, and is close to a statement word or measure,
    /// the word was probably misspelt: say so at the word.
    private mutating func checkCohortStart() throws(ParseFailure) {
        guard tok.kind == .word || tok.kind == .quotedName else {
            throw unexpected { .expectedStatement(found: $0, suggestion: nil, at: $1) }
        }
        guard tok.kind == .word else { return }
        if tok.key == "persistent" || tok.key == "severe" {
            throw failure(.expectedStatement(found: describe(tok), suggestion: "pupils where \(tok.key) …", at: site(tok.span)))
        }
        if Vocabulary.reservedForCohorts.contains(tok.key) {
            let suggestion = Suggestion.nearest(to: tok.key, in: Vocabulary.statementWords)
            throw failure(.expectedStatement(found: describe(tok), suggestion: suggestion, at: site(tok.span)))
        }
        let next = peek()
        let fits: Bool
        switch next.kind {
        case .end, .semicolon:
            fits = true
        case .word:
            fits = ["where", "in", "sorted", "limit", "into", "letters"].contains(next.key)
                || (next.startsLine && !Vocabulary.continuationWords.contains(next.key))
        case .quotedName, .invalid:
            fits = next.startsLine
        default:
            fits = false
        }
        guard !fits else { return }
        if let s = Suggestion.nearest(to: tok.key, in: Vocabulary.statementWords + Vocabulary.measureWords) {
            if Vocabulary.measureWords.contains(s) && !Vocabulary.statementWords.contains(s) {
                throw failure(.unknownMeasure(tok.text, suggestion: s, at: site(tok.span)))
            }
            throw failure(.expectedStatement(found: describe(tok), suggestion: s, at: site(tok.span)))
        }
    }

    /// `MEASURE [WINDOW] by NAME, … [WINDOW] [for PUPIL-LIST]`.
    private mutating func parseGrouped() throws(ParseFailure) -> GroupedSyntax {
        let start = index
        var measure = try parseMeasure()
        guard atWord("by") else {
            throw unexpected { .expectedWord("`by` and a column", after: "`\(measureText(measure))`", found: $0, at: $1) }
        }
        let groups = try parseGroups()
        if atWindowStart() {
            let window = try parseWindow()
            if measure.window != nil {
                throw failure(.misplacedWindow("a second window", at: site(relative: window.span)))
            }
            measure.window = window
        }
        let more = measure.window == nil ? [] : try parseMoreWindows()
        let pupils = try parseOptionalFor()
        return GroupedSyntax(measure: measure, groups: groups, pupils: pupils, span: span(from: start), moreWindows: more)
    }

    /// The text of a measure phrase as written.
    func measureText(_ m: MeasureSyntax) -> String {
        let lo = m.phraseSpan.lowerBound + statementStart
        let hi = m.phraseSpan.upperBound + statementStart
        return Diagnostic.clip(String(decoding: bytes[lo..<hi], as: UTF8.self))
    }

    /// `by NAME, …`, or nothing.
    mutating func parseGroups() throws(ParseFailure) -> [NameSyntax] {
        guard atWord("by") else { return [] }
        try advance()
        var names = [try parseName(after: "`by`")]
        var progress = LoopProgress()
        while at(.comma) {
            guard progress.advanced(to: index) else { throw stalled() }
            try advance()
            names.append(try parseName(after: "`,`"))
        }
        return names
    }

    mutating func parseOptionalWindow() throws(ParseFailure) -> WindowSyntax? {
        atWindowStart() ? try parseWindow() : nil
    }

    mutating func parseOptionalFor() throws(ParseFailure) -> PupilListSyntax? {
        guard atWord("for") else { return nil }
        try advance()
        return try parsePupilList(after: "`for`")
    }

    /// `pupil UPN [WINDOW]`.
    private mutating func parseProfile() throws(ParseFailure) -> ProfileSyntax {
        let start = index
        let pupilToken = tok
        try advance()
        let upn: TextSyntax
        switch tok.kind {
        case .word where Vocabulary.reserved.contains(tok.key) || ["absent", "persistent", "severe"].contains(tok.key):
            throw failure(.expectedUPN(found: describe(tok), looksLikePupilList: true, at: site(pupilToken.span)))
        case .word, .string:
            upn = TextSyntax(kind: .literal(tok.value), span: relative(tok))
            try advance()
        case .parameter:
            upn = TextSyntax(kind: .parameter(tok.value), span: relative(tok))
            try advance()
        default:
            throw unexpected { .expectedUPN(found: $0, looksLikePupilList: false, at: $1) }
        }
        let window = try parseOptionalWindow()
        return ProfileSyntax(upn: upn, window: window, span: span(from: start))
    }

    /// `show ITEM, … for PUPIL-LIST`.
    private mutating func parseShow() throws(ParseFailure) -> ShowSyntax {
        let start = index
        try advance()
        var columns = [try parseColumn(after: "`show`")]
        var progress = LoopProgress()
        while at(.comma) {
            guard progress.advanced(to: index) else { throw stalled() }
            try advance()
            columns.append(try parseColumn(after: "`,`"))
        }
        guard tok.isWord("for") else {
            throw unexpected { .expectedShowFor(found: $0, at: $1) }
        }
        try advance()
        let pupils = try parsePupilList(after: "`for`")
        return ShowSyntax(columns: columns, pupils: pupils, span: span(from: start))
    }

    /// A `show` item or `sorted by` key: a measure with an optional window, or a column.
    mutating func parseColumn(after: String) throws(ParseFailure) -> ColumnSyntax {
        let start = index
        if tok.isWord("trend") { return try parseTrend() }
        if isMeasureStart(index) {
            let m = try parseMeasure()
            return ColumnSyntax(kind: .measure(m), span: span(from: start))
        }
        let isName = tok.kind == .quotedName
            || (tok.kind == .word && !Vocabulary.reserved.contains(tok.key) && !["persistent", "severe"].contains(tok.key))
        guard isName else {
            throw unexpected { .expectedColumn(after: after, found: $0, at: $1) }
        }
        let name = NameSyntax(text: tok.value, quoted: tok.kind == .quotedName, span: relative(tok))
        try advance()
        if atWindowStart() {
            if !name.quoted, let s = Suggestion.nearest(to: name.text, in: Vocabulary.measureWords) {
                throw failure(.unknownMeasure(name.text, suggestion: s, at: site(relative: name.span)))
            }
            let window = try parseWindow()
            throw failure(.windowWithoutMeasure(name.text, at: site(relative: window.span)))
        }
        return ColumnSyntax(kind: .attribute(name), span: span(from: start))
    }

    // MARK: Pupil lists

    /// `[all] pupils [SCOPE…] [where COND | PREDICATE…]` or `COHORT [SCOPE…] [where COND]`.
    mutating func parsePupilList(after: String) throws(ParseFailure) -> PupilListSyntax {
        let start = index
        let source: PupilListSyntax.Source
        if tok.isWord("all") {
            try advance()
            guard tok.isWord("pupils") else {
                throw unexpected { .expectedWord("`pupils`", after: "`all`", found: $0, at: $1) }
            }
            try advance()
            source = .allPupils
        } else if tok.isWord("pupils") {
            try advance()
            source = .pupils
        } else if tok.kind == .quotedName || (tok.kind == .word && !Vocabulary.reservedForCohorts.contains(tok.key)) {
            source = .cohort(NameSyntax(text: tok.value, quoted: tok.kind == .quotedName, span: relative(tok)))
            try advance()
        } else {
            throw unexpected { .expectedPupilList(after: after, found: $0, at: $1) }
        }
        var scopes: [ScopeSyntax] = []
        var progress = LoopProgress()
        while atWord("in") && !peek().isWord("last") && !peek().isWord("any") {
            guard progress.advanced(to: index) else { throw stalled() }
            scopes.append(try parseScope())
        }
        var filter: ConditionSyntax?
        var withoutWhere = false
        if atWord("where") {
            try advance()
            filter = try parseCondition(after: "`where`")
        } else if tok.kind == .word && !atBarrier && ["absent", "persistent", "severe"].contains(tok.key) {
            if case .cohort = source {} else {
                filter = try parseCondition(after: "`pupils`")
                withoutWhere = true
            }
        } else if !atBarrier && isProjectionFlagStart(index) {
            // `pupils at risk`, `pupils cannot avoid PA`: as `pupils absent today`.
            if case .cohort = source {} else {
                filter = try parseCondition(after: "`pupils`")
                withoutWhere = true
            }
        }
        return PupilListSyntax(source: source, scopes: scopes, filter: filter, filterWithoutWhere: withoutWhere,
                               span: span(from: start))
    }

    /// `in year 9`, `in year (10, 11)`, `in form 10B`.
    private mutating func parseScope() throws(ParseFailure) -> ScopeSyntax {
        let start = index
        try advance()   // in
        let attribute: ScopeSyntax.Attribute
        if tok.isWord("year") {
            attribute = .year
        } else if tok.isWord("form") {
            attribute = .form
        } else {
            throw unexpected { .expectedWord("`year` or `form`", after: "`in`", found: $0, at: $1) }
        }
        let attributeText = tok.text
        try advance()
        var values: [ExprSyntax] = []
        if at(.leftParen) {
            values = try parseValueList()
        } else {
            values = [try parseScopeValue(after: "`\(attributeText)`")]
        }
        return ScopeSyntax(attribute: attribute, values: values, span: span(from: start))
    }

    /// A year or form: a number, word, string or parameter.
    mutating func parseScopeValue(after: String) throws(ParseFailure) -> ExprSyntax {
        let t = tok
        let kind: ExprSyntax.Kind
        switch t.kind {
        case .number:
            kind = .number(try decimal(t))
        case .word where !Vocabulary.reserved.contains(t.key):
            kind = .word(t.text)
        case .string:
            kind = .text(t.value)
        case .parameter:
            kind = .parameter(t.value)
        default:
            throw unexpected { .expectedOperand(after: after, found: $0, at: $1) }
        }
        try advance()
        return ExprSyntax(kind: kind, span: relative(t))
    }

    // MARK: Output clauses

    /// `[sorted by KEY [asc|desc], …] [limit N] [into "file" [replace] | letters using … into …]`, in
    /// that order, each at most once.
    mutating func parseClauses(into query: inout QuerySyntax, takesLetters: Bool) throws(ParseFailure) {
        var stage = 0
        var progress = LoopProgress()
        while true {
            guard progress.advanced(to: index) else { throw stalled() }
            if atWord("sorted") {
                guard stage < 1 else { throw failure(.clauseOutOfOrder("sorted by", at: site(tok.span))) }
                stage = 1
                try advance()
                guard tok.isWord("by") else {
                    throw unexpected { .expectedWord("`by`", after: "`sorted`", found: $0, at: $1) }
                }
                try advance()
                query.sort = [try parseSortKey(after: "`sorted by`")]
                var keys = LoopProgress()
                while at(.comma) {
                    guard keys.advanced(to: index) else { throw stalled() }
                    try advance()
                    query.sort.append(try parseSortKey(after: "`,`"))
                }
            } else if atWord("limit") {
                guard stage < 2 else { throw failure(.clauseOutOfOrder("limit", at: site(tok.span))) }
                stage = 2
                try advance()
                query.limit = try parseWholeNumber(after: "`limit`")
            } else if atWord("into") {
                guard stage < 3 else { throw failure(.clauseOutOfOrder("into", at: site(tok.span))) }
                stage = 3
                try advance()
                query.into = try parseText(after: "`into`")
                if atWord("replace") {
                    query.intoReplace = true
                    try advance()
                }
            } else if atWord("letters") && takesLetters {
                guard stage < 3 else { throw failure(.clauseOutOfOrder("letters", at: site(tok.span))) }
                stage = 3
                query.letters = try parseLetters()
            } else {
                return
            }
        }
    }

    private mutating func parseSortKey(after: String) throws(ParseFailure) -> SortKeySyntax {
        let start = index
        let column: ColumnSyntax
        if tok.kind == .word && tok.key == "pupils" {
            // `count pupils by form sorted by pupils desc`: the result's own column.
            let name = NameSyntax(text: tok.value, quoted: false, span: relative(tok))
            try advance()
            column = ColumnSyntax(kind: .attribute(name), span: span(from: start))
        } else {
            column = try parseColumn(after: after)
        }
        var direction: SortKeySyntax.Direction?
        if atWord("asc") || atWord("desc") {
            direction = tok.key == "asc" ? .ascending : .descending
            try advance()
        }
        return SortKeySyntax(column: column, direction: direction, span: span(from: start))
    }

    /// `letters using "TEMPLATE" into "FOLDER" [NAME [= VALUE] [,]]…`.
    private mutating func parseLetters() throws(ParseFailure) -> LettersSyntax {
        let start = index
        try advance()   // letters
        guard tok.isWord("using") else {
            throw unexpected { .expectedWord("`using` and a template file", after: "`letters`", found: $0, at: $1) }
        }
        try advance()
        let template = try parseText(after: "`using`")
        guard tok.isWord("into") else {
            throw unexpected { .expectedWord("`into` and a folder", after: "the template", found: $0, at: $1) }
        }
        try advance()
        let folder = try parseText(after: "`into`")
        var options: [LetterOptionSyntax] = []
        var progress = LoopProgress()
        while !atBarrier && tok.kind == .word && !Vocabulary.reserved.contains(tok.key) {
            guard progress.advanced(to: index) else { throw stalled() }
            let optionStart = index
            let name = NameSyntax(text: tok.text, quoted: false, span: relative(tok))
            try advance()
            var value: ExprSyntax?
            if at(.equal) {
                try advance()
                value = try parseLiteralValue(after: "`=`")
            }
            options.append(LetterOptionSyntax(name: name, value: value, span: span(from: optionStart)))
            if at(.comma) { try advance() }
        }
        return LettersSyntax(template: template, folder: folder, options: options, span: span(from: start))
    }

    // MARK: Script statements

    /// `let NAME = PUPIL-LIST`.
    private mutating func parseLet() throws(ParseFailure) -> LetSyntax {
        let start = index
        try advance()
        guard tok.kind == .word || tok.kind == .quotedName else {
            throw unexpected { .expectedName(after: "`let`", found: $0, at: $1) }
        }
        if tok.kind == .word && Vocabulary.reservedForCohorts.contains(tok.key) {
            throw failure(.reservedCohortName(tok.text, at: site(tok.span)))
        }
        let name = NameSyntax(text: tok.value, quoted: tok.kind == .quotedName, span: relative(tok))
        try advance()
        guard at(.equal) else {
            throw unexpected { .expectedWord("`=`", after: "`let \(Diagnostic.clip(name.text))`", found: $0, at: $1) }
        }
        try advance()
        let pupils = try parsePupilList(after: "`=`")
        for clause in ["sorted", "limit", "into", "letters"] where atWord(clause) {
            throw failure(.clauseInCohort(clause == "sorted" ? "sorted by" : clause, at: site(tok.span)))
        }
        return LetSyntax(name: name, pupils: pupils, span: span(from: start))
    }

    /// `param NAME [= VALUE]`.
    private mutating func parseParam() throws(ParseFailure) -> ParamSyntax {
        let start = index
        try advance()
        guard tok.kind == .parameter || (tok.kind == .word && !Vocabulary.reserved.contains(tok.key)) else {
            throw unexpected { .expectedName(after: "`param`", found: $0, at: $1) }
        }
        let name = NameSyntax(text: tok.value, quoted: false, span: relative(tok))
        try advance()
        var value: ExprSyntax?
        if at(.equal) {
            try advance()
            value = try parseLiteralValue(after: "`=`")
        }
        return ParamSyntax(name: name, defaultValue: value, span: span(from: start))
    }

    /// `format NAME` (after `set` when `start` is `set`'s token).
    private mutating func parseFormat(start: Int) throws(ParseFailure) -> FormatSyntax {
        try advance()   // format
        guard tok.kind == .word || tok.kind == .string else {
            throw unexpected { .expectedWord("a format such as `csv`", after: "`format`", found: $0, at: $1) }
        }
        let name = tok.kind == .word ? tok.key : tok.value.lowercased()
        guard Vocabulary.formats.contains(name) else {
            throw failure(.unknownFormat("`\(Diagnostic.clip(tok.text))`", suggestion: Suggestion.nearest(to: name, in: Vocabulary.formats),
                                         at: site(tok.span)))
        }
        let nameSpan = relative(tok)
        try advance()
        return FormatSyntax(name: name, nameSpan: nameSpan, span: span(from: start))
    }
}
