// `explain` for the casework measures and the `actions` statements.

extension Explainer {
    static func daysPhrase(from: Day?, through: Day) -> String {
        from.map { "the days \($0.iso)..\(through.iso)" } ?? "the whole actions log to \(through.iso)"
    }

    static func caseworkPhrase(_ c: BoundCasework) -> String {
        switch c.kind {
        case .count(let a): "\(a.map { "`\($0.rawValue)` actions" } ?? "actions of any kind") in the actions log over \(daysPhrase(from: c.from, through: c.through))"
        case .lastAction: "the latest action in the actions log to \(c.through.iso)"
        case .daysSinceLastAction: "calendar days from the latest action in the actions log to \(c.through.iso)"
        case .nextStep: "the next step of the escalation rules (school.conf, national defaults; Docs/casework.md) from the actions log and the penalty threshold"
        }
    }

    static func actionsPhrase(_ q: BoundActionsQuery) -> String {
        let days = daysPhrase(from: q.from, through: q.through)
        if q.counted { return "the actions log's rows over \(days), counted by action" }
        return "the actions log's rows over \(days)\(q.pupil.map { _ in " for one pupil" } ?? ""), in date order"
    }
}
