/// One stretch of school days that a row of a result is about: a week, month, half-term or
/// term of `rate by week over this year`, or one window of `summary over term 1, term 2`.
/// `from` and `through` are the first and last school days (days with a possible session)
/// of the period inside the window; `sessions` the register sessions it covers.
///
/// Results grouped by time carry one per row in ``ResultTable/periods``, for charts,
/// sparklines and reports to read without parsing the row's cells.
public struct DatedPeriod: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable {
        case week, month, halfTerm = "half-term", term
        /// A window of windows side by side.
        case window
    }
    public var unit: Unit
    /// As the row shows it: `w/c 1 Sep 2025`, `September 2025`, `Autumn 1 2025/26`, `term 1`.
    public var label: String
    public var from: Day
    public var through: Day
    public var sessions: Range<Int>

    public init(unit: Unit, label: String, from: Day, through: Day, sessions: Range<Int>) {
        self.unit = unit
        self.label = label
        self.from = from
        self.through = through
        self.sessions = sessions
    }
}

/// A figure taken period by period: `rate by week over this year` (one row per week),
/// `summary by month`, or windows side by side (`summary over term 1, term 2`).
public struct BoundPeriodSeries: Sendable, Hashable {
    public enum Figure: Sendable, Hashable {
        /// A group measure (`rate`, `unauthorised`, `minutes late`); its window is the whole.
        case measure(BoundItem)
        case summary
    }
    public var figure: Figure
    /// Nil for windows side by side.
    public var unit: DatedPeriod.Unit?
    /// The whole window (for side by side, the first).
    public var window: BoundWindow
    /// In date order (side by side: as written), each clipped to the window.
    public var periods: [DatedPeriod]
    public var list: BoundPupilList
    public var sort: [BoundSortKey]
    public var limit: Int?

    public init(figure: Figure, unit: DatedPeriod.Unit?, window: BoundWindow, periods: [DatedPeriod],
                list: BoundPupilList, sort: [BoundSortKey], limit: Int?) {
        self.figure = figure
        self.unit = unit
        self.window = window
        self.periods = periods
        self.list = list
        self.sort = sort
        self.limit = limit
    }
}

/// `rate by year over term 1, term 2, this year`: a group measure over several windows, one
/// column each, and the change from the first to the second when there are two.
public struct BoundSideBySide: Sendable, Hashable {
    /// One item per window, in the order written.
    public var items: [BoundItem]
    public var by: PupilAttribute
    public var list: BoundPupilList
    public var sort: [BoundSortKey]
    public var limit: Int?

    public init(items: [BoundItem], by: PupilAttribute, list: BoundPupilList, sort: [BoundSortKey], limit: Int?) {
        self.items = items
        self.by = by
        self.list = list
        self.sort = sort
        self.limit = limit
    }
}
