/// One row of calendar.csv: a term, a half-term or a planned closure (dates inclusive).
public struct DemoCalendarEntry: Sendable, Hashable {
    public enum Kind: String, Sendable { case term, halfTerm = "half-term", closure }
    public var kind: Kind
    public var name: String
    public var start: Day
    public var end: Day
}

/// The school calendar of the demo register: a typical English secondary school year,
/// derived by rules so that any academic year works.
///
/// - Autumn starts on the first weekday on or after 3 September; its half-term break is
///   the week of the last Monday in October; it ends on the last Friday on or before
///   22 December.
/// - Spring starts on the Monday 17 days after autumn ends (a two-week Christmas break); its
///   half-term break is the week of the third Monday in February; it ends on the Friday a
///   week before Good Friday (the Easter break is the fortnight around Easter).
/// - Summer starts on the Monday a week after Easter Monday; its half-term break is the
///   week of the spring bank holiday (last Monday in May); it ends on the day the year
///   reaches 195 days (190 pupil days and 5 INSET days), at the latest 31 July.
/// - Bank holidays in term time (the early-May Monday; a New Year substitute day) are not
///   school days: no rows at all.
/// - Five INSET days, marked `#` for every pupil: the first day of Autumn 1, Autumn 2,
///   Spring 1 and Summer 2, and a Friday in the middle of Spring 2.
/// - One unexpected whole-school closure (a snow day), marked `Y4` for every pupil: the
///   Thursday of the fourth week of Spring 1. It is not in calendar.csv (it was not planned).
///
/// For 2025/26: Autumn 3 Sep–19 Dec 2025 (break 27–31 Oct), Spring 5 Jan–27 Mar 2026
/// (break 16–20 Feb), Summer 13 Apr–22 Jul 2026 (4 May bank holiday, break 25–29 May);
/// INSET 3 Sep, 3 Nov, 5 Jan, 13 Mar, 1 Jun; snow day 29 Jan 2026.
public struct DemoCalendar: Sendable {
    public let academicYear: Int
    /// Every day that has register rows, in order: term-time weekdays that are not bank holidays.
    public let schoolDays: [Day]
    public let terms: [DemoCalendarEntry]
    public let halfTerms: [DemoCalendarEntry]
    public let insetDays: [Day]
    /// The unplanned closure, marked `Y4`.
    public let unexpectedClosure: Day
    /// Weekdays inside a half-term that are bank holidays (no rows).
    public let bankHolidays: [Day]

    /// The rows of calendar.csv, in file order: terms, half-terms, closures.
    public var entries: [DemoCalendarEntry] {
        terms + halfTerms + insetDays.map { DemoCalendarEntry(kind: .closure, name: "INSET day", start: $0, end: $0) }
    }

    // Indices into `schoolDays`.
    let halfStart: [Int]
    let halfEnd: [Int]
    /// Per school day: 0 open, 1 INSET (`#`), 2 unexpected closure (`Y4`).
    let closed: [UInt8]
    /// Per school day: its half-term, 0...5.
    let halfOf: [UInt8]

    public static let supportedYears = 1950...2150

    public init(academicYear a: Int) {
        precondition(DemoCalendar.supportedYears.contains(a), "academic year out of range")
        academicYear = a
        func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }
        func onOrAfter(_ d: Day, weekday w: Int) -> Day { d.advanced(by: (w - d.weekday + 7) % 7) }
        func onOrBefore(_ d: Day, weekday w: Int) -> Day { d.advanced(by: -((d.weekday - w + 7) % 7)) }
        func lastMonday(year: Int, month: Int) -> Day {
            onOrBefore(day(year, month, Day.daysIn(month: month, year: year)), weekday: 1)
        }

        // Autumn
        var autumnStart = day(a, 9, 3)
        if autumnStart.isWeekend { autumnStart = onOrAfter(autumnStart, weekday: 1) }
        let octBreak = lastMonday(year: a, month: 10)
        let autumnEnd = onOrBefore(day(a, 12, 22), weekday: 5)
        // Spring
        let springStart = autumnEnd.advanced(by: 17)
        let febBreak = onOrAfter(day(a + 1, 2, 1), weekday: 1).advanced(by: 14)
        let easter = DemoCalendar.easterSunday(a + 1)
        let springEnd = easter.advanced(by: -9)            // Friday a week before Good Friday
        // Summer
        let summerStart = easter.advanced(by: 8)           // Monday after Easter week
        let mayBreak = lastMonday(year: a + 1, month: 5)

        var holidays: Set<Day> = [onOrAfter(day(a + 1, 5, 1), weekday: 1)]
        let newYear = day(a + 1, 1, 1)
        holidays.insert(newYear.isWeekend ? onOrAfter(newYear, weekday: 1) : newYear)

        var ranges: [(Day, Day)] = [
            (autumnStart, octBreak.advanced(by: -3)),
            (octBreak.advanced(by: 7), autumnEnd),
            (springStart, febBreak.advanced(by: -3)),
            (febBreak.advanced(by: 7), springEnd),
            (summerStart, mayBreak.advanced(by: -3)),
            (mayBreak.advanced(by: 7), day(a + 1, 7, 31)),
        ]
        // Summer ends when the year reaches 195 days.
        var total = 0
        for (s, e) in ranges.prefix(5) {
            var d = s
            while d <= e { if !d.isWeekend && !holidays.contains(d) { total += 1 }; d = d.advanced(by: 1) }
        }
        var end = ranges[5].0
        var d = ranges[5].0
        while d <= ranges[5].1 {
            if !d.isWeekend && !holidays.contains(d) {
                total += 1
                end = d
                if total >= 195 { break }
            }
            d = d.advanced(by: 1)
        }
        ranges[5].1 = end

        var days: [Day] = []
        var halfOf: [UInt8] = []
        var hs: [Int] = [], he: [Int] = []
        var bank: [Day] = []
        for (h, (s, e)) in ranges.enumerated() {
            hs.append(days.count)
            var d = s
            while d <= e {
                if !d.isWeekend {
                    if holidays.contains(d) { bank.append(d) } else { days.append(d); halfOf.append(UInt8(h)) }
                }
                d = d.advanced(by: 1)
            }
            he.append(days.count - 1)
        }
        schoolDays = days
        self.halfOf = halfOf
        halfStart = hs
        halfEnd = he
        bankHolidays = bank

        // INSET: first days of Autumn 1, Autumn 2, Spring 1, Summer 2; a Friday mid Spring 2.
        var inset = [hs[0], hs[1], hs[2], hs[5]]
        let mid = (hs[3] + he[3]) / 2
        var friday = mid
        while friday <= he[3] && days[friday].weekday != 5 { friday += 1 }
        if friday > he[3] { friday = mid }
        inset.append(friday)
        inset.sort()
        var closed = [UInt8](repeating: 0, count: days.count)
        for i in inset { closed[i] = 1 }
        // Snow day: Thursday of the fourth week of Spring 1 (or the next open day).
        let snowTarget = springStart.monday.advanced(by: 24)
        var snow = hs[2]
        while snow < he[2] && (days[snow] < snowTarget || closed[snow] != 0) { snow += 1 }
        closed[snow] = 2
        self.closed = closed
        insetDays = inset.map { days[$0] }
        unexpectedClosure = days[snow]

        let names = ["Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"]
        halfTerms = (0..<6).map { DemoCalendarEntry(kind: .halfTerm, name: names[$0], start: days[hs[$0]], end: days[he[$0]]) }
        terms = ["Autumn", "Spring", "Summer"].enumerated().map { t, name in
            DemoCalendarEntry(kind: .term, name: name, start: days[hs[2 * t]], end: days[he[2 * t + 1]])
        }
    }

    /// The first and last school day of the register.
    public var firstDay: Day { schoolDays[0] }
    public var lastDay: Day { schoolDays[schoolDays.count - 1] }

    /// Index of `d` in `schoolDays`, or nil when it is not a school day.
    public func index(of d: Day) -> Int? {
        var lo = 0, hi = schoolDays.count
        while lo < hi {
            let m = (lo + hi) / 2
            if schoolDays[m] < d { lo = m + 1 } else { hi = m }
        }
        return lo < schoolDays.count && schoolDays[lo] == d ? lo : nil
    }

    /// Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher).
    public static func easterSunday(_ y: Int) -> Day {
        let a = y % 19, b = y / 100, c = y % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let dd = (h + l - 7 * m + 114) % 31 + 1
        return Day(year: y, month: month, day: dd)!
    }

    /// The school-day indices of each Monday–Sunday week that has school days, in order.
    func weeks() -> [Range<Int>] {
        var out: [Range<Int>] = []
        var s = 0
        for i in 1...schoolDays.count {
            if i == schoolDays.count || schoolDays[i].monday != schoolDays[s].monday {
                out.append(s..<i)
                s = i
            }
        }
        return out
    }
}
