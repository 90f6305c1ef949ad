// Weekday measures: a count of sessions on some weekdays only.
//
//     weekdays = "on" WEEKDAYS { ("or" | "and" | ",") WEEKDAYS }
//     WEEKDAYS = "mondays" | "tuesdays" | "wednesdays" | "thursdays" | "fridays"
//
// `on` followed by a plural weekday belongs to the measure; `on` followed by a date is a
// window as before (`absent on 16 Mar 2026`). `or`, `and` and `,` between weekdays all mean
// the same: sessions on any of them.

extension SyntaxParser {
    /// Whether token `i` is a plural weekday word.
    func isPluralWeekday(_ i: Int) -> Bool {
        let t = tokens[min(i, tokens.count - 1)]
        return t.kind == .word && Weekdays.weekday(plural: t.key) != nil
    }

    /// `on mondays or fridays` after a measure phrase, when there is one.
    mutating func parseOptionalWeekdays(after kind: MeasureSyntax.Kind) throws(ParseFailure) -> WeekdaysSyntax? {
        guard atWord("on") else { return nil }
        let next = peek()
        if !isPluralWeekday(index + 1) {
            // `absent on friday`, `absent on fri`: a weekday meant, not a date.
            // A singular weekday is left to the window (`on friday` may name a date).
            guard next.kind == .word, !next.startsLine, !Day.weekdayNames.contains(where: { $0.lowercased() == next.key }),
                  let s = Weekdays.pluralNames.first(where: { next.key.count >= 3 && $0.hasPrefix(next.key) })
                      ?? Suggestion.nearest(to: next.key, in: Weekdays.pluralNames) else {
                return nil
            }
            let plural = s.hasSuffix("s") ? s : s + "s"
            throw failure(.expectedWeekdays(found: "`\(Diagnostic.clip(next.text))`", suggestion: plural, at: site(next.span)))
        }
        let start = index
        try advance()
        var days: [Int] = []
        var progress = LoopProgress()
        while true {
            guard progress.advanced(to: index) else { throw stalled() }
            days.append(Weekdays.weekday(plural: tok.key)!)
            try advance()
            if (atWord("or") || atWord("and") || at(.comma)) && isPluralWeekday(index + 1) {
                try advance()
                continue
            }
            break
        }
        return WeekdaysSyntax(days: Weekdays(days), span: span(from: start))
    }
}
