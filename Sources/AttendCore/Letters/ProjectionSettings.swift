/// The thresholds of the projections (Docs/casework.md, "Projections"), from school.conf
/// with these defaults:
///
///     projection.target = 90    # `sessions needed` is for this rate (%)
///     projection.weeks = 6      # `projected rate` carries on the last N school weeks' rate
///     at_risk.below = 92        # `at risk`: the year's rate under this (%) …
///     at_risk.weeks = 6         # … and the last N school weeks' rate under the year's
public struct ProjectionSettings: Sendable, Hashable {
    public var target: Exact
    public var weeks: Int
    public var atRiskBelow: Exact
    public var atRiskWeeks: Int

    public init(target: Exact = Exact(90), weeks: Int = 6, atRiskBelow: Exact = Exact(92), atRiskWeeks: Int = 6) {
        self.target = target
        self.weeks = weeks
        self.atRiskBelow = atRiskBelow
        self.atRiskWeeks = atRiskWeeks
    }

    public static let standard = ProjectionSettings()

    /// The school.conf keys, with what each sets and its default.
    public static let keys: [(key: String, meaning: String, standard: String)] = [
        ("projection.target", "the rate `sessions needed` is for, in %", "90"),
        ("projection.weeks", "the school weeks whose rate `projected rate` carries on", "6"),
        ("at_risk.below", "`at risk`: the year's rate is under this, in %", "92"),
        ("at_risk.weeks", "`at risk`: the rate of the last N school weeks is under the year's", "6"),
    ]

    /// Whether `key` (normalised as school.conf reads it) is one of ``keys``.
    static func isKey(_ key: String) -> Bool { keys.contains { $0.key == key } }

    /// Sets `key` from its school.conf text; the problem and a hint when the value will not do.
    mutating func set(_ key: String, _ value: String) -> (problem: String, hint: String)? {
        var text = value.trimmingSpaces()
        switch key {
        case "projection.target", "at_risk.below":
            if text.hasSuffix("%") { text.removeLast() }
            guard let rate = Exact(decimal: text.trimmingSpaces()), rate > Exact(0), rate <= Exact(100) else {
                return ("`\(key) = \(value)`: a rate is a percentage above 0 and at most 100", "write e.g. `\(key) = \(key == "at_risk.below" ? "92" : "90")`")
            }
            if key == "at_risk.below" { atRiskBelow = rate } else { target = rate }
        default:
            guard let n = Int(text), (1...52).contains(n) else {
                return ("`\(key) = \(value)`: a number of school weeks is a whole number from 1 to 52", "write e.g. `\(key) = 6`")
            }
            if key == "at_risk.weeks" { atRiskWeeks = n } else { weeks = n }
        }
        return nil
    }
}
