/// One field of a CSV record: a byte range into the file, and whether it was quoted
/// (a quoted field may hold `""` escapes, CR, LF and commas).
public struct CSVField: Sendable {
    public var start: Int
    public var end: Int
    public var quoted: Bool
    public var hasEscapedQuote: Bool
    public var isEmpty: Bool { end <= start }
}

/// An RFC 4180 reader over a byte buffer that allocates nothing per row: a record is
/// a reused array of byte ranges. Handles a UTF-8 byte-order mark, LF and CRLF line ends,
/// a missing final newline, quoted fields with `""`, and counts lines for messages.
public struct CSVScanner {
    public let bytes: UnsafeBufferPointer<UInt8>
    public private(set) var position: Int
    /// The 1-based line on which the record last returned by ``next(_:)`` starts.
    public private(set) var recordLine = 0
    private var nextLine = 1
    public let delimiter: UInt8
    /// Set when a quoted field ran to the end of the file without its closing quote.
    public private(set) var unterminatedQuoteLine: Int?

    public init(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8 = 44, from start: Int = 0, firstLine: Int = 1) {
        self.bytes = bytes
        self.delimiter = delimiter
        var p = start
        if p == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { p = 3 }
        self.position = p
        self.nextLine = firstLine
    }

    public var atEnd: Bool { position >= bytes.count }

    /// The line the next record starts on.
    var currentLine: Int { nextLine }

    /// Reads the next record into `fields` (cleared first). Returns false at end of input.
    /// A blank line yields a record of one empty field.
    @inline(__always)
    public mutating func next(_ fields: inout [CSVField]) -> Bool {
        fields.removeAll(keepingCapacity: true)
        let n = bytes.count
        var i = position
        guard i < n else { return false }
        recordLine = nextLine
        let quote: UInt8 = 34, lf: UInt8 = 10, cr: UInt8 = 13
        let delim = delimiter
        while true {
            if i < n && bytes[i] == quote {
                i += 1
                let s = i
                var escaped = false
                var closed = false
                while i < n {
                    let c = bytes[i]
                    if c == quote {
                        if i + 1 < n && bytes[i + 1] == quote { escaped = true; i += 2; continue }
                        closed = true
                        break
                    }
                    if c == lf { nextLine += 1 }
                    i += 1
                }
                if !closed { unterminatedQuoteLine = recordLine }
                fields.append(CSVField(start: s, end: i, quoted: true, hasEscapedQuote: escaped))
                if closed { i += 1 }
                // Anything between the closing quote and the delimiter is kept out of the field.
                while i < n && bytes[i] != delim && bytes[i] != lf && bytes[i] != cr { i += 1 }
            } else {
                let s = i
                while i < n {
                    let c = bytes[i]
                    if c == delim || c == lf || c == cr { break }
                    i += 1
                }
                fields.append(CSVField(start: s, end: i, quoted: false, hasEscapedQuote: false))
            }
            if i < n && bytes[i] == delim { i += 1; continue }
            // End of record.
            if i < n && bytes[i] == cr { i += 1 }
            if i < n && bytes[i] == lf { i += 1 }
            nextLine += 1
            break
        }
        position = i
        return true
    }

    /// The text of a field, with `""` unescaped and surrounding spaces kept.
    public func string(_ f: CSVField) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
        let s = String(decoding: slice, as: UTF8.self)
        return f.hasEscapedQuote ? s.unescapingCSVQuotes() : s
    }

    /// The text of a field with leading and trailing spaces and tabs removed.
    public func trimmedString(_ f: CSVField) -> String {
        let (s, e) = trimmed(f)
        let slice = UnsafeBufferPointer(rebasing: bytes[s..<e])
        let str = String(decoding: slice, as: UTF8.self)
        return f.hasEscapedQuote ? str.unescapingCSVQuotes() : str
    }

    /// The byte range of a field without surrounding spaces and tabs.
    @inline(__always)
    public func trimmed(_ f: CSVField) -> (Int, Int) {
        guard let p = bytes.baseAddress else { return (f.start, f.end) }
        return Self.trimmed(p, f.start, f.end)
    }

    /// The one trimming rule for a field's bytes `p[s..<e]` (inside the quotes of a quoted
    /// field): leading and trailing spaces and tabs go.
    @inline(__always)
    static func trimmed(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> (Int, Int) {
        var s = s, e = e
        while s < e && isBlank(p[s]) { s += 1 }
        while e > s && isBlank(p[e - 1]) { e -= 1 }
        return (s, e)
    }

    /// A byte that ``trimmed(_:_:_:)`` removes: a space or a tab.
    @inline(__always)
    static func isBlank(_ b: UInt8) -> Bool { b == 32 || b == 9 }

    /// 1-based column (in characters) of a field on its line, for `file:line:column`.
    public func column(of f: CSVField) -> Int {
        var s = f.quoted ? f.start - 1 : f.start
        var col = 1
        while s > 0 && bytes[s - 1] != 10 {
            s -= 1
            if bytes[s] & 0xC0 != 0x80 { col += 1 }
        }
        return col
    }
}

extension String {
    /// `O""Brien` → `O"Brien`.
    func unescapingCSVQuotes() -> String {
        var out = ""
        var previousWasQuote = false
        for ch in self {
            if ch == "\"" && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = ch == "\""
            out.append(ch)
        }
        return out
    }
}
