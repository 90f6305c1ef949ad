// Pupil lists and the conditions that filter them: comparisons, yes/no predicates,
// `and`/`or`/`not`, operands and measure phrases.

/// `pupils`, `all pupils in year 10 where …`, `pupils absent today`, `concern where pp`.
public struct PupilListSyntax: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// `pupils`: on roll on the as-of date.
        case pupils
        /// `all pupils`: also those who have left or are not yet admitted.
        case allPupils
        /// A cohort defined by `let`. Whether it exists is the binder's to check.
        case cohort(NameSyntax)
    }
    public var source: Source
    /// `in year 9`, `in form "10B"`, in the order written; all must hold.
    public var scopes: [ScopeSyntax]
    /// The `where` condition, or the predicate written straight after `pupils`.
    public var filter: ConditionSyntax?
    /// True for `pupils absent today`: the filter was written without `where`. Same meaning.
    public var filterWithoutWhere: Bool
    public var span: Range<Int>
}

/// `in year 9`, `in year (10, 11)`, `in form 10B`, `in form ("10A", "10B")`.
public struct ScopeSyntax: Sendable, Hashable {
    public enum Attribute: String, Sendable, Hashable { case year, form }
    public var attribute: Attribute
    /// Each value is a number, bare word, string or parameter expression.
    public var values: [ExprSyntax]
    public var span: Range<Int>
}

/// A condition on a pupil.
///
/// `not` binds tighter than `and`, `and` tighter than `or`; `and` and `or` are never mixed
/// at one level without brackets (the parser refuses it), so an `and` node never has an
/// `or` child that was written without brackets, and the other way round.
public struct ConditionSyntax: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// Two or more conditions that must all hold.
        case and([ConditionSyntax])
        /// Two or more conditions of which one must hold.
        case or([ConditionSyntax])
        case not(ConditionSyntax)
        case comparison(ComparisonSyntax)
        /// A word alone: a predicate (`persistent over this year`, `absent today`) or a
        /// yes/no attribute (`fsm`).
        case flag(FlagSyntax)
    }
    public var kind: Kind
    public var span: Range<Int>
}

/// A word used alone as a condition.
public struct FlagSyntax: Sendable, Hashable {
    public enum Predicate: String, Sendable, Hashable {
        /// Absence ≥ 10% of possible sessions.
        case persistent
        /// Absence ≥ 50%.
        case severe
        /// At least one absent session (`pupils absent today`).
        case absent
    }
    public enum Subject: Sendable, Hashable {
        case predicate(Predicate)
        /// Any other bare word: a yes/no column (`fsm`, `pp`, `eal`) for the binder to
        /// find. Never has a window (the parser refuses one).
        case attribute(NameSyntax)
        /// `at risk`, `cannot avoid PA`: a yes/no projection (``ProjectionSyntax``).
        case projection(ProjectionSyntax)
    }
    public var subject: Subject
    /// The span of the word itself.
    public var subjectSpan: Range<Int>
    /// The window written after the predicate; nil means the default (`this year`).
    public var window: WindowSyntax?
    public var span: Range<Int>
}

/// `rate < 90% over term 1`, `send = E`, `year in (10, 11)`, `contact_email is empty`.
///
/// Windows: a measure may carry its own window (``MeasureSyntax/window``), and the window
/// that ends the comparison is ``window`` here. The binder gives each measure its own
/// window, else the comparison's, else the default `this year`. A window written straight
/// after the last measure of a comparison ends the comparison, so it is stored here, not on
/// the measure: in `rate over this half-term < rate over last half-term` the left `rate`
/// has its own window and `over last half-term` is the comparison's (it reaches only the
/// right `rate`, the one without a window).
public struct ComparisonSyntax: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable {
        case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case equal = "=", notEqual = "!="
    }
    public enum Test: Sendable, Hashable {
        /// `< 90%`; `is E` is `.equal`, `is not E` is `.notEqual`.
        case compare(Operator, ExprSyntax)
        /// `in (10, 11)`, or `not in (…)` when negated.
        case member([ExprSyntax], negated: Bool)
        /// `is empty`, or `is not empty` when negated.
        case empty(negated: Bool)
        /// `name like "obrien"`: a search, without case, accents or punctuation.
        case like(TextSyntax)
    }
    public var lhs: ExprSyntax
    public var test: Test
    /// The span of the operator (`<`, `is not`, `not in`, `is empty`).
    public var operatorSpan: Range<Int>
    /// The window that ends the comparison; nil when none was written.
    public var window: WindowSyntax?
    public var span: Range<Int>
}

/// An operand.
public struct ExprSyntax: Sendable, Hashable {
    public enum CountUnit: String, Sendable, Hashable { case sessions, days }
    public enum ArithmeticOperator: String, Sendable, Hashable { case plus = "+", minus = "-" }

    public indirect enum Kind: Sendable, Hashable {
        /// `90`, `92.5`, `-5`.
        case number(DecimalLiteral)
        /// `90%`.
        case percentage(DecimalLiteral)
        /// `10 days`, `10 sessions`.
        case count(DecimalLiteral, CountUnit)
        /// `"lower amber"`.
        case text(String)
        /// A bare word where a value goes (right of `=`, in an `in (…)` list, a scope or a
        /// parameter default): `E` in `send = E`, `10B` in `in form 10B`. A text value.
        case word(String)
        /// A column of pupils.csv: a bare word on the left of a comparison (`send`), or any
        /// backquoted name (`` `rate` ``). Whether it exists is the binder's to check.
        case attribute(NameSyntax)
        /// `2026-01-23`, `23 Jan 2026`.
        case date(Day)
        /// `$threshold`, without the `$`.
        case parameter(String)
        case measure(MeasureSyntax)
        /// `rate over last half-term + 5%`. Left-associative.
        case binary(ArithmeticOperator, ExprSyntax, ExprSyntax)
    }
    public var kind: Kind
    public var span: Range<Int>
}

/// A measure phrase: `rate`, `minutes late`, `sessions coded N`, `unauthorised streak`.
public struct MeasureSyntax: Sendable, Hashable {
    /// The marks a streak runs over.
    public enum StreakMarks: String, Sendable, Hashable {
        case present, attended, authorised, unauthorised, absent, late
    }
    public enum Kind: Sendable, Hashable {
        case possible
        case present
        /// Same meaning as `present` (present + approved educational activity).
        case attended
        /// Also written `authorized`.
        case authorised
        /// Also written `unauthorized`.
        case unauthorised
        case absent
        /// Absent ÷ possible × 100.
        case absence
        case late
        /// Attended ÷ possible × 100.
        case rate
        /// `minutes late`: the sum of marks.csv's minutes_late.
        case minutesLate
        /// The school's attendance band of the pupil's rate.
        case band
        /// `sessions coded N, U`.
        case sessionsCoded([CodeSyntax])
        /// `days coded I`: sessions ÷ 2.
        case daysCoded([CodeSyntax])
        /// `unauthorised streak`: longest run of school days all in the class.
        case streak(StreakMarks)
        /// `streak coded I`.
        case streakCoded([CodeSyntax])
        /// A measure read from the actions log: `meeting`, `last action`, `next step`.
        case casework(CaseworkMeasureSyntax)
        /// `sessions needed`, `projected rate`, `at risk` … (``ProjectionSyntax``).
        case projection(ProjectionSyntax)
    }
    public var kind: Kind
    /// The span of the phrase, without its window.
    public var phraseSpan: Range<Int>
    /// The window written straight after the phrase and before anything else of the
    /// comparison (see ``ComparisonSyntax``); in a `show` or `sorted by` list, or a grouped
    /// statement (`rate by form over this term`), the window of the item.
    public var window: WindowSyntax?
    /// The phrase with its window.
    public var span: Range<Int>
    /// `on mondays or fridays` after a count (`absent on fridays`): part of the phrase.
    public var weekdays: WeekdaysSyntax? = nil
    /// `trend [WINDOW]` in a `show` list: the rate, week by week (a sparkline).
    public var trend = false
}
