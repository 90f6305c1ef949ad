/// `on mondays or fridays` after a count of sessions: `absent on fridays >= 5`.
public struct WeekdaysSyntax: Sendable, Hashable {
    public var days: Weekdays
    /// From `on` to the last weekday.
    public var span: Range<Int>
}
