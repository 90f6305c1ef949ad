/// The front end of the query language: text in, statements or diagnostics out.
///
///     switch Parser.parse("pupils where rate < 90% over term 1") {
///     case .complete(let statements): …
///     case .incomplete(let diagnostic): // show a `...>` prompt and read another line
///     case .failed(let diagnostics): …
///     }
///
/// A hand-written recursive-descent parser over ``Lexer`` tokens. Grammar areas live in
/// `Parser+Statements.swift`, `Parser+Conditions.swift`, `Parser+Windows.swift` and
/// `Parser+Literals.swift`; the grammar itself is written out in Docs/grammar.md.
///
/// Guarantees for any input: no trap, no hang (every loop is guarded by ``LoopProgress``),
/// no deep recursion (brackets and `not` nest at most ``maxNesting`` deep), statements of at
/// most ``maxStatementBytes``, and at most one diagnostic per statement.
public enum Parser {
    /// The longest statement accepted, in UTF-8 bytes.
    public static let maxStatementBytes = 100_000
    /// How deep brackets and `not` may nest.
    public static let maxNesting = 100
    /// The most digits a number may have (Q008).
    public static let maxDigits = 18
    /// The longest text accepted at all, in UTF-8 bytes (a script of many statements).
    public static let maxInputBytes = 16_000_000

    /// Parses one or more statements: a REPL line, an `attend query` argument or a whole
    /// script. Statements are separated by `;` or by the end of a line where the statement
    /// is complete and the next line does not start with a continuation word.
    ///
    /// - Parameters:
    ///   - file: the script's file name, for `file:line:column` in diagnostics.
    ///   - allowEmpty: accept text with no statement (blank, or only comments) as
    ///     `.complete([])`; otherwise it is an error (Q013).
    public static func parse(_ text: String, file: String? = nil, allowEmpty: Bool = false) -> ParseOutcome {
        var parser = SyntaxParser(text: text, file: file)
        return parser.parseAll(allowEmpty: allowEmpty)
    }
}

/// A parse error on its way out of a statement: one diagnostic, and whether the text
/// simply stopped too early. Boxed, so that a typed `throws` costs one pointer in every
/// frame of the recursive descent (debug builds give each call site its own error slot).
struct ParseFailure: Error {
    private final class Box: Sendable {
        let diagnostic: Diagnostic
        let incomplete: Bool
        init(_ diagnostic: Diagnostic, _ incomplete: Bool) {
            self.diagnostic = diagnostic
            self.incomplete = incomplete
        }
    }
    private let box: Box

    init(diagnostic: Diagnostic, incomplete: Bool) {
        box = Box(diagnostic, incomplete)
    }

    var diagnostic: Diagnostic { box.diagnostic }
    var incomplete: Bool { box.incomplete }
}

/// The parser's state. Grammar rules are in the `Parser+…` extensions.
struct SyntaxParser {
    let bytes: [UInt8]
    let tokens: [Token]
    let lines: LineTable
    let file: String?

    /// The current token.
    var index = 0
    /// The first token of the statement being parsed, and its byte offset.
    var statementFirst = 0
    var statementStart = 0
    /// Brackets and `not` around the current point, against ``Parser/maxNesting``.
    var nesting = 0
    /// Open brackets: inside them a new line never ends the statement.
    var bracketDepth = 0

    init(text: String, file: String?) {
        bytes = Array(text.utf8)
        tokens = bytes.count > Parser.maxInputBytes ? [Token(kind: .end, start: 0, end: 0, startsLine: true, text: "")]
            : Lexer.tokenize(bytes: bytes)
        lines = LineTable(bytes)
        self.file = file
    }

    // MARK: Statements

    mutating func parseAll(allowEmpty: Bool) -> ParseOutcome {
        if bytes.count > Parser.maxInputBytes {
            return .failed([.statementTooLong(limit: Parser.maxInputBytes, at: site(0..<0))])
        }
        var statements: [Statement] = []
        var failures: [ParseFailure] = []
        var progress = LoopProgress()
        while true {
            while tok.kind == .semicolon { index += 1 }
            if tok.kind == .end { break }
            beginStatement()
            guard progress.advanced(to: index) else {
                failures.append(ParseFailure(diagnostic: .parserStalled(at: site(tok.span)), incomplete: false))
                break
            }
            do throws(ParseFailure) {
                if tok.end - statementStart > Parser.maxStatementBytes {
                    throw failure(.statementTooLong(limit: Parser.maxStatementBytes, at: site(tok.start..<tok.start)))
                }
                if tok.kind == .invalid { throw lexFailure(tok) }
                let kind = try parseStatement()
                try expectStatementEnd()
                statements.append(makeStatement(kind))
            } catch {
                failures.append(error)
                recover()
            }
        }
        if failures.isEmpty {
            if statements.isEmpty && !allowEmpty {
                let onlyComments = bytes.contains { $0 > 0x20 }
                statementStart = 0
                return .failed([.noStatement(onlyComments: onlyComments, at: site(0..<0))])
            }
            return .complete(statements)
        }
        if failures.count == 1 && failures[0].incomplete {
            return .incomplete(failures[0].diagnostic)
        }
        return .failed(failures.map(\.diagnostic))
    }

    private mutating func beginStatement() {
        statementFirst = index
        statementStart = tok.start
        nesting = 0
        bracketDepth = 0
    }

    private func makeStatement(_ kind: StatementKind) -> Statement {
        let end = max(statementStart, tokens[max(index - 1, statementFirst)].end)
        return Statement(kind: kind, text: String(decoding: bytes[statementStart..<end], as: UTF8.self),
                         file: file, line: lines.line(of: statementStart), column: lines.column(of: statementStart),
                         offset: statementStart)
    }

    /// After an error: skip to the next `;` or the next line that starts a statement.
    private mutating func recover() {
        bracketDepth = 0
        nesting = 0
        var progress = LoopProgress()
        while tok.kind != .end && progress.advanced(to: index) {
            if tok.kind == .semicolon { return }
            if index > statementFirst && atBarrier { return }
            index += 1
        }
    }

    /// The statement must end here: `;`, the end, or a new line starting a statement.
    mutating func expectStatementEnd() throws(ParseFailure) {
        if atBarrier { return }
        switch tok.kind {
        case .rightParen:
            throw failure(.unexpectedClosingBracket(at: site(tok.span)))
        case .invalid:
            throw lexFailure(tok)
        default:
            break
        }
        let glued = tok.kind == .word && Vocabulary.statementWords.contains(tok.key)
        var suggestion: String?
        if tok.kind == .word && !glued {
            if ["term", "half-term", "autumn", "spring", "summer"].contains(tok.key) {
                suggestion = "over \(tok.text)"
            } else {
                suggestion = Suggestion.nearest(to: tok.key, in: Vocabulary.allKeywords)
            }
        }
        let found = describe(tok)
        throw failure(.expectedEndOfStatement(found: found, suggestion: suggestion, glued: glued, at: site(tok.span)))
    }

    // MARK: Tokens

    var tok: Token { tokens[index] }

    func peek(_ n: Int = 1) -> Token { tokens[min(index + n, tokens.count - 1)] }

    /// Moves to the next token. Fails when the statement grows past the length limit, or
    /// the next token could not be lexed (unless it starts the next statement).
    mutating func advance() throws(ParseFailure) {
        if tok.kind != .end { index += 1 }
        if tok.kind != .end && tok.end - statementStart > Parser.maxStatementBytes {
            throw failure(.statementTooLong(limit: Parser.maxStatementBytes, at: site(tokens[statementFirst].span)))
        }
        if tok.kind == .invalid && !atBarrier { throw lexFailure(tok) }
    }

    /// Whether the statement may end before the current token: at `;`, the end, or a new
    /// line (outside brackets) that starts with a word that is not a continuation word.
    var atBarrier: Bool {
        switch tok.kind {
        case .end, .semicolon:
            return true
        case .word:
            return tok.startsLine && bracketDepth == 0 && index > statementFirst
                && !Vocabulary.continuationWords.contains(tok.key)
        case .quotedName, .invalid:
            return tok.startsLine && bracketDepth == 0 && index > statementFirst
        default:
            return false
        }
    }

    /// The current token is the word `w` and belongs to this statement.
    func atWord(_ w: String) -> Bool { tok.isWord(w) && !atBarrier }

    func at(_ kind: Token.Kind) -> Bool { tok.kind == kind }

    /// The span from the start of token `first` to the end of the last token consumed,
    /// relative to the statement.
    func span(from first: Int) -> Range<Int> {
        let lo = tokens[first].start
        let hi = index > first ? tokens[index - 1].end : lo
        return (lo - statementStart)..<(max(lo, hi) - statementStart)
    }

    /// A token's span relative to the statement.
    func relative(_ t: Token) -> Range<Int> { (t.start - statementStart)..<(t.end - statementStart) }

    /// The previous token's text in backquotes, for "after `…`" in messages.
    var afterPrevious: String {
        index > statementFirst ? "`\(Diagnostic.clip(tokens[index - 1].text))`" : "the start"
    }

    // MARK: Diagnostics

    /// Where a diagnostic at the absolute byte range `abs` points.
    func site(_ abs: Range<Int>) -> DiagnosticSite {
        let lo = max(abs.lowerBound, statementStart)
        let hi = max(lo, abs.upperBound)
        let textEnd = max(lines.endOfLine(max(lo, hi - 1)), min(hi, bytes.count))
        let text = String(decoding: bytes[statementStart..<max(statementStart, textEnd)], as: UTF8.self)
        let location = file.map { SourceLocation(file: $0, line: lines.line(of: lo), column: lines.column(of: lo)) }
        return DiagnosticSite(source: QuerySource(text: text, span: (lo - statementStart)..<(min(hi, textEnd) - statementStart)),
                              location: location)
    }

    /// The site of a span relative to the statement.
    func site(relative r: Range<Int>) -> DiagnosticSite {
        site((r.lowerBound + statementStart)..<(r.upperBound + statementStart))
    }

    func failure(_ d: Diagnostic, incomplete: Bool = false) -> ParseFailure {
        ParseFailure(diagnostic: d, incomplete: incomplete)
    }

    /// An error about the current token ("expected …, found `x`"). At the end of the input
    /// the caret goes just after the last token and the failure is incomplete.
    func unexpected(_ make: (String, DiagnosticSite) -> Diagnostic) -> ParseFailure {
        switch tok.kind {
        case .invalid:
            return lexFailure(tok)
        case .end:
            let end = index > statementFirst ? tokens[index - 1].end : tok.start
            return ParseFailure(diagnostic: make("the end of the input", site(end..<end)), incomplete: true)
        default:
            return ParseFailure(diagnostic: make(describe(tok), site(tok.span)), incomplete: false)
        }
    }

    /// The diagnostic for a token the lexer could not read.
    func lexFailure(_ t: Token) -> ParseFailure {
        let s = site(t.span)
        switch t.problem ?? .unexpectedCharacter(t.text) {
        case .unexpectedCharacter(let c): return failure(.unexpectedCharacter(c, at: s))
        case .controlCharacter(let v): return failure(.controlCharacter(v, at: s))
        case .unterminatedString:
            let opener = t.text.unicodeScalars.first.map { String($0).utf8.count } ?? 1
            return failure(.unterminatedString(at: site(t.start..<(t.start + opener))), incomplete: true)
        case .unterminatedQuotedName: return failure(.unterminatedQuotedName(at: s))
        case .emptyQuotedName: return failure(.emptyQuotedName(at: s))
        case .missingParameterName: return failure(.missingParameterName(at: s))
        case .foreignOperator(let found, let replacement): return failure(.foreignOperator(found, replacement: replacement, at: s))
        }
    }

    /// How a token is named in a message.
    func describe(_ t: Token) -> String {
        switch t.kind {
        case .end: return "the end of the input"
        case .number: return "the number `\(Diagnostic.clip(t.text))`"
        case .string: return "the text \"\(Diagnostic.clip(t.value, 30))\""
        case .date: return "the date `\(Diagnostic.clip(t.text))`"
        case .code: return "the mark code `\(t.text)`"
        default: return "`\(Diagnostic.clip(t.text))`"
        }
    }

    func stalled() -> ParseFailure {
        failure(.parserStalled(at: site(tok.span)))
    }
}
