// Several windows side by side: `rate by year over term 1, term 2, this year`.
//
//     grouped  = MEASURE "by" NAME window { ("," | "and") side-window } ["for" pupil-list]
//     side-window = window | period            (`over` may be left out after the first)

extension SyntaxParser {
    /// The windows after the first, each after `,` or `and`. Nothing when neither follows.
    mutating func parseMoreWindows() throws(ParseFailure) -> [WindowSyntax] {
        var out: [WindowSyntax] = []
        var progress = LoopProgress()
        while (at(.comma) || atWord("and")) && startsSideWindow(peek()) {
            guard progress.advanced(to: index) else { throw stalled() }
            try advance()   // , or and
            if atWindowStart() {
                out.append(try parseWindow())
            } else {
                let start = index
                let p = try parsePeriod(after: "`,`")
                out.append(WindowSyntax(kind: .period(p), until: nil, span: span(from: start)))
            }
        }
        return out
    }

    /// Whether `t` can begin a window or a period after `,`/`and`.
    private func startsSideWindow(_ t: Token) -> Bool {
        if t.kind == .academicYear { return true }
        guard t.kind == .word else { return false }
        return Vocabulary.windowWords.contains(t.key) || Self.isMonthWord(t)
            || ["term", "half-term", "autumn", "spring", "summer"].contains(t.key)
    }
}
