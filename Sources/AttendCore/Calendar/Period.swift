/// A named stretch of the school calendar: a term, a half-term, an academic year or a
/// closure. Dates are inclusive.
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable { case year, term, halfTerm = "half-term", closure }
    public let kind: Kind
    /// `Autumn`, `Spring 1`, `2025/26`.
    public let name: String
    public let start: Day
    public let end: Day
    /// The academic year (its first calendar year: 2025 for 2025/26).
    public let academicYear: Int
    /// 1-based position within the academic year (term 1…3, half-term 1…6).
    public let number: Int

    public var range: ClosedRange<Day> { start...end }
    public func contains(_ d: Day) -> Bool { start <= d && d <= end }

    /// `Autumn term 2025-09-03..2025-12-19`
    public var description: String {
        let label: String
        switch kind {
        case .year: label = name
        case .term: label = name.lowercased().hasSuffix("term") ? name : "\(name) term"
        case .halfTerm: label = name
        case .closure: label = name.isEmpty ? "closure" : name
        }
        return "\(label) \(start.iso)..\(end.iso)"
    }

    /// `2025/26`
    public static func yearLabel(_ y: Int) -> String {
        let next = (y + 1) % 100
        return "\(y)/\(next < 10 ? "0" : "")\(next)"
    }
}

/// One academic year of the calendar, with its terms and half-terms in order.
public struct AcademicYear: Sendable, Hashable {
    /// 2025 for 2025/26.
    public let startYear: Int
    public let terms: [Period]
    public let halfTerms: [Period]
    /// 1 September … 31 August.
    public var period: Period {
        Period(kind: .year, name: Period.yearLabel(startYear), start: Day(year: startYear, month: 9, day: 1)!,
               end: Day(year: startYear + 1, month: 8, day: 31)!, academicYear: startYear, number: 1)
    }
}

/// A school week: a Monday–Sunday week in which the school had at least one possible
/// session (on or before the day asked about).
public struct SchoolWeek: Sendable, Hashable {
    public let monday: Day
    /// Register day indexes of the week's days.
    public let days: Range<Int>
}
