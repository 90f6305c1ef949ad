/// Calendar months and named days (Docs/language.md, "Months and named days"):
///
/// - a month name without a year is that month in the as-of date's academic year
///   (`march` on 20 Mar 2026 is March 2026, `september` is September 2025);
/// - a month still running is taken to the as-of date (`this month` runs from the 1st to
///   the as-of date); a month that starts after the as-of date is refused (Q050), and so is
///   one with no school days, such as August (Q051);
/// - `since september` runs from 1 September; `1 sep` is 1 September of that academic year;
/// - `last monday` is the latest Monday before the as-of date, a calendar day; as a window
///   (`absent last monday`) it must have been a school day (Q052).
extension Binder {
    /// `march`, `march 2026`, `this month`, `last month`.
    func monthWindow(_ month: Int, year written: Int?, label: String?, at here: DiagnosticSite) throws(Diagnostic) -> BoundWindow {
        let ay = asOf.academicYear
        let year = written ?? (month >= 9 ? ay : ay + 1)
        guard let start = Day(year: year, month: month, day: 1) else {
            throw Diagnostic.yearNotInRegister(year, covered: register.calendar.years.map(\.startYear), at: here)
        }
        let end = Day(year: year, month: month, day: Day.daysIn(month: month, year: year))!
        let name = "\(Day.monthNames[month - 1]) \(year)"
        if start > asOf {
            let earlier = written == nil ? "\(Day.monthNames[month - 1].lowercased()) \(year - 1)" : nil
            throw Diagnostic.monthAfterAsOf(name, asOf: asOf, earlier: earlier, at: here)
        }
        let through = min(end, asOf)
        try requireSchoolDays(name + (through < end ? " up to \(through.iso)" : ""), from: start, through: through, at: here)
        let toDate = through < end ? " to date" : ""
        return make(label ?? name, "\(name)\(toDate) \(start.iso)..\(through.iso)", start, through)
    }

    /// `this month` (the as-of date's month, to date) and `last month` (the one before).
    func relativeMonth(last: Bool, at here: DiagnosticSite) throws(Diagnostic) -> BoundWindow {
        var (y, m) = (asOf.year, asOf.month)
        if last { (y, m) = m == 1 ? (y - 1, 12) : (y, m - 1) }
        return try monthWindow(m, year: y, label: last ? "last month" : "this month", at: here)
    }

    /// Refuses a stretch of days in which the school had no possible session.
    func requireSchoolDays(_ what: String, from: Day, through: Day, at here: DiagnosticSite) throws(Diagnostic) {
        let cal = register.calendar
        let r = cal.dayRange(from: from, through: through)
        guard !r.contains(where: { cal.possibleDay[$0] }) else { return }
        let first = cal.days.indices.first { cal.possibleDay[$0] }.map { cal.days[$0] }
        let last = cal.days.indices.last { cal.possibleDay[$0] }.map { cal.days[$0] }
        throw Diagnostic.noSchoolDays(what, schoolDays: first.flatMap { f in last.map { f...$0 } }, at: here)
    }

    /// The latest day before the as-of date that is the given weekday (1 = Monday).
    func lastWeekday(_ weekday: Int) -> Day {
        var k = (asOf.weekday - weekday + 7) % 7
        if k == 0 { k = 7 }
        return asOf.advanced(by: -k)
    }

    /// `1 sep`: the day in the as-of date's academic year.
    func dayMonth(_ day: Int, _ month: Int, at span: Range<Int>) throws(Diagnostic) -> Day {
        let ay = asOf.academicYear
        let year = month >= 9 ? ay : ay + 1
        guard let d = Day(year: year, month: month, day: day) else {
            throw Diagnostic.noSuchDayInYear(day, month: month, year: year, at: site(span))
        }
        return d
    }

    /// `last monday` as a window: one day, which must have been a school day.
    func namedDayWindow(_ d: DateSyntax) throws(Diagnostic) -> BoundWindow {
        let day = try date(d)
        let phrase = SyntaxDump.date(d)
        let cal = register.calendar
        if cal.index(of: day).map({ !cal.possibleDay[$0] }) ?? true {
            throw Diagnostic.namedDayNotSchoolDay(phrase, day: day, previous: previousSchoolDay(before: day, orNil: true), at: site(d.span))
        }
        return make(phrase, "\(phrase), \(day.weekdayName) \(day.iso)", day, day)
    }

    /// The last school day before `d`, or nil when there is none.
    func previousSchoolDay(before d: Day, orNil: Bool) -> Day? {
        let cal = register.calendar
        var i = cal.firstIndex(onOrAfter: d) - 1
        while i >= 0 && !cal.possibleDay[i] { i -= 1 }
        return i >= 0 ? cal.days[i] : nil
    }
}

extension Binder {
    /// Whether a date is a named day that must be a school day when used alone (`last monday`).
    func isNamedDay(_ d: DateSyntax) -> Bool {
        if case .lastWeekday = d.kind { return true }
        return false
    }
}
