// The catalogue of messages about calendar months, named days, grouping by time and
// windows side by side (Q050–Q069, Q140–Q149). Ordered by code.

extension Diagnostic {
    /// Q050: a month that starts after the as-of date (`over july` in March). `earlier` is
    /// how to write the same month a year before, when no year was written.
    static func monthAfterAsOf(_ month: String, asOf: Day, earlier: String?, at site: DiagnosticSite) -> Diagnostic {
        let hint = earlier.map { "a month without a year is the one in the as-of date's academic year (\(Period.yearLabel(asOf.academicYear))); for the year before write `\($0)`" }
            ?? "windows never reach past the as-of date; use --as-of DATE (or `set as-of DATE`) to look from a later day"
        return Diagnostic("Q050", message: "\(month) is after the as-of date \(asOf.iso)", hint: hint).placed(at: site)
    }

    /// Q051: a month (or named day's period) in which the school had no possible session.
    static func noSchoolDays(_ what: String, schoolDays: ClosedRange<Day>?, at site: DiagnosticSite) -> Diagnostic {
        let hint = schoolDays.map { "the register's school days run \($0.lowerBound.shortEnglish) to \($0.upperBound.shortEnglish); `.calendar` lists the terms" }
            ?? "the register has no school days"
        return Diagnostic("Q051", message: "\(what) has no school days", hint: hint).placed(at: site)
    }

    /// Q052: `last monday` (or `on last …`) fell on a day with no school sessions.
    static func namedDayNotSchoolDay(_ phrase: String, day: Day, previous: Day?, at site: DiagnosticSite) -> Diagnostic {
        let hint = previous.map { "the school day before it was \($0.weekdayName) \($0.shortEnglish): write `on \($0.iso)` for that day" }
            ?? "the register has no school day before it"
        return Diagnostic("Q052", message: "\(phrase) (\(day.weekdayName) \(day.iso)) was not a school day", hint: hint).placed(at: site)
    }

    /// Q053: a day and month with no year that does not exist in the year it falls in (29 Feb).
    static func noSuchDayInYear(_ day: Int, month: Int, year: Int, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q053", message: "\(year) has no \(day) \(Day.monthNames[month - 1])",
                   hint: "a day and month without a year fall in the as-of date's academic year; write the year to choose another").placed(at: site)
    }

    /// Q054: grouping by time with a figure that has no value per period.
    static func notByTime(_ what: String, hint: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q054", message: "\(what) cannot be grouped by time", hint: hint).placed(at: site)
    }

    /// Q055: windows side by side together with grouping by time.
    static func sideBySideByTime(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q055", message: "windows side by side cannot be grouped by time as well",
                   hint: "group by a column (`rate by year over term 1, term 2`), or by time over one window (`rate by week over this year`)").placed(at: site)
    }

    /// Q056: more windows side by side than a table can show.
    static func tooManyWindows(limit: Int, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q056", message: "at most \(limit) windows can stand side by side",
                   hint: "for a series use grouping by time: `rate by month over this year`").placed(at: site)
    }

    /// Q057: side by side with a window that is per pupil (`in any N weeks`).
    static func sideWindowNotAllowed(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q057", message: "`in any N weeks` is per pupil and cannot stand side by side",
                   hint: "list the pupils instead: `pupils where unauthorised >= 10 in any 10 weeks`").placed(at: site)
    }
}
