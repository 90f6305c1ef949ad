/// Windows: terms, half-terms, years, weeks and dates resolved against the calendar and
/// the as-of date. A period still running is taken to date; a window that starts after the
/// as-of date, or explicit dates past it, are refused.
extension Binder {
    /// The window written, or the default `this year` (marked as the default for `explain`).
    func window(_ w: WindowSyntax?, defaultFor span: Range<Int>) throws(Diagnostic) -> BoundWindow {
        guard let w else {
            var d = try yearToDate(site(span))
            d.isDefault = true
            return d
        }
        var bound: BoundWindow
        switch w.kind {
        case .period(let p):
            bound = try period(p)
        case .between(let a, let b):
            let from = try date(a), through = try date(b)
            if through < from { throw Diagnostic.backwardsWindow(at: site(w.span)) }
            if from > asOf { throw Diagnostic.windowAfterAsOf("the window starting \(from.iso)", asOf: asOf, at: site(a.span)) }
            if through > asOf { throw Diagnostic.windowAfterAsOf("the window's end \(through.iso)", asOf: asOf, at: site(b.span)) }
            bound = make("\(from.iso)..\(through.iso)", "the days \(from.iso)..\(through.iso)", from, through)
        case .since(let a):
            let from = try date(a)
            if from > asOf { throw Diagnostic.windowAfterAsOf("\(from.iso)", asOf: asOf, at: site(a.span)) }
            bound = make("since \(from.iso)", "the days \(from.iso)..\(asOf.iso)", from, asOf)
        case .on(let a) where isNamedDay(a):
            bound = try namedDayWindow(a)
        case .on(let a):
            let d = try date(a)
            if d > asOf { throw Diagnostic.windowAfterAsOf("\(d.iso)", asOf: asOf, at: site(a.span)) }
            bound = make(d.iso, "\(d.weekdayName) \(d.iso)", d, d)
        case .today:
            bound = make("today", "today, \(asOf.weekdayName) \(asOf.iso)", asOf, asOf)
        case .yesterday:
            let d = previousSchoolDay(before: asOf)
            bound = make("yesterday", "the previous school day, \(d.weekdayName) \(d.iso)", d, d)
        case .lastWeeks(let n):
            let k = try number(n)
            guard k >= 1 else { throw Diagnostic.notPositive("the number of weeks", at: site(n.span)) }
            let weeks = register.calendar.lastSchoolWeeks(k, through: asOf)
            let from = weeks.first.map { register.calendar.days[$0.days.lowerBound] } ?? asOf
            let shortNote = weeks.count < k ? " (the register has only \(weeks.count) before the as-of date)" : ""
            bound = make("last \(k) week\(k == 1 ? "" : "s")", "the \(k) school week\(k == 1 ? "" : "s") \(from.iso)..\(asOf.iso)\(shortNote)", from, asOf)
            bound.weeks = weeks.map { ($0.days.lowerBound * 2)..<($0.days.upperBound * 2) }
        case .anyWeeks(let n, let within):
            let k = try number(n)
            guard k >= 1 else { throw Diagnostic.notPositive("the number of weeks", at: site(n.span)) }
            var over: BoundWindow
            if let within { over = try period(within) } else { over = try yearToDate(site(w.span)) }
            if let u = w.until { over = try cut(over, u) }
            let weeks = register.calendar.schoolWeeks(through: over.through).compactMap { wk -> Range<Int>? in
                let s = (wk.days.lowerBound * 2)..<(wk.days.upperBound * 2)
                let c = s.clamped(to: over.sessions)
                return c.isEmpty ? nil : c
            }
            var b = over
            b.label = "any \(k) weeks \(over.label)"
            b.explanation = "\(over.explanation) (\(weeks.count) school weeks)"
            b.anyWeeks = k
            b.weeks = weeks
            b.isDefault = false
            return b
        }
        if let u = w.until { bound = try cut(bound, u) }
        return bound
    }

    func make(_ label: String, _ explanation: String, _ from: Day, _ through: Day) -> BoundWindow {
        BoundWindow(label: label, explanation: explanation, from: from, through: through,
                    sessions: register.calendar.sessionRange(from: from, through: through))
    }

    /// `until 5 days ago`: the window ends 5 school days before the as-of date.
    func cut(_ b: BoundWindow, _ u: UntilSyntax) throws(Diagnostic) -> BoundWindow {
        let end: Day
        let label: String
        switch u.kind {
        case .daysAgo(let n):
            let k = try number(n)
            guard k >= 0 else { throw Diagnostic.notPositive("the number of days", at: site(n.span)) }
            let cal = register.calendar
            var i = cal.firstIndex(onOrAfter: asOf.advanced(by: 1)) - 1
            while i >= 0 && !cal.possibleDay[i] { i -= 1 }
            var left = k
            while left > 0 && i >= 0 {
                i -= 1
                while i >= 0 && !cal.possibleDay[i] { i -= 1 }
                left -= 1
            }
            end = i >= 0 ? cal.days[i] : (cal.days.first?.advanced(by: -1) ?? asOf)
            label = "until \(k) day\(k == 1 ? "" : "s") ago"
        case .date(let d):
            end = try date(d)
            label = "until \(end.iso)"
        }
        var out = b
        out.through = min(b.through, end)
        out.label = b.label + " " + label
        out.explanation = b.explanation + ", up to \(out.through.iso) (\(label))"
        out.sessions = out.through < out.from ? out.sessions.lowerBound..<out.sessions.lowerBound
            : register.calendar.sessionRange(from: out.from, through: out.through)
        return out
    }

    /// The academic year of the as-of date, to date.
    func yearToDate(_ s: DiagnosticSite) throws(Diagnostic) -> BoundWindow {
        let y = asOf.academicYear
        let start = Day(year: y, month: 9, day: 1)!
        return make("this year", "\(Period.yearLabel(y)) to date \(start.iso)..\(asOf.iso)", start, asOf)
    }

    /// A period of the calendar, to date when it is still running.
    func period(_ p: PeriodSyntax) throws(Diagnostic) -> BoundWindow {
        let cal = register.calendar
        let y = asOf.academicYear
        let here = site(p.span)
        func covered() -> [Int] { cal.years.map(\.startYear) }
        func clampPeriod(_ per: Period, label: String) throws(Diagnostic) -> BoundWindow {
            if per.start > asOf { throw Diagnostic.windowAfterAsOf("\(per.name) (\(per.start.iso))", asOf: asOf, at: here) }
            let through = min(per.end, asOf)
            let toDate = through < per.end ? " to date" : ""
            let kind = per.kind == .term ? (per.name.lowercased().hasSuffix("term") ? "" : " term") : ""
            return make(label, "\(per.name)\(kind) \(Period.yearLabel(per.academicYear))\(toDate) \(per.start.iso)..\(through.iso)", per.start, through)
        }
        switch p.kind {
        case .term(let n), .halfTerm(let n):
            let isTerm = if case .term = p.kind { true } else { false }
            let k = try number(n)
            guard let year = cal.year(y) else { throw Diagnostic.yearNotInRegister(y, covered: covered(), at: here) }
            let list = isTerm ? year.terms : year.halfTerms
            guard let chosen = list.first(where: { $0.number == k }) else {
                throw Diagnostic.noSuchPeriod("\(isTerm ? "term" : "half-term") \(k)", year: y, available: list, at: here)
            }
            return try clampPeriod(chosen, label: "\(isTerm ? "term" : "half-term") \(k)")
        case .seasonTerm(let season):
            guard let year = cal.year(y) else { throw Diagnostic.yearNotInRegister(y, covered: covered(), at: here) }
            let index = ["autumn": 0, "spring": 1, "summer": 2][season.rawValue]!
            let match = year.terms.first { $0.name.lowercased().hasPrefix(season.rawValue) } ?? year.terms.first { $0.number == index + 1 }
            guard let t = match else { throw Diagnostic.noSuchPeriod("\(season.rawValue) term", year: y, available: year.terms, at: here) }
            return try clampPeriod(t, label: "\(season.rawValue) term")
        case .this(let unit), .last(let unit):
            let isLast = if case .last = p.kind { true } else { false }
            let word = isLast ? "last" : "this"
            switch unit {
            case .term, .halfTerm:
                let current = unit == .term ? cal.currentTerm(on: asOf) : cal.currentHalfTerm(on: asOf)
                guard let c = current else { throw Diagnostic.noCurrentPeriod(unit.rawValue, asOf: asOf, at: here) }
                if !isLast { return try clampPeriod(c, label: "this \(unit.rawValue)") }
                let prev = unit == .term ? cal.previousTerm(before: c) : cal.previousHalfTerm(before: c)
                // During a holiday "this term" is the one just ended, and "last term" the one before it.
                guard let pr = prev else { throw Diagnostic.noCurrentPeriod("\(unit.rawValue) before \(c.name)", asOf: asOf, at: here) }
                return try clampPeriod(pr, label: "last \(unit.rawValue)")
            case .year:
                if !isLast { return try yearToDate(here) }
                let ly = y - 1
                guard cal.year(ly) != nil else { throw Diagnostic.yearNotInRegister(ly, covered: covered(), at: here) }
                let start = Day(year: ly, month: 9, day: 1)!, end = Day(year: ly + 1, month: 8, day: 31)!
                return make("last year", "\(Period.yearLabel(ly)) \(start.iso)..\(end.iso)", start, end)
            case .month:
                return try relativeMonth(last: isLast, at: here)
            case .week:
                let monday = isLast ? asOf.monday.advanced(by: -7) : asOf.monday
                let end = isLast ? monday.advanced(by: 6) : asOf
                return make("\(word) week", "the week of \(monday.iso) (\(monday.iso)..\(end.iso))", monday, end)
            }
        case .month(let m, let year):
            return try monthWindow(m, year: year, label: nil, at: here)
        case .academicYear(let ay):
            if ay > y { throw Diagnostic.windowAfterAsOf(Period.yearLabel(ay), asOf: asOf, at: here) }
            guard cal.year(ay) != nil else { throw Diagnostic.yearNotInRegister(ay, covered: covered(), at: here) }
            let start = Day(year: ay, month: 9, day: 1)!
            let end = min(Day(year: ay + 1, month: 8, day: 31)!, asOf)
            return make(Period.yearLabel(ay), "\(Period.yearLabel(ay))\(end == asOf ? " to date" : "") \(start.iso)..\(end.iso)", start, end)
        }
    }
}
