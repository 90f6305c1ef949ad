/// A window resolved against the calendar and the as-of date: the school sessions a
/// measure is taken over. Never reaches past the as-of date.
public struct BoundWindow: Sendable, Hashable {
    /// As written in a column heading: `term 1`, `last 10 weeks`, `this year`.
    public var label: String
    /// For `explain`: `Autumn term 2025-09-03..2025-12-19`.
    public var explanation: String
    /// First and last calendar day covered (inclusive).
    public var from: Day
    public var through: Day
    /// Register sessions covered.
    public var sessions: Range<Int>
    /// For `in any N weeks over P`: N, and the session ranges of P's school weeks.
    public var anyWeeks: Int?
    public var weeks: [Range<Int>]
    /// True when the query gave no window and the default (`this year`) applies.
    public var isDefault: Bool

    public init(label: String, explanation: String, from: Day, through: Day, sessions: Range<Int>,
                anyWeeks: Int? = nil, weeks: [Range<Int>] = [], isDefault: Bool = false) {
        self.label = label
        self.explanation = explanation
        self.from = from
        self.through = through
        self.sessions = sessions
        self.anyWeeks = anyWeeks
        self.weeks = weeks
        self.isDefault = isDefault
    }
}
