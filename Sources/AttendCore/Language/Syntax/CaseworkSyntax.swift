// The casework statements and measures of the actions log (Docs/casework.md):
// `record meeting for UPN on DATE by "JS" note "…"`, `actions for pupil UPN`,
// `count actions by action over this term`, and the measures `meeting in last 20 days`,
// `no meeting in last 20 days`, `actions`, `last action`, `days since last action`,
// `next step`.

/// `record ACTION for UPN on DATE by "WHO" [note "TEXT"]`.
public struct RecordSyntax: Sendable, Hashable {
    /// The action as written (a national word, or the school's own word from school.conf).
    public var action: String
    public var actionSpan: Range<Int>
    public var upn: TextSyntax
    public var date: DateSyntax
    public var by: TextSyntax
    public var note: TextSyntax?
    public var span: Range<Int>
}

/// `actions [WINDOW] [for PUPIL-LIST]`, `actions for pupil UPN`, `count actions by action [WINDOW] [for PUPIL-LIST]`.
public struct ActionsQuerySyntax: Sendable, Hashable {
    /// `count actions by action`: one row per action with its count.
    public var counted: Bool
    /// `for pupil UPN`: one pupil's timeline.
    public var pupil: TextSyntax?
    public var window: WindowSyntax?
    public var recent: RecentSyntax?
    public var pupils: PupilListSyntax?
    public var span: Range<Int>
}

/// `in last 20 days`, `in last 3 years`: calendar time back from the as-of date, for the
/// actions log (which may reach years before the register).
public struct RecentSyntax: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable { case days, weeks, months, years }
    public var count: NumberSyntax
    public var unit: Unit
    public var span: Range<Int>
}

/// A measure read from the actions log.
public struct CaseworkMeasureSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `meeting`, `penalty-notice`: how many; `actions`: how many of any kind (nil).
        case count(ActionKind?)
        /// `last action`: the latest action and its date.
        case lastAction
        /// `days since last action`: calendar days from the latest action to the as-of date.
        case daysSinceLastAction
        /// `next step`: what the escalation rules say comes next, with the rule applied.
        case nextStep
    }
    public var kind: Kind
    /// `no meeting in last 20 days`: true for `no` (used alone as a condition: none).
    public var negated: Bool
    public var recent: RecentSyntax?
}

extension SyntaxDump {
    static func record(_ r: RecordSyntax) -> String {
        var parts = ["record", r.action, "(for \(text(r.upn, bare: true)))", "(on \(date(r.date)))", "(by \(text(r.by)))"]
        if let n = r.note { parts.append("(note \(text(n)))") }
        return "(" + parts.joined(separator: " ") + ")"
    }

    static func recent(_ r: RecentSyntax) -> String { "(in-last \(number(r.count)) \(r.unit.rawValue))" }

    static func actionsParts(_ a: ActionsQuerySyntax) -> [String] {
        var parts = [a.counted ? "count-actions-by-action" : "actions"]
        if let r = a.recent { parts.append(recent(r)) }
        if let w = a.window { parts.append(window(w)) }
        if let p = a.pupil { parts.append("(for-pupil \(text(p, bare: true)))") }
        if let l = a.pupils { parts.append("(for \(pupilList(l)))") }
        return parts
    }

    static func caseworkParts(_ c: CaseworkMeasureSyntax) -> [String] {
        var parts: [String]
        switch c.kind {
        case .count(let a): parts = ["actions-count", a?.rawValue ?? "any"]
        case .lastAction: parts = ["last-action"]
        case .daysSinceLastAction: parts = ["days-since-last-action"]
        case .nextStep: parts = ["next-step"]
        }
        if c.negated { parts.insert("no", at: 0) }
        if let r = c.recent { parts.append(recent(r)) }
        return parts
    }
}

extension MeasureSyntax.Kind {
    /// The casework measure, when this is one.
    var caseworkSyntax: CaseworkMeasureSyntax? {
        if case .casework(let c) = self { return c }
        return nil
    }
}
