/// A projection bound to the register, the as-of date and the school's thresholds: what
/// the rest of the academic year holds for each pupil (Docs/casework.md, "Projections").
/// The evaluator works each one out from the year's counts to date and ``RestOfYear``.
public struct Projection: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Of the sessions left, how many to attend to finish the year at `rate` or above.
        case sessionsNeeded(rate: Exact)
        /// The school sessions left this year while on roll.
        case sessionsRemaining
        /// The year's rate if the rate over `recent` (the last N school weeks) carried on.
        case projectedRate(recent: BoundWindow)
        /// The year's rate under `below` and the rate over `recent` under the year's.
        case atRisk(below: Exact, recent: BoundWindow)
        /// Absence of 10% or more of the year's sessions even attending every one left.
        case cannotAvoidPA
    }
    public var kind: Kind
    /// The academic year to the as-of date: the sessions already done.
    public var year: BoundWindow
    /// The school days after the as-of date to the year's end.
    public var rest: RestOfYear

    public init(kind: Kind, year: BoundWindow, rest: RestOfYear) {
        self.kind = kind
        self.year = year
        self.rest = rest
    }

    /// Persistent absence: absence of 10% or more (as `persistent`; a national definition,
    /// not a school's setting).
    public static let persistentAbsence = Exact(10)

    /// The column heading: `sessions needed for 90%`, `projected rate from last 6 weeks`.
    public var heading: String {
        switch kind {
        case .sessionsNeeded(let r): "sessions needed for \(Self.percentText(r))%"
        case .sessionsRemaining: "sessions remaining"
        case .projectedRate(let w): "projected rate from \(w.label)"
        case .atRisk: "at risk"
        case .cannotAvoidPA: "cannot avoid PA"
        }
    }

    public var unit: Unit {
        switch kind {
        case .sessionsNeeded, .sessionsRemaining: .sessions
        case .projectedRate: .percent
        case .atRisk, .cannotAvoidPA: .flag
        }
    }

    /// A rate as written, every decimal kept (`92.25`, not `92.3`): it names a column.
    static func percentText(_ r: Exact) -> String {
        // A rate as written is units ÷ 10^scale (a query's literal, school.conf's value).
        var rest = r.denominator, scale = 0
        while rest > 1 && rest % 10 == 0 {
            rest /= 10
            scale += 1
        }
        guard rest == 1 else { return ResultFormatter.oneDecimalTrim(r.double) }
        var units = r.numerator
        while scale > 0 && units % 10 == 0 {
            units /= 10
            scale -= 1
        }
        return DecimalLiteral(units: units, scale: scale).description
    }

    /// Whether it is yes/no: a condition alone, a yes/no column.
    public var isCondition: Bool { unit == .flag }

    /// The figures that decide a yes/no projection, shown beside a pupil list that uses it
    /// as a condition, so the lead can check each row by hand.
    public var evidence: [BoundItem] {
        switch kind {
        case .atRisk(_, let recent):
            [BoundItem(.rate(year), heading: "rate " + year.label), BoundItem(.rate(recent), heading: "rate " + recent.label)]
        case .cannotAvoidPA:
            [BoundItem(.count(.markClass(.absent), .sessions, year), heading: "absent " + year.label),
             BoundItem(.count(.markClass(.possible), .sessions, year), heading: "possible " + year.label),
             BoundItem(.projection(Projection(kind: .sessionsRemaining, year: year, rest: rest)), heading: "sessions remaining")]
        default:
            []
        }
    }
}
