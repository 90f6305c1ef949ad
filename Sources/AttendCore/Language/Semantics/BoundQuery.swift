/// The meaning of a statement once names, codes, windows and units are resolved: what the
/// evaluator runs and what `explain` reads back. Built by the binder from the syntax tree.

/// The unit a number is in. Comparisons need both sides in compatible units.
public enum Unit: String, Sendable, Hashable {
    case percent, sessions, days, minutes, plain, text, flag, date
}

/// A pupil attribute: a pupils.csv column of the schema, the display name, or another column.
public enum PupilAttribute: Sendable, Hashable, CustomStringConvertible {
    case column(PupilColumn)
    /// `forename surname`.
    case name
    case extra(index: Int, name: String)

    public static let upn = PupilAttribute.column(.upn)
    public static let year = PupilAttribute.column(.year)
    public static let form = PupilAttribute.column(.form)

    public var description: String {
        switch self {
        case .column(let c): c.name
        case .name: "name"
        case .extra(_, let n): n
        }
    }

    public var unit: Unit {
        guard case .column(let c) = self else { return .text }
        switch c.kind {
        case .year: return .plain
        case .flag: return .flag
        case .date: return .date
        case .text, .capitals, .lines, .send: return .text
        }
    }
}

/// A value-producing expression, evaluated to one value per pupil.
public indirect enum BoundExpr: Sendable, Hashable {
    /// Sessions (or days: sessions ÷ 2) of a class or codes over a window; with
    /// `window.anyWeeks`, the largest such count over any N consecutive school weeks.
    case count(CountTarget, Unit, BoundWindow)
    /// attended ÷ possible × 100; no value when there are no possible sessions.
    case rate(BoundWindow)
    /// absent ÷ possible × 100.
    case absence(BoundWindow)
    case minutesLate(BoundWindow)
    /// Longest run of school days all in the class, in days.
    case streak(CountTarget, BoundWindow)
    /// The band of the pupil's rate (text).
    case band(BoundWindow)
    case attribute(PupilAttribute)
    case number(Exact, Unit)
    case text(String)
    case arithmetic(BoundExpr, ArithmeticOp, BoundExpr)
    /// A measure read from the actions log (``BoundCasework``).
    case casework(BoundCasework)
    /// `sessions needed`, `projected rate`, `at risk` … to the end of the year.
    case projection(Projection)

    public enum ArithmeticOp: String, Sendable, Hashable { case plus = "+", minus = "-" }

    public var unit: Unit {
        switch self {
        case .count(_, let u, _): return u
        case .rate, .absence: return .percent
        case .minutesLate: return .minutes
        case .streak: return .days
        case .band: return .text
        case .casework(let c): return c.unit
        case .projection(let p): return p.unit
        case .attribute(let a): return a.unit
        case .number(_, let u): return u
        case .text: return .text
        case .arithmetic(let l, _, let r):
            // `l.unit` once: asked twice, a sum of n terms took 2^n steps.
            let u = l.unit
            return u == .plain ? r.unit : u
        }
    }

    /// Whether the expression reads the marks (a measure), as opposed to a constant or attribute.
    public var isMeasure: Bool {
        switch self {
        case .count, .rate, .absence, .minutesLate, .streak, .band, .casework, .projection: true
        case .attribute, .number, .text: false
        case .arithmetic(let l, _, let r): l.isMeasure || r.isMeasure
        }
    }

    /// The measures in the expression, leftmost first.
    public var measures: [BoundExpr] {
        switch self {
        case .count, .rate, .absence, .minutesLate, .streak, .band, .casework, .projection: [self]
        case .attribute, .number, .text: []
        case .arithmetic(let l, _, let r): l.measures + r.measures
        }
    }

    public var window: BoundWindow? {
        switch self {
        case .count(_, _, let w), .rate(let w), .absence(let w), .minutesLate(let w), .streak(_, let w), .band(let w): w
        default: nil
        }
    }
}

public enum CompareOp: String, Sendable, Hashable {
    case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "=", ne = "!="

    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .lt: a < b
        case .le: a <= b
        case .gt: a > b
        case .ge: a >= b
        case .eq: a == b
        case .ne: a != b
        }
    }
}

/// A condition on pupils; evaluated to a ``PupilSet``.
public indirect enum BoundCondition: Sendable, Hashable {
    case compare(BoundExpr, CompareOp, BoundExpr)
    /// Absence of 10% or more of possible sessions (at least one possible session).
    case persistent(BoundWindow)
    /// Absence of 50% or more.
    case severe(BoundWindow)
    /// A yes/no attribute that is yes (`fsm`).
    case flag(PupilAttribute)
    /// `year in (10, 11)`, `form = "10B"`: the attribute equals one of the values.
    case oneOf(PupilAttribute, [String], negated: Bool)
    case isEmpty(PupilAttribute, negated: Bool)
    /// `name like "obrien"`: the attribute's search key (``NameSearch``) contains the key;
    /// with `whole`, is the key (`pupil "Zoë O'Brien"` when some pupils' whole name is it).
    case like(PupilAttribute, key: String, whole: Bool)
    case and([BoundCondition])
    case or([BoundCondition])
    case not(BoundCondition)
    case always
    /// `at risk`, `cannot avoid PA`: a yes/no projection holds.
    case projection(Projection)
}

/// Which pupils a list starts from.
public indirect enum PupilBase: Sendable, Hashable {
    /// On roll on the as-of date.
    case onRoll
    /// Everyone in pupils.csv.
    case all
    /// A `let` cohort, re-evaluated on use.
    case cohort(String, BoundPupilList)
}

/// `pupils [in year N] [where …]`, a cohort, or a refined cohort.
public struct BoundPupilList: Sendable, Hashable {
    public var base: PupilBase
    /// `in year …`, `in form …`, then `where …`: applied in order (explain counts each).
    public var steps: [BoundCondition]
    public init(base: PupilBase, steps: [BoundCondition]) {
        self.base = base
        self.steps = steps
    }
}

/// An item of a result: a measure or attribute with its column heading.
public struct BoundItem: Sendable, Hashable {
    public var expr: BoundExpr
    public var heading: String
    /// `trend`: the rate of ``expr`` (a `.rate`) week by week, a column of weekly rates.
    public var trend = false
    public init(_ expr: BoundExpr, heading: String) {
        self.expr = expr
        self.heading = heading
    }
}

public struct BoundSortKey: Sendable, Hashable {
    /// Column heading to sort by.
    public var heading: String
    public var item: BoundItem?
    public var descending: Bool

    /// Whether this key sorts by the column with this heading: the heading itself, or one
    /// that starts with it and a space (`sorted by rate` sorts by a `rate term 1` column the
    /// statement already has). The one rule: the binder's window check and the evaluator use it.
    public func sortsBy(_ columnHeading: String) -> Bool {
        columnHeading == heading || columnHeading.hasPrefix(heading + " ")
    }
}

/// A statement ready to run.
public indirect enum BoundStatement: Sendable {
    /// A pupil list: the list, the extra columns (measures the `where` used, or `show`'s
    /// items), sorting and a limit.
    case pupils(BoundPupilList, columns: [BoundItem], showItems: Bool, sort: [BoundSortKey], limit: Int?)
    case countPupils(BoundPupilList, by: PupilAttribute?, sort: [BoundSortKey], limit: Int?)
    /// `rate by form over this term`: a group measure over each group's pupils.
    case groupMeasure(BoundItem, by: PupilAttribute, list: BoundPupilList, sort: [BoundSortKey], limit: Int?)
    case summary(by: PupilAttribute?, BoundWindow, list: BoundPupilList, sort: [BoundSortKey], limit: Int?)
    case absenceByWeekday(BoundWindow, list: BoundPupilList)
    case codes(BoundWindow, list: BoundPupilList, sort: [BoundSortKey], limit: Int?)
    /// One pupil's record; the window (default: this academic year to date) bounds the
    /// half-terms, code counts and week grid shown.
    case pupilProfile(Int, BoundWindow)
    /// `rate by week over this year`, `summary by month`, `summary over term 1, term 2`:
    /// one row per period, in date order, each with its first and last school day.
    case periodSeries(BoundPeriodSeries)
    /// `rate by year over term 1, term 2`: one column per window.
    case sideBySide(BoundSideBySide)
    case letCohort(String, BoundPupilList)
    case explain(BoundStatement)
    /// `actions …`, `count actions by action …`: rows of the actions log.
    case actions(BoundActionsQuery, sort: [BoundSortKey], limit: Int?)
}
