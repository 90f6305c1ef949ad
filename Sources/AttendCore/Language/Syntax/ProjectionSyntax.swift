/// A projection phrase: what the rest of this academic year holds for a pupil
/// (Docs/casework.md, "Projections"). Parsed where a measure goes (`show sessions needed
/// for pupils`, `sorted by projected rate`); `at risk` and `cannot avoid PA` are yes/no and
/// stand alone as conditions (`pupils where at risk`).
public struct ProjectionSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `sessions needed [for 95%]`: of the sessions left this year, how many the pupil
        /// must attend to finish the year at the rate (nil: school.conf's, default 90%).
        case sessionsNeeded(DecimalLiteral?)
        /// `sessions remaining`: the school sessions left this year while on roll.
        case sessionsRemaining
        /// `projected rate [from last 4 weeks]`: the year's rate if the rate of the last N
        /// school weeks carried on to the year's end (nil: school.conf's, default 6).
        case projectedRate(NumberSyntax?)
        /// `at risk`: under 92% this year and falling (the last 6 weeks below the year).
        case atRisk
        /// `cannot avoid PA [this year]`: even full attendance from the day after the
        /// as-of date leaves the year's absence at 10% or more.
        case cannotAvoidPA
    }
    public var kind: Kind
    /// The span of the rate after `for` or of the `from last N weeks` clause.
    public var argumentSpan: Range<Int>?

    public init(kind: Kind, argumentSpan: Range<Int>? = nil) {
        self.kind = kind
        self.argumentSpan = argumentSpan
    }

    /// `at risk` and `cannot avoid PA` are yes/no: a condition alone, a yes/no column.
    public var isCondition: Bool {
        switch kind {
        case .atRisk, .cannotAvoidPA: true
        default: false
        }
    }
}

extension SyntaxDump {
    /// `(sessions-needed 95)`, `(projected-rate 4)`, `(at-risk)`.
    static func projectionParts(_ p: ProjectionSyntax) -> [String] {
        switch p.kind {
        case .sessionsNeeded(let rate): ["sessions-needed"] + (rate.map { [$0.description] } ?? [])
        case .sessionsRemaining: ["sessions-remaining"]
        case .projectedRate(let weeks): ["projected-rate"] + (weeks.map { [number($0)] } ?? [])
        case .atRisk: ["at-risk"]
        case .cannotAvoidPA: ["cannot-avoid-pa"]
        }
    }
}

extension Vocabulary {
    /// The words of the projection phrases, for completion at the prompt (each is a word
    /// of the language only in its phrase: `at` before `risk`, …).
    public static let projectionWords: [String] = ["needed", "remaining", "projected", "risk", "cannot", "avoid", "PA", "from"]
}
