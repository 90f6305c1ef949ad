/// Grouping by time (`rate by week over this year`, `summary by month`) and windows side by
/// side (`rate by year over term 1, term 2`, `summary over term 1, term 2`). `by week`,
/// `by month`, `by half-term` and `by term` name periods of the calendar, not columns (a
/// pupils.csv column called `term` is written `` `term` ``). Periods are clipped to the
/// window; those with no school day in it are left out.
extension Binder {
    /// The most windows side by side.
    static let maxSideBySide = 6

    /// `week`, `month`, `half-term`, `term` after `by`, unquoted.
    static func timeUnit(_ n: NameSyntax) -> DatedPeriod.Unit? {
        guard !n.quoted else { return nil }
        switch n.text.lowercased() {
        case "week": return .week
        case "month": return .month
        case "half-term": return .halfTerm
        case "term": return .term
        default: return nil
        }
    }

    /// A grouped measure by time or over several windows; nil when it is neither.
    func groupedOverTime(_ g: GroupedSyntax, sort: [SortKeySyntax], limit: Int?) throws(Diagnostic) -> BoundStatement? {
        let unit = g.groups.first.flatMap(Self.timeUnit)
        guard unit != nil || !g.moreWindows.isEmpty else { return nil }
        if g.groups.count > 1 { throw Diagnostic.oneGroupOnly(at: site(g.groups[1].span)) }
        let list = try g.pupils.map { p throws(Diagnostic) in try pupilList(p) } ?? BoundPupilList(base: .all, steps: [])
        if let unit {
            if let extra = g.moreWindows.first { throw Diagnostic.sideBySideByTime(at: site(extra.span)) }
            let item = try groupableItem(g.measure)
            guard let w = item.expr.window else { return nil }
            if w.anyWeeks != nil {
                throw Diagnostic.notByTime("`in any N weeks`", hint: "it is the worst run of weeks per pupil; list the pupils instead: `pupils where unauthorised >= 10 in any 10 weeks`", at: site(g.measure.window?.span ?? g.measure.span))
            }
            return .periodSeries(BoundPeriodSeries(figure: .measure(item), unit: unit, window: w, periods: periods(unit, in: w),
                                                   list: list, sort: try sortKeys(sort), limit: limit))
        }
        let windows = [g.measure.window].compactMap { $0 } + g.moreWindows
        if windows.count > Self.maxSideBySide { throw Diagnostic.tooManyWindows(limit: Self.maxSideBySide, at: site(windows[Self.maxSideBySide].span)) }
        var items: [BoundItem] = []
        for ws in windows {
            var m = g.measure
            m.window = ws
            let item = try groupableItem(m)
            if item.expr.window?.anyWeeks != nil { throw Diagnostic.sideWindowNotAllowed(at: site(ws.span)) }
            items.append(item)
        }
        if g.groups[0].text.lowercased() == "weekday" && !g.groups[0].quoted {
            throw Diagnostic.measureNotAllowed("`by weekday` takes one window", hint: "write `absence by weekday over this term`", at: site(g.moreWindows[0].span))
        }
        return .sideBySide(BoundSideBySide(items: items, by: try attribute(g.groups[0]), list: list, sort: try sortKeys(sort), limit: limit))
    }

    /// A summary by time or over several windows; nil when it is neither.
    func summaryOverTime(_ s: SummarySyntax, sort: [SortKeySyntax], limit: Int?) throws(Diagnostic) -> BoundStatement? {
        let unit = s.groups.first.flatMap(Self.timeUnit)
        guard unit != nil || !s.moreWindows.isEmpty else { return nil }
        if s.groups.count > 1 { throw Diagnostic.oneGroupOnly(at: site(s.groups[1].span)) }
        let list = try s.pupils.map { p throws(Diagnostic) in try pupilList(p) } ?? BoundPupilList(base: .all, steps: [])
        if let unit {
            if let extra = s.moreWindows.first { throw Diagnostic.sideBySideByTime(at: site(extra.span)) }
            let w = try window(s.window, defaultFor: s.span)
            return .periodSeries(BoundPeriodSeries(figure: .summary, unit: unit, window: w, periods: periods(unit, in: w),
                                                   list: list, sort: try sortKeys(sort), limit: limit))
        }
        if let g = s.groups.first {
            throw Diagnostic.measureNotAllowed("a summary over several windows has one row per window, not per \(g.text)",
                                               hint: "leave out `by \(g.text)`, or compare one figure side by side: `rate by \(g.text) over term 1, term 2`", at: site(g.span))
        }
        let written = [s.window].compactMap { $0 } + s.moreWindows
        if written.count > Self.maxSideBySide { throw Diagnostic.tooManyWindows(limit: Self.maxSideBySide, at: site(written[Self.maxSideBySide].span)) }
        var windows: [BoundWindow] = []
        for ws in written {
            let w = try window(ws, defaultFor: ws.span)
            if w.anyWeeks != nil { throw Diagnostic.sideWindowNotAllowed(at: site(ws.span)) }
            windows.append(w)
        }
        let cal = register.calendar
        let periods = windows.map { w -> DatedPeriod in
            let days = (w.sessions.lowerBound / 2)..<(w.sessions.upperBound / 2)
            let first = days.first { cal.possibleDay[$0] }.map { cal.days[$0] } ?? w.from
            let last = days.last { cal.possibleDay[$0] }.map { cal.days[$0] } ?? w.through
            return DatedPeriod(unit: .window, label: w.label, from: first, through: last, sessions: w.sessions)
        }
        return .periodSeries(BoundPeriodSeries(figure: .summary, unit: nil, window: windows[0], periods: periods,
                                               list: list, sort: try sortKeys(sort), limit: limit))
    }

    /// A measure that a group has one value of: rate, absence, a count, minutes late.
    private func groupableItem(_ m: MeasureSyntax) throws(Diagnostic) -> BoundItem {
        let item = try measureItem(m, comparisonWindow: nil)
        switch item.expr {
        case .rate, .absence, .count, .minutesLate: return item
        default:
            throw Diagnostic.measureNotAllowed("a group has no single \(Self.measureName(m))",
                                               hint: "group rates and counts: `rate by week`, `unauthorised by month`; list pupils for streaks and bands", at: site(m.phraseSpan))
        }
    }

    /// The weeks, months, half-terms or terms of a window, in date order, clipped to it;
    /// each with its first and last school day. Periods with no school day are left out.
    func periods(_ unit: DatedPeriod.Unit, in w: BoundWindow) -> [DatedPeriod] {
        let cal = register.calendar
        let days = (w.sessions.lowerBound / 2)..<(w.sessions.upperBound / 2)
        let manyYears = w.from.academicYear != w.through.academicYear
        let halfTerms = cal.allHalfTerms, terms = cal.allTerms
        // The period of a day: a key that changes from one period to the next, and its label.
        func key(_ d: Day) -> Int? {
            switch unit {
            case .week: return Int(d.monday.number)
            case .month: return d.year * 12 + d.month
            case .halfTerm: return halfTerms.firstIndex { $0.contains(d) }
            case .term: return terms.firstIndex { $0.contains(d) }
            case .window: return 0
            }
        }
        func label(_ d: Day) -> String {
            let year = manyYears ? " " + Period.yearLabel(d.academicYear) : ""
            switch unit {
            case .week: return "w/c " + d.monday.shortEnglish
            case .month: return "\(Day.monthNames[d.month - 1]) \(d.year)"
            case .halfTerm: return (halfTerms.first { $0.contains(d) }?.name ?? "") + year
            case .term:
                let name = terms.first { $0.contains(d) }?.name ?? ""
                return (name.lowercased().hasSuffix("term") ? name : name + " term") + year
            case .window: return w.label
            }
        }
        var out: [DatedPeriod] = []
        var current: (key: Int, start: Int, end: Int, first: Int?, last: Int?)?
        func flush() {
            guard let c = current, let f = c.first, let l = c.last else { return }
            out.append(DatedPeriod(unit: unit, label: label(cal.days[f]), from: cal.days[f], through: cal.days[l],
                                   sessions: (c.start * 2)..<(c.end * 2)))
        }
        for i in days {
            guard let k = key(cal.days[i]) else { continue }
            if current?.key != k {
                flush()
                current = (k, i, i + 1, nil, nil)
            }
            current!.end = i + 1
            if cal.possibleDay[i] {
                if current!.first == nil { current!.first = i }
                current!.last = i
            }
        }
        flush()
        return out
    }
}
