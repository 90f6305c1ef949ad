/// What the binder resolves names against: the register, the as-of date, the cohorts
/// defined by `let` so far, the script's parameters and the school's bands.
public struct BindingContext: Sendable {
    public var register: Register
    public var asOf: Day
    /// Cohort name → its definition (re-bound on each use, so it follows the as-of date).
    public var cohorts: [String: CohortDefinition]
    /// Parameter name → its value, as an operand.
    public var parameters: [String: ExprSyntax]
    public var bands: Bands
    /// The projections' thresholds (school.conf's `projection.*`, `at_risk.*`).
    public var projection: ProjectionSettings = .standard

    public init(register: Register, asOf: Day, cohorts: [String: CohortDefinition] = [:],
                parameters: [String: ExprSyntax] = [:], bands: Bands = .standard) {
        self.register = register
        self.asOf = asOf
        self.cohorts = cohorts
        self.parameters = parameters
        self.bands = bands
    }
}

/// A `let` cohort: its pupil list and the statement it was written in.
public struct CohortDefinition: Sendable {
    public var list: PupilListSyntax
    public var statement: Statement
    public init(list: PupilListSyntax, statement: Statement) {
        self.list = list
        self.statement = statement
    }
}
