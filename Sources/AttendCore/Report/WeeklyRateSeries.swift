/// The attendance rate of every pupil together, school week by school week, for this
/// academic year to the as-of date and for the same weeks of last year; and the month's
/// change (the last 4 school weeks against the 4 before).
///
/// The language's `rate by week over this year` gives this year's line; the report needs last
/// year's beside it, week for week by position in the year (the language puts windows side
/// by side only for groups, not for periods of different years), and the month's change as
/// cards. So the report builds this section itself, from the same period totals as
/// `rate by week` (`GovernorsReportCoreTests` checks every week against `summary between`).
public struct WeeklyRateSeries: Sendable {
    public struct Week: Sendable, Equatable {
        public var monday: Day
        public var possible: Int
        public var attended: Int
        public var rate: Double? { possible > 0 ? Double(attended) * 100 / Double(possible) : nil }
    }

    public var thisYear: [Week]
    /// The same school weeks of last year (by position in the year), when the register
    /// holds last year; empty otherwise.
    public var lastYear: [Week]
    /// The register's first day, for "no figures for last year".
    public var registerStart: Day?

    public init(register r: Register, asOf: Day) {
        let cal = r.calendar
        registerStart = cal.firstSchoolDay
        let year = asOf.academicYear
        // The week's totals come from the store's one period-totals kernel, the one
        // `rate by week` uses (``Register/periodTotals(_:periods:in:)``).
        func weeks(of y: Int, through end: Day) -> [Week] {
            let ws = cal.schoolWeeks(through: end).filter { $0.monday.academicYear == y || (cal.days.indices.contains($0.days.lowerBound) && cal.days[$0.days.lowerBound].academicYear == y) }
            let totals = r.periodTotals(.markClass(.attended), periods: ws.map { $0.days.lowerBound * 2..<$0.days.upperBound * 2 },
                                        in: PupilSet.all(r.pupilCount))
            return ws.indices.map { Week(monday: ws[$0].monday, possible: totals.possible[$0], attended: totals.counted[$0]) }
                .filter { $0.possible > 0 }
        }
        thisYear = weeks(of: year, through: asOf)
        if cal.year(year - 1) != nil, let lastEnd = cal.year(year - 1)?.terms.last?.end ?? cal.lastSchoolDay {
            lastYear = Array(weeks(of: year - 1, through: lastEnd).prefix(thisYear.count))
        } else {
            lastYear = []
        }
    }

    static func rate(_ ws: ArraySlice<Week>) -> Double? {
        let p = ws.reduce(0) { $0 + $1.possible }, a = ws.reduce(0) { $0 + $1.attended }
        return p > 0 ? Double(a) * 100 / Double(p) : nil
    }

    /// The last 4 school weeks' rate and the 4 before's.
    public var monthChange: (last4: Double?, previous4: Double?) {
        let n = thisYear.count
        return (Self.rate(thisYear[max(0, n - 4)..<n]), n >= 8 ? Self.rate(thisYear[(n - 8)..<(n - 4)]) : nil)
    }

    /// Last year's rate over the same number of weeks, or nil without last year.
    public var lastYearToDate: Double? { lastYear.isEmpty ? nil : Self.rate(lastYear[...]) }

    /// As a result table, the shape a `rate by week` result will have: one row per week
    /// (its Monday), this year's rate and last year's.
    public var table: ResultTable {
        var t = ResultTable(columns: [.init("week", .date), .init("rate this year", .percent), .init("rate last year", .percent)])
        for (i, w) in thisYear.enumerated() {
            let last: Value = i < lastYear.count ? (lastYear[i].rate.map { .number($0) } ?? .empty) : .empty
            t.rows.append([.date(w.monday), w.rate.map { .number($0) } ?? .empty, last])
        }
        return t
    }
}
