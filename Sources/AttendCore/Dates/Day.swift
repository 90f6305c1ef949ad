/// A calendar date with no time or zone: the number of days since 1970-01-01.
///
/// Register arithmetic needs nothing but whole days, weekdays and academic years, so this
/// avoids Foundation's `Calendar` (slow, and zone-dependent) entirely.
public struct Day: Sendable, Hashable, Comparable, Strideable, CustomStringConvertible, Codable {
    public var number: Int32

    public init(number: Int32) { self.number = number }

    /// Nil when the date does not exist (31 February, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), year >= 1900, year <= 2200,
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = Int32(era * 146097 + doe - 719468)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// (year, month, day).
    public var civil: (year: Int, month: Int, day: Int) {
        let z = Int(number) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var dayOfMonth: Int { civil.day }

    /// ISO weekday: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday.
    public var weekday: Int {
        let w = (Int(number) + 3) % 7
        return (w < 0 ? w + 7 : w) + 1
    }
    public var isWeekend: Bool { weekday >= 6 }

    /// The Monday of this date's Monday–Sunday week.
    public var monday: Day { Day(number: number - Int32(weekday - 1)) }

    /// The academic year this date falls in, named by its first calendar year: 1 Sep 2025
    /// to 31 Aug 2026 is 2025 ("2025/26").
    public var academicYear: Int {
        let c = civil
        return c.month >= 9 ? c.year : c.year - 1
    }

    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }
    public func distance(to other: Day) -> Int { Int(other.number - number) }
    public func advanced(by n: Int) -> Day { Day(number: number + Int32(n)) }

    /// `2026-03-20`
    public var iso: String {
        let c = civil
        return "\(c.year)-\(Day.pad(c.month))-\(Day.pad(c.day))"
    }
    public var description: String { iso }

    /// `20 March 2026`, as letters to parents write it.
    public var longEnglish: String {
        let c = civil
        return "\(c.day) \(Day.monthNames[c.month - 1]) \(c.year)"
    }
    /// `20 Mar 2026`
    public var shortEnglish: String {
        let c = civil
        return "\(c.day) \(Day.monthNames[c.month - 1].prefix(3)) \(c.year)"
    }
    /// `Friday`
    public var weekdayName: String { Day.weekdayNames[weekday - 1] }

    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                    "August", "September", "October", "November", "December"]
    public static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Parses `2025-09-03` or `03/09/2025` (UK day/month/year). Nil when neither.
    public init?(parsing text: some StringProtocol) {
        var s = String(text)
        guard let d = s.withUTF8({ Day.parse($0, 0, $0.count) }) else { return nil }
        self = d
    }

    /// The date style of a field, as a file keeps it throughout.
    public enum Style: Sendable { case iso, uk }

    /// Parses a date from bytes `p[s..<e]`, either style. Hot path of the marks loader.
    @inline(__always)
    public static func parse(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Day? {
        parseWithStyle(p, s, e)?.day
    }

    @inline(__always)
    public static func parseWithStyle(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (day: Day, style: Style)? {
        @inline(__always) func digit(_ i: Int) -> Int? {
            let c = p[i] &- 48
            return c < 10 ? Int(c) : nil
        }
        @inline(__always) func number(_ from: Int, _ to: Int) -> Int? {
            guard from < to else { return nil }
            var v = 0
            var i = from
            while i < to { guard let d = digit(i) else { return nil }; v = v * 10 + d; i += 1 }
            return v
        }
        let n = e - s
        if n == 10 && p[s + 4] == 45 && p[s + 7] == 45 {   // yyyy-mm-dd
            guard let y = number(s, s + 4), let m = number(s + 5, s + 7), let d = number(s + 8, s + 10),
                  let day = Day(year: y, month: m, day: d) else { return nil }
            return (day, .iso)
        }
        // d/m/yyyy with one or two digits for day and month
        guard n >= 8 && n <= 10 else { return nil }
        var i = s
        while i < e && p[i] != 47 { i += 1 }
        let d1 = i
        i += 1
        while i < e && p[i] != 47 { i += 1 }
        let m1 = i
        guard d1 - s >= 1, d1 - s <= 2, m1 - d1 - 1 >= 1, m1 - d1 - 1 <= 2, e - m1 - 1 == 4,
              let d = number(s, d1), let m = number(d1 + 1, m1), let y = number(m1 + 1, e),
              let day = Day(year: y, month: m, day: d) else { return nil }
        return (day, .uk)
    }
}
