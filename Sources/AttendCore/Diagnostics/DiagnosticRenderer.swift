/// Turns a ``Diagnostic`` into the text a person reads:
///
///     marks.csv:12:4: error[D003]: unknown mark code "QQ"
///       hint: the codes are listed by `attend codes`
///
/// or, for a query, the line of text with a caret under the span:
///
///     error[Q012]: unknown measure "rat"
///       pupils where rat < 90%
///                    ^^^
///       hint: did you mean "rate"?
public struct DiagnosticRenderer: Sendable {
    public var color: Bool
    public init(color: Bool) { self.color = color }

    public func render(_ d: Diagnostic) -> String {
        var head = ""
        if let loc = d.location { head += "\(loc): " }
        head += paint("\(d.severity.rawValue)[\(d.code)]", d.severity == .error ? "1;31" : (d.severity == .warning ? "1;33" : "1;36"))
        head += ": " + sanitized(d.message, keepingNewlines: true)
        var lines = [head]
        if let src = d.source { lines += caretLines(src) }
        for r in d.related { lines.append("  see also: \(r)") }
        if let hint = d.hint { lines.append("  " + paint("hint:", "1;32") + " " + sanitized(hint, keepingNewlines: true)) }
        return lines.joined(separator: "\n")
    }

    public func render(_ ds: [Diagnostic]) -> String { ds.map(render).joined(separator: "\n") }

    /// The source line holding the span's start, and a caret line beneath it. Long lines
    /// are cut around the span so the caret stays on screen.
    func caretLines(_ src: QuerySource) -> [String] {
        let bytes = Array(src.text.utf8)
        let start = max(0, min(src.span.lowerBound, bytes.count))
        let end = max(start, min(src.span.upperBound, bytes.count))
        var lineStart = start
        while lineStart > 0 && bytes[lineStart - 1] != 10 { lineStart -= 1 }
        var lineEnd = start
        while lineEnd < bytes.count && bytes[lineEnd] != 10 { lineEnd += 1 }
        let lineText = sanitized(String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
        let prefix = sanitized(String(decoding: bytes[lineStart..<start], as: UTF8.self))
        let spanText = sanitized(String(decoding: bytes[start..<min(end, lineEnd)], as: UTF8.self))
        var col = prefix.count
        var shown = lineText
        let width = 100
        if shown.count > width {
            let from = max(0, col - 40)
            let chars = Array(shown)
            let to = min(chars.count, from + width)
            shown = (from > 0 ? "…" : "") + String(chars[from..<to]) + (to < chars.count ? "…" : "")
            col = col - from + (from > 0 ? 1 : 0)
        }
        let carets = String(repeating: "^", count: max(1, min(spanText.count, width)))
        return ["  " + shown, "  " + String(repeating: " ", count: col) + paint(carets, "1;31")]
    }

    /// Control characters shown as `?`, so that nothing a file or a query holds can move
    /// the terminal's cursor, send it an escape sequence or reorder what it shows: C0 and
    /// C1 controls, DEL, and the bidirectional overrides and isolates.
    func sanitized(_ s: String, keepingNewlines: Bool = false) -> String {
        String(s.map { ch in
            if keepingNewlines && ch == "\n" { return ch }
            return ch.unicodeScalars.contains { Self.isControl($0.value) } ? "?" : ch
        })
    }

    static func isControl(_ v: UInt32) -> Bool {
        v < 0x20 || (0x7F..<0xA0).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    private func paint(_ s: String, _ sgr: String) -> String {
        color ? "\u{1B}[\(sgr)m\(s)\u{1B}[0m" : s
    }
}
