/// One token of query text, with its place in the text as UTF-8 byte offsets.
///
/// The lexer keeps every token it can and marks what it cannot read as ``Kind/invalid``
/// with a ``LexProblem``, so the parser reports lexical errors in the statement they
/// belong to, with a caret, instead of stopping at the first bad character.
public struct Token: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// `rate`, `half-term`, `as-of`, `10B`, `A880007000021`, `E`.
        case word
        /// `` `rate` ``: always a name, never a keyword. ``Token/value`` holds the name.
        case quotedName
        /// `90`, `92.5`.
        case number
        /// `"lower amber"` (also `'…'` and curly quotes). ``Token/value`` holds the text.
        case string
        /// `2026-01-23` or `23/01/2026`, by shape; the parser checks the date exists.
        case date
        /// `2024/25`.
        case academicYear
        /// `$threshold`. ``Token/value`` holds the name without `$`.
        case parameter
        /// A mark code made of punctuation: `/` and `\` anywhere, and `#` and `-` where a
        /// code is expected (right after `coded`, or after a comma in its code list).
        case code
        case leftParen, rightParen, comma, semicolon
        case plus, minus, percent
        case less, lessEqual, greater, greaterEqual, equal, notEqual
        /// Text the lexer could not read; ``Token/problem`` says why.
        case invalid
        /// The end of the input.
        case end
    }

    public var kind: Kind
    /// UTF-8 byte offsets of the token in the parsed text.
    public var start: Int
    public var end: Int
    /// True when the token is the first on its line (comments and blank lines between).
    public var startsLine: Bool
    /// The token's source text.
    public var text: String
    /// Decoded content: a string's text, a quoted name, a parameter's name; otherwise `text`.
    public var value: String
    /// For words, the lowercased text that keywords are matched against; otherwise `text`.
    public var key: String
    public var problem: LexProblem?

    public init(kind: Kind, start: Int, end: Int, startsLine: Bool, text: String,
                value: String? = nil, problem: LexProblem? = nil) {
        self.kind = kind
        self.start = start
        self.end = end
        self.startsLine = startsLine
        self.text = text
        self.value = value ?? text
        self.key = kind == .word ? text.lowercased() : text
        self.problem = problem
    }

    public var span: Range<Int> { start..<end }

    /// Whether this is the word `w` (lowercase), not backquoted.
    @inline(__always)
    public func isWord(_ w: String) -> Bool { kind == .word && key == w }

    public var description: String { "\(kind)(\(text))@\(start)" }
}

/// Why the lexer could not read some text.
public enum LexProblem: Sendable, Hashable {
    /// A character the language has no use for, such as `☃`, `[` or `?`.
    case unexpectedCharacter(String)
    /// A control character such as NUL, BEL or ESC (tab, newline and CR are fine).
    case controlCharacter(UInt32)
    /// A string with no closing quote before the end of the input.
    case unterminatedString
    /// A backquoted name with no closing backquote on its line.
    case unterminatedQuotedName
    /// ` `` `: a backquoted name with nothing in it.
    case emptyQuotedName
    /// `$` with no name after it.
    case missingParameterName
    /// An operator from another language: `==`, `<>`, `&&`, `≤`. `replacement` is ours.
    case foreignOperator(found: String, replacement: String)
}
