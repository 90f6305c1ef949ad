/// The attendance rate of every pupil together, school week by school week, for this
/// academic year to the as-of date and for the same weeks of last year; and the month's
/// change (the last 4 school weeks against the 4 before).
///
/// A stand-in for the language's `rate by week over this year`, which is being built apart:
/// when it arrives, the governors' report script should say `rate by week over this year`
/// (the report draws any result by week as a line) and this type should go. Until then the
/// report adds its weekly section from here (Docs/report.md).
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
        func weeks(of y: Int, through end: Day) -> [Week] {
            let possible = r.matrix(.possible), attended = r.matrix(.attended)
            return cal.schoolWeeks(through: end).filter { $0.monday.academicYear == y || (cal.days.indices.contains($0.days.lowerBound) && cal.days[$0.days.lowerBound].academicYear == y) }.map { w in
                let a = w.days.lowerBound * 2, b = w.days.upperBound * 2
                var p = 0, t = 0
                for pupil in 0..<r.pupilCount {
                    p += possible.count(pupil, a, b)
                    t += attended.count(pupil, a, b)
                }
                return Week(monday: w.monday, possible: p, attended: t)
            }.filter { $0.possible > 0 }
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
