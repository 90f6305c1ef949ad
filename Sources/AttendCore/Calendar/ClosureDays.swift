/// Closures in calendar.csv: days the school was shut (INSET days, bank holidays, a polling
/// day). Local authorities publish term dates with the INSET days outside them ("Autumn term
/// 3 September to 19 December; INSET 1 and 2 September"), and schools copy that into
/// calendar.csv. A date calendar.csv names as a closure is a known school day: marks on it
/// load, and it belongs to the nearest term (the following term when it falls before a
/// term's start, the preceding one when after its end; the following one on a tie).
enum ClosureDays {
    /// The entries with every term (and its first or last half-term) stretched to cover the
    /// closure days that lie outside every term next to it. Entries already covering their
    /// closures come back unchanged.
    /// A closure further than a holiday from every term (a stray year) joins none: marks on
    /// it are refused as outside every term (D207).
    static func stretchingTerms(_ entries: [CalendarEntry]) -> [CalendarEntry] {
        var out = entries
        let termIndexes = out.indices.filter { out[$0].kind == .term }
        guard !termIndexes.isEmpty else { return entries }
        for closure in entries where closure.kind == .closure {
            for d in stride(from: closure.start, through: closure.end, by: 1) where !d.isWeekend {
                if termIndexes.contains(where: { out[$0].start <= d && d <= out[$0].end }) { continue }
                // The nearest term as calendar.csv gives it (not as stretched so far): the
                // following one on a tie.
                var best = termIndexes[0]
                var bestGap = Int.max
                for i in termIndexes {
                    let t = entries[i]
                    let gap = d < t.start ? d.distance(to: t.start) : t.end.distance(to: d)
                    if gap < bestGap || (gap == bestGap && d < t.start) { best = i; bestGap = gap }
                }
                guard bestGap <= CalendarInference.longestHoliday else { continue }
                let term = out[best]
                let before = d < term.start
                // The half-term at that end of the term moves with it.
                if let h = out.indices.first(where: { out[$0].kind == .halfTerm && (before ? out[$0].start == term.start : out[$0].end == term.end) }) {
                    out[h] = out[h].with(start: min(out[h].start, d), end: max(out[h].end, d))
                }
                out[best] = term.with(start: min(term.start, d), end: max(term.end, d))
            }
        }
        return out
    }

    /// The days calendar.csv names as closures; nil when it names none.
    static func days(_ entries: [CalendarEntry]) -> DaySet? {
        let ranges = entries.filter { $0.kind == .closure }.map { $0.start...$0.end }
        return ranges.isEmpty ? nil : DaySet(ranges: ranges)
    }

    /// Whether a mark with code id `raw` belongs on a closure day: `#` (planned whole-school
    /// closure) or a `Y` code (unable to attend: the site shut unexpectedly, say). Any other
    /// mark on a closure day is a warning (D216): the day is in calendar.csv as a closure,
    /// yet pupils were marked as if it were open.
    static func fitsClosure(_ raw: UInt8) -> Bool {
        guard raw > 0 else { return true }
        let mark = CodeID(rawValue: raw).statutoryCode
        return mark == "#" || mark.hasPrefix("Y")
    }
}

extension CalendarEntry {
    func with(start: Day, end: Day) -> CalendarEntry {
        CalendarEntry(kind: kind, name: name, start: start, end: end, line: line)
    }
}
