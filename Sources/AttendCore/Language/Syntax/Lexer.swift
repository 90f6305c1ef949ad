/// Turns query text into ``Token``s.
///
/// - Whitespace is spaces, tabs, CR, newlines and no-break spaces; a byte-order mark at
///   the very start is skipped. Newlines only set ``Token/startsLine`` on the next token.
/// - `#` and `--` start a comment to the end of the line, except where a mark code is
///   expected: right after the word `coded`, or after a comma that follows a code in its
///   list. There `#` is the closure code and `-` the "no mark" code.
/// - Words are letters, digits and `_`, with `-` inside when a letter follows (`half-term`,
///   `as-of`); a word may start with digits (`10B`).
/// - Numbers: `90`, `92.5`. Dates by shape: `2026-01-23`, `23/01/2026`; academic years
///   `2024/25`. `23 Jan 2026` is three tokens that the parser puts together.
/// - Strings in `"…"`, `'…'` or curly quotes, with `\"` and `\\` escapes; they may span
///   lines. Backquoted names `` `…` `` end on their line.
///
/// Never fails: unreadable text becomes an ``Token/Kind/invalid`` token.
public struct Lexer {
    private let bytes: [UInt8]
    private var i = 0
    private var tokens: [Token] = []
    private var lineBreakBefore = true
    /// The next token is in a code position.
    private var expectCode = false
    /// The previous token was a code in a `coded` list, so a comma continues the list.
    private var inCodeList = false

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// The tokens of `text`, ending with one ``Token/Kind/end`` token.
    public static func tokenize(_ text: String) -> [Token] {
        tokenize(bytes: Array(text.utf8))
    }

    static func tokenize(bytes: [UInt8]) -> [Token] {
        var lexer = Lexer(bytes: bytes)
        lexer.run()
        return lexer.tokens
    }

    private mutating func run() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var progress = LoopProgress()
        while true {
            skipTrivia()
            if i >= bytes.count { break }
            guard progress.advanced(to: i) else {
                // Cannot happen: every branch of lexToken consumes a byte. Be safe anyway.
                emit(.invalid, from: i, to: i + 1, problem: .unexpectedCharacter(String(decoding: bytes[i..<(i + 1)], as: UTF8.self)))
                i += 1
                continue
            }
            lexToken()
        }
        tokens.append(Token(kind: .end, start: bytes.count, end: bytes.count, startsLine: true, text: ""))
    }

    // MARK: Trivia

    private mutating func skipTrivia() {
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case 0x20, 0x09, 0x0D:
                i += 1
            case 0x0A:
                lineBreakBefore = true
                i += 1
            case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0xA0:   // no-break space
                i += 2
            case UInt8(ascii: "#") where !expectCode:
                skipToLineEnd()
            case UInt8(ascii: "-") where !expectCode && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-"):
                skipToLineEnd()
            default:
                return
            }
        }
    }

    private mutating func skipToLineEnd() {
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
    }

    // MARK: Tokens

    private mutating func lexToken() {
        let c = bytes[i]
        let start = i
        if expectCode && (c == UInt8(ascii: "#") || c == UInt8(ascii: "-")) {
            i += 1
            emit(.code, from: start, to: i)
            return
        }
        switch c {
        case UInt8(ascii: "/"), UInt8(ascii: "\\"):
            i += 1
            emit(.code, from: start, to: i)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            lexNumberOrDate()
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            lexString(closers: [[c]], openerLength: 1)
        case 0xE2 where matches([0xE2, 0x80, 0x9C]):   // “
            lexString(closers: [[0xE2, 0x80, 0x9D], [UInt8(ascii: "\"")]], openerLength: 3)
        case 0xE2 where matches([0xE2, 0x80, 0x98]):   // ‘
            lexString(closers: [[0xE2, 0x80, 0x99], [UInt8(ascii: "'")]], openerLength: 3)
        case UInt8(ascii: "`"):
            lexQuotedName()
        case UInt8(ascii: "$"):
            i += 1
            let nameStart = i
            while i < bytes.count && Lexer.isWordByte(bytes[i]) { i += 1 }
            if i == nameStart {
                emit(.invalid, from: start, to: i, problem: .missingParameterName)
            } else {
                emit(.parameter, from: start, to: i, value: String(decoding: bytes[nameStart..<i], as: UTF8.self))
            }
        case UInt8(ascii: "("): single(.leftParen)
        case UInt8(ascii: ")"): single(.rightParen)
        case UInt8(ascii: ","): single(.comma)
        case UInt8(ascii: ";"): single(.semicolon)
        case UInt8(ascii: "+"): single(.plus)
        case UInt8(ascii: "-"): single(.minus)
        case UInt8(ascii: "%"): single(.percent)
        case UInt8(ascii: "<"):
            if next(is: "=") { double(.lessEqual) } else if next(is: ">") { foreign(2, "!=") } else { single(.less) }
        case UInt8(ascii: ">"):
            if next(is: "=") { double(.greaterEqual) } else { single(.greater) }
        case UInt8(ascii: "="):
            if next(is: "=") { foreign(2, "=") } else if next(is: "<") { foreign(2, "<=") } else if next(is: ">") { foreign(2, ">=") } else { single(.equal) }
        case UInt8(ascii: "!"):
            if next(is: "=") { double(.notEqual) } else { foreign(1, "not") }
        case UInt8(ascii: "&"):
            foreign(next(is: "&") ? 2 : 1, "and")
        case UInt8(ascii: "|"):
            foreign(next(is: "|") ? 2 : 1, "or")
        case 0xE2 where matches([0xE2, 0x89, 0xA4]): foreign(3, "<=")   // ≤
        case 0xE2 where matches([0xE2, 0x89, 0xA5]): foreign(3, ">=")   // ≥
        case 0xE2 where matches([0xE2, 0x89, 0xA0]): foreign(3, "!=")   // ≠
        case 0x00..<0x20, 0x7F:
            i += 1
            emit(.invalid, from: start, to: i, problem: .controlCharacter(UInt32(c)))
        default:
            if Lexer.isWordStartByte(c) {
                lexWord()
                return
            }
            let (scalar, length) = decodeScalar(at: i)
            if scalar.properties.isAlphabetic {
                lexWord()
                return
            }
            i += length
            if (scalar.value >= 0x80 && scalar.value < 0xA0) || Lexer.isBidiControl(scalar.value) {
                emit(.invalid, from: start, to: i, problem: .controlCharacter(scalar.value))
            } else {
                emit(.invalid, from: start, to: i, problem: .unexpectedCharacter(String(scalar)))
            }
        }
    }

    private mutating func single(_ kind: Token.Kind) {
        i += 1
        emit(kind, from: i - 1, to: i)
    }

    private mutating func double(_ kind: Token.Kind) {
        i += 2
        emit(kind, from: i - 2, to: i)
    }

    private mutating func foreign(_ length: Int, _ replacement: String) {
        let start = i
        i += length
        let found = String(decoding: bytes[start..<i], as: UTF8.self)
        emit(.invalid, from: start, to: i, problem: .foreignOperator(found: found, replacement: replacement))
    }

    private func next(is ascii: Unicode.Scalar) -> Bool {
        i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: ascii)
    }

    private func matches(_ seq: [UInt8]) -> Bool {
        guard i + seq.count <= bytes.count else { return false }
        for (k, b) in seq.enumerated() where bytes[i + k] != b { return false }
        return true
    }

    private func matches(_ seq: [UInt8], at j: Int) -> Bool {
        guard j + seq.count <= bytes.count else { return false }
        for (k, b) in seq.enumerated() where bytes[j + k] != b { return false }
        return true
    }

    // MARK: Words and numbers

    static func isWordStartByte(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    static func isWordByte(_ c: UInt8) -> Bool {
        isWordStartByte(c) || (c >= 48 && c <= 57)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Whether a word continues at `j`: an ASCII word byte, a non-ASCII letter, or `-`
    /// followed by a letter.
    private func wordContinues(at j: Int) -> Int? {
        guard j < bytes.count else { return nil }
        let c = bytes[j]
        if Lexer.isWordByte(c) { return 1 }
        if c == UInt8(ascii: "-"), j + 1 < bytes.count, Lexer.isWordStartByte(bytes[j + 1]) { return 1 }
        if c >= 0x80 {
            let (scalar, length) = decodeScalar(at: j)
            if scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark { return length }
        }
        return nil
    }

    private mutating func lexWord() {
        let start = i
        if bytes[i] < 0x80 { i += 1 } else { i += decodeScalar(at: i).length }
        var progress = LoopProgress()
        while let n = wordContinues(at: i), progress.advanced(to: i) { i += n }
        emit(.word, from: start, to: i)
    }

    private mutating func lexNumberOrDate() {
        let start = i
        func digits(from j: Int) -> Int {
            var k = j
            while k < bytes.count && Lexer.isDigit(bytes[k]) { k += 1 }
            return k
        }
        let firstEnd = digits(from: i)
        let firstLength = firstEnd - start
        // d-d-d (ISO date shape, checked later)
        if firstEnd + 1 < bytes.count, bytes[firstEnd] == UInt8(ascii: "-"), Lexer.isDigit(bytes[firstEnd + 1]) {
            let secondEnd = digits(from: firstEnd + 1)
            if secondEnd + 1 < bytes.count, bytes[secondEnd] == UInt8(ascii: "-"), Lexer.isDigit(bytes[secondEnd + 1]) {
                i = digits(from: secondEnd + 1)
                emit(.date, from: start, to: i)
                return
            }
        }
        // d/d/d (UK date shape) or dddd/dd (academic year)
        if firstEnd + 1 < bytes.count, bytes[firstEnd] == UInt8(ascii: "/"), Lexer.isDigit(bytes[firstEnd + 1]) {
            let secondEnd = digits(from: firstEnd + 1)
            if secondEnd + 1 < bytes.count, bytes[secondEnd] == UInt8(ascii: "/"), Lexer.isDigit(bytes[secondEnd + 1]) {
                i = digits(from: secondEnd + 1)
                emit(.date, from: start, to: i)
                return
            }
            if firstLength == 4 {
                i = secondEnd
                emit(.academicYear, from: start, to: i)
                return
            }
        }
        i = firstEnd
        // A word that starts with digits: `10B`, `7ash`.
        if i < bytes.count, Lexer.isWordStartByte(bytes[i]) {
            var progress = LoopProgress()
            while let n = wordContinues(at: i), progress.advanced(to: i) { i += n }
            emit(.word, from: start, to: i)
            return
        }
        if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "."), Lexer.isDigit(bytes[i + 1]) {
            i = digits(from: i + 1)
        }
        emit(.number, from: start, to: i)
    }

    // MARK: Strings and quoted names

    /// The control character starting at `k`, if any, that a string or quoted name may not
    /// hold: C0 controls but tab and line ends, DEL, C1 controls, and the bidirectional
    /// overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what a
    /// terminal shows.
    static func controlCharacter(in bytes: [UInt8], at k: Int) -> UInt32? {
        let c = bytes[k]
        if (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) || c == 0x7F { return UInt32(c) }
        if c == 0xC2, k + 1 < bytes.count, (0x80..<0xA0).contains(bytes[k + 1]) { return UInt32(bytes[k + 1]) }
        if c == 0xE2, k + 2 < bytes.count {
            let value = (UInt32(c & 0x0F) << 12) | (UInt32(bytes[k + 1] & 0x3F) << 6) | UInt32(bytes[k + 2] & 0x3F)
            if isBidiControl(value) { return value }
        }
        return nil
    }

    static func isBidiControl(_ v: UInt32) -> Bool { (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) }

    private mutating func lexString(closers: [[UInt8]], openerLength: Int) {
        let start = i
        i += openerLength
        var content: [UInt8] = []
        var control: UInt32?
        while i < bytes.count {
            if let closer = closers.first(where: { matches($0, at: i) }) {
                i += closer.count
                if let control {
                    // Text that would reach the terminal or a file with an escape sequence in it.
                    emit(.invalid, from: start, to: i, problem: .controlCharacter(control))
                } else {
                    emit(.string, from: start, to: i, value: String(decoding: content, as: UTF8.self))
                }
                return
            }
            let c = bytes[i]
            if control == nil { control = Lexer.controlCharacter(in: bytes, at: i) }
            if c == UInt8(ascii: "\\"), i + 1 < bytes.count,
               bytes[i + 1] == UInt8(ascii: "\\") || closers.contains(where: { $0 == [bytes[i + 1]] }) {
                content.append(bytes[i + 1])
                i += 2
                continue
            }
            content.append(c)
            i += 1
        }
        emit(.invalid, from: start, to: i, problem: .unterminatedString)
    }

    private mutating func lexQuotedName() {
        let start = i
        i += 1
        while i < bytes.count && bytes[i] != UInt8(ascii: "`") && bytes[i] != 0x0A { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "`") else {
            emit(.invalid, from: start, to: i, problem: .unterminatedQuotedName)
            return
        }
        let name = String(decoding: bytes[(start + 1)..<i], as: UTF8.self)
        var control: UInt32?
        for k in (start + 1)..<i where control == nil { control = Lexer.controlCharacter(in: bytes, at: k) }
        i += 1
        if let control {
            emit(.invalid, from: start, to: i, problem: .controlCharacter(control))
        } else if name.allSatisfy({ $0 == " " }) {
            emit(.invalid, from: start, to: i, problem: .emptyQuotedName)
        } else {
            emit(.quotedName, from: start, to: i, value: name)
        }
    }

    // MARK: Emitting

    private mutating func emit(_ kind: Token.Kind, from start: Int, to end: Int,
                               value: String? = nil, problem: LexProblem? = nil) {
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        let token = Token(kind: kind, start: start, end: end, startsLine: lineBreakBefore,
                          text: text, value: value, problem: problem)
        tokens.append(token)
        lineBreakBefore = false
        trackCodeList(token)
    }

    /// Keeps ``expectCode`` and ``inCodeList`` up to date: `coded` opens a code list;
    /// a code followed by a comma expects another code.
    private mutating func trackCodeList(_ token: Token) {
        if token.isWord("coded") {
            expectCode = true
            inCodeList = true
            return
        }
        if expectCode {
            expectCode = false
            inCodeList = Lexer.looksLikeCode(token)
            return
        }
        if inCodeList && token.kind == .comma {
            expectCode = true
            return
        }
        inCodeList = false
    }

    /// A punctuation code, a one- or two-character code such as `N`, `C2`, `Y7`, or the same
    /// in quotes.
    static func looksLikeCode(_ token: Token) -> Bool {
        switch token.kind {
        case .code: return true
        case .word, .string: return isCodeText(token.value)
        default: return false
        }
    }

    /// `N`, `C2`, `Y7`, `/`, `\`, `#`, `-`: a letter with an optional digit, or one of the
    /// punctuation codes.
    static func isCodeText(_ s: String) -> Bool {
        let u = Array(s.utf8)
        switch u.count {
        case 1:
            return isWordStartByte(u[0]) && u[0] != 95 || "/\\#-".utf8.contains(u[0])
        case 2:
            return isWordStartByte(u[0]) && u[0] != 95 && isDigit(u[1])
        case 3, 4:
            // An MIS's own code (codes.csv): a letter and digits, I01, X012.
            return isWordStartByte(u[0]) && u[0] != 95 && u.dropFirst().allSatisfy(isDigit)
        default:
            return false
        }
    }

    private func decodeScalar(at j: Int) -> (scalar: Unicode.Scalar, length: Int) {
        var iterator = bytes[j...].makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&iterator) {
        case .scalarValue(let s):
            return (s, max(1, String(s).utf8.count))
        default:
            return ("\u{FFFD}", 1)
        }
    }
}
