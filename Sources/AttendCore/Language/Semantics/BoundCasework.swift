/// A measure read from the actions log, resolved: which actions, and the calendar days
/// they are counted over.
public struct BoundCasework: Sendable, Hashable {
    public var kind: CaseworkMeasureSyntax.Kind
    /// First and last day counted (inclusive); `from` nil: the whole log to `through`.
    public var from: Day?
    public var through: Day
    /// As a column heading says it: `last 20 days`, `this year`; empty for the whole log.
    public var label: String

    public var unit: Unit {
        switch kind {
        case .count, .daysSinceLastAction: .plain
        case .lastAction, .nextStep: .text
        }
    }

    /// The column heading: `meeting last 20 days`, `actions`, `last action`, `next step`.
    public var heading: String {
        switch kind {
        case .count(let a): (a?.rawValue ?? "actions") + (label.isEmpty ? "" : " " + label)
        case .lastAction: "last action"
        case .daysSinceLastAction: "days since last action"
        case .nextStep: "next step"
        }
    }
}

/// `actions …` and `count actions by action …`, resolved.
public struct BoundActionsQuery: Sendable, Hashable {
    public var counted: Bool
    /// One pupil's timeline.
    public var pupil: Int?
    public var list: BoundPupilList?
    public var from: Day?
    public var through: Day
    public var label: String
}
