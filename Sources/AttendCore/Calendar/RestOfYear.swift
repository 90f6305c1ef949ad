/// The school days still to come in the as-of date's academic year: what a projection
/// (Docs/casework.md, "Projections") carries a pupil's year on over. The as-of date's own
/// sessions are done, so the rest starts the day after it.
///
/// - The register's own days after the as-of date come first: a day with marks and a
///   possible session for anyone was a school day (so an INSET day marked `#`, a closure
///   marked `Y`, or a bank holiday with no rows is not).
/// - After the register's last day, with calendar.csv: every weekday inside one of the
///   year's half-terms (a term when the year has no half-terms) that is not in a closure,
///   to the end of the year's last term.
/// - After the register's last day, without calendar.csv (the inferred calendar): the year
///   is carried to 190 school days, the statutory school year: the weekdays after the
///   register's last day, as many as the year still lacks, never past 20 July (schools
///   break up for the summer around then; a register that ends there is a whole year). The
///   holidays ahead are not known, so the count is right and the dates are estimates.
public struct RestOfYear: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// Every day to come is a day of the register.
        case register
        /// Days after the register's last day come from calendar.csv.
        case calendarFile
        /// Days after the register's last day are carried to 190 school days.
        case carried(days: Int)
    }

    /// The school days after the as-of date to the year's end, ascending.
    public let days: [Day]
    /// The last day of the year: the end of calendar.csv's last term, or the last day
    /// counted; nil when no day is left.
    public let end: Day?
    public let source: Source

    /// The statutory school year, in days: what the inferred calendar is carried to.
    public static let schoolYearDays = 190

    /// The last day the inferred calendar is carried to: 20 July of the year's end. (The
    /// 190 days count days with a possible session, which an unplanned closure lacks, so a
    /// register ending in late July would otherwise be carried past its last day.)
    static func carriedUntil(_ academicYear: Int) -> Day { Day(year: academicYear + 1, month: 7, day: 20)! }

    public init(days: [Day], end: Day?, source: Source) {
        self.days = days
        self.end = end
        self.source = source
    }

    /// Sessions still to come for a pupil on roll from `from` until `until` (nil: open).
    public func sessions(onRollFrom from: Day?, until: Day?) -> Int {
        var lo = 0, hi = days.count
        if let from { lo = Self.firstIndex(days, onOrAfter: from) }
        if let until { hi = Self.firstIndex(days, onOrAfter: until.advanced(by: 1)) }
        return max(0, hi - lo) * 2
    }

    /// Sessions still to come for everyone on roll throughout.
    public var sessions: Int { days.count * 2 }

    static func firstIndex(_ days: [Day], onOrAfter d: Day) -> Int {
        var lo = 0, hi = days.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < d { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// How the days were found, for notes and `explain`: `67 school days (134 sessions)
    /// from 9 Feb 2026 to 22 Jul 2026: the register's days`.
    public var explanation: String {
        guard let first = days.first, let last = days.last else {
            return "no school days are left this academic year"
        }
        let how: String
        switch source {
        case .register: how = "the register's own days"
        case .calendarFile: how = "the register's days, then calendar.csv's terms less its closures"
        case .carried(let n): how = "no calendar.csv: the register's days, then \(n) weekday\(n == 1 ? "" : "s") carried on to make a \(Self.schoolYearDays)-day school year"
        }
        return "\(days.count) school day\(days.count == 1 ? "" : "s") (\(days.count * 2) sessions) from \(first.shortEnglish) to \(last.shortEnglish): \(how)"
    }

    /// The rest of the academic year holding `asOf`.
    public static func after(_ asOf: Day, in calendar: SchoolCalendar) -> RestOfYear {
        let y = asOf.academicYear
        var days: [Day] = []
        var openInYear = 0
        for (i, d) in calendar.days.enumerated() where d.academicYear == y && calendar.possibleDay[i] {
            openInYear += 1
            if d > asOf { days.append(d) }
        }
        // The day after which the register says nothing more.
        let registerEnd = max(asOf, calendar.lastSchoolDay ?? asOf)
        guard registerEnd.academicYear == y else {
            return RestOfYear(days: days, end: days.last, source: .register)
        }
        if !calendar.inferred {
            guard let year = calendar.year(y) else { return RestOfYear(days: days, end: days.last, source: .register) }
            let periods = year.halfTerms.isEmpty ? year.terms : year.halfTerms
            let end = (year.terms.map(\.end) + year.halfTerms.map(\.end)).max()
            var added = false
            for p in periods.sorted(by: { $0.start < $1.start }) {
                var d = max(p.start, registerEnd.advanced(by: 1))
                while d <= p.end {
                    if !d.isWeekend && !calendar.closures.contains(where: { $0.contains(d) }) {
                        days.append(d)
                        added = true
                    }
                    d = d.advanced(by: 1)
                }
            }
            return RestOfYear(days: days, end: end ?? days.last, source: added ? .calendarFile : .register)
        }
        var wanted = schoolYearDays - openInYear
        var carried = 0
        var d = registerEnd.advanced(by: 1)
        while wanted > 0 && d <= Self.carriedUntil(y) {
            if !d.isWeekend {
                days.append(d)
                wanted -= 1
                carried += 1
            }
            d = d.advanced(by: 1)
        }
        return RestOfYear(days: days, end: days.last, source: carried > 0 ? .carried(days: carried) : .register)
    }
}
