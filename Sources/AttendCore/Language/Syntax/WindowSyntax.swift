// Windows: the stretch of school sessions a measure is taken over. The parser records
// only what was written; the binder resolves periods and dates against the school
// calendar and the as-of date (whether term 4 exists is its question).

/// `over term 1`, `between 5 Jan 2026 and 20 Mar 2026`, `in last 10 weeks`,
/// `over this year until 5 days ago`.
public struct WindowSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `over PERIOD`, or a period alone: `this week`, `last term`.
        case period(PeriodSyntax)
        /// `between DATE and DATE`, both days included.
        case between(DateSyntax, DateSyntax)
        /// `since DATE`: from the date up to the as-of date.
        case since(DateSyntax)
        /// `on DATE`: one day.
        case on(DateSyntax)
        /// `today`: the as-of date.
        case today
        /// `yesterday`.
        case yesterday
        /// `in last N weeks`: the last N school weeks up to and including the as-of date.
        case lastWeeks(NumberSyntax)
        /// `in any N weeks [over PERIOD]`: the largest count over every run of N consecutive
        /// school weeks in the period (nil: the default window, `this year`).
        case anyWeeks(NumberSyntax, within: PeriodSyntax?)
    }
    public var kind: Kind
    /// `until 5 days ago` / `until DATE`: cuts the window's end short. Allowed after a
    /// period, `since DATE` and `in any N weeks`.
    public var until: UntilSyntax?
    public var span: Range<Int>
}

/// A named or relative period of the school calendar.
public struct PeriodSyntax: Sendable, Hashable {
    public enum Season: String, Sendable, Hashable { case autumn, spring, summer }
    public enum Unit: String, Sendable, Hashable {
        case term, halfTerm = "half-term", year, week
        /// `this month`, `last month`: calendar months (Docs/language.md, "Months and named days").
        case month
    }
    public enum Kind: Sendable, Hashable {
        /// `term 1` (of the as-of date's academic year).
        case term(NumberSyntax)
        /// `autumn term`.
        case seasonTerm(Season)
        /// `half-term 3`.
        case halfTerm(NumberSyntax)
        /// `this term`, `this half-term`, `this year` (academic year to date), `this week`.
        case this(Unit)
        /// `last term`, `last half-term`, `last year`, `last week`.
        case last(Unit)
        /// `2024/25`, named by its first calendar year (2024).
        case academicYear(Int)
        /// `march` (in the as-of date's academic year) or `march 2026`: a calendar month, 1-12.
        case month(Int, year: Int?)
    }
    public var kind: Kind
    public var span: Range<Int>
}

/// `until 5 days ago`, `until 2026-03-13`.
public struct UntilSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `until N days ago` (also `N school days ago`): school days before the as-of date.
        case daysAgo(NumberSyntax)
        case date(DateSyntax)
    }
    public var kind: Kind
    public var span: Range<Int>
}
