/// The school calendar of a register: its school days, academic years, terms, half-terms,
/// closures and school weeks. Built from calendar.csv when given, else inferred from the
/// days the register has marks for (see ``CalendarInference``).
///
/// Days are indexed: `days[i]` is the i-th day with any mark in the register, and
/// sessions are numbered `2 * i` (AM) and `2 * i + 1` (PM).
public struct SchoolCalendar: Sendable {
    /// Every day with any mark in the register, ascending.
    public let days: [Day]
    /// Whether anyone had a possible session on `days[i]` (false on INSET and closure days).
    public let possibleDay: [Bool]
    public let years: [AcademicYear]
    public let closures: [Period]
    /// True when there was no calendar.csv.
    public let inferred: Bool

    private let firstDay: Day
    /// For each calendar day from `firstDay`, the index of the first register day on or after it.
    private let lowerIndex: [Int32]

    public init(days: [Day], possibleDay: [Bool], years: [AcademicYear], closures: [Period], inferred: Bool) {
        self.days = days
        self.possibleDay = possibleDay
        self.years = years.sorted { $0.startYear < $1.startYear }
        self.closures = closures
        self.inferred = inferred
        firstDay = days.first ?? Day(number: 0)
        let span = days.isEmpty ? 0 : days[0].distance(to: days[days.count - 1]) + 1
        var lower = [Int32](repeating: 0, count: span + 1)
        var k = 0
        for i in 0...span {
            let d = firstDay.advanced(by: i)
            while k < days.count && days[k] < d { k += 1 }
            lower[i] = Int32(k)
        }
        lowerIndex = lower
    }

    public var sessionCount: Int { days.count * 2 }
    public var firstSchoolDay: Day? { days.first }
    public var lastSchoolDay: Day? { days.last }

    /// Index of the first register day on or after `d` (days.count when none).
    public func firstIndex(onOrAfter d: Day) -> Int {
        guard !days.isEmpty else { return 0 }
        let off = firstDay.distance(to: d)
        if off <= 0 { return 0 }
        if off >= lowerIndex.count { return days.count }
        return Int(lowerIndex[off])
    }

    /// Register day indexes of the days in `from...through`.
    public func dayRange(from: Day, through: Day) -> Range<Int> {
        guard from <= through else { return 0..<0 }
        let a = firstIndex(onOrAfter: from)
        let b = firstIndex(onOrAfter: through.advanced(by: 1))
        return a..<max(a, b)
    }

    /// The register day index of `d`, when it is a day of the register.
    public func index(of d: Day) -> Int? {
        let i = firstIndex(onOrAfter: d)
        return i < days.count && days[i] == d ? i : nil
    }

    /// Session range `a..<b` of the days in `from...through`.
    public func sessionRange(from: Day, through: Day) -> Range<Int> {
        let r = dayRange(from: from, through: through)
        return (r.lowerBound * 2)..<(r.upperBound * 2)
    }

    public func year(_ startYear: Int) -> AcademicYear? { years.first { $0.startYear == startYear } }

    /// The academic year holding `d`, when the register covers it.
    public func year(containing d: Day) -> AcademicYear? { year(d.academicYear) }

    public func term(containing d: Day) -> Period? { year(containing: d)?.terms.first { $0.contains(d) } }
    public func halfTerm(containing d: Day) -> Period? { year(containing: d)?.halfTerms.first { $0.contains(d) } }

    /// The term in force on `d`: the one holding it, or else the last one that began before it
    /// (during a holiday, "this term" is the term just ended).
    public func currentTerm(on d: Day) -> Period? {
        let all = years.flatMap(\.terms)
        return all.last { $0.start <= d }
    }
    public func currentHalfTerm(on d: Day) -> Period? {
        years.flatMap(\.halfTerms).last { $0.start <= d }
    }
    public func previousTerm(before p: Period) -> Period? { years.flatMap(\.terms).last { $0.end < p.start } }
    public func previousHalfTerm(before p: Period) -> Period? { years.flatMap(\.halfTerms).last { $0.end < p.start } }

    /// School weeks up to and including `asOf`: Monday–Sunday weeks with at least one
    /// possible session on or before `asOf`, newest last.
    public func schoolWeeks(through asOf: Day) -> [SchoolWeek] {
        var weeks: [SchoolWeek] = []
        var i = 0
        let end = firstIndex(onOrAfter: asOf.advanced(by: 1))
        while i < end {
            let monday = days[i].monday
            var j = i
            var possible = false
            while j < end && days[j].monday == monday {
                if possibleDay[j] { possible = true }
                j += 1
            }
            if possible { weeks.append(SchoolWeek(monday: monday, days: i..<j)) }
            i = j
        }
        return weeks
    }

    /// The last `n` school weeks up to and including `asOf` (fewer when the register is shorter).
    public func lastSchoolWeeks(_ n: Int, through asOf: Day) -> [SchoolWeek] {
        let all = schoolWeeks(through: asOf)
        return Array(all.suffix(max(0, n)))
    }

    /// All terms of all years, in order.
    public var allTerms: [Period] { years.flatMap(\.terms) }
    public var allHalfTerms: [Period] { years.flatMap(\.halfTerms) }
}
