// Evaluating the casework measures and the `actions` statements over the actions log.

/// What the casework measures read: the session's actions log and escalation rules.
public struct CaseworkData: Sendable {
    public var actions: ActionLog
    public var rules: EscalationRules
    public init(actions: ActionLog = .empty, rules: EscalationRules = .national) {
        self.actions = actions
        self.rules = rules
    }
}

extension Evaluator {
    /// A casework measure for the members of `set`.
    func caseworkValues(_ c: BoundCasework, _ set: PupilSet) -> Values {
        let n = register.pupilCount
        let log = casework.actions
        switch c.kind {
        case .count(let kind):
            var out = [Exact?](repeating: nil, count: n)
            set.forEach { p in
                // A withdrawn notice is not counted as a notice (NextStep's rule).
                let rows = kind == .penaltyNotice ? NextStep.standingNotices(log.entries(for: p), through: c.through) : log.entries(for: p)
                let k = rows.reduce(0) { sum, e in
                    let hit = (kind == nil || e.action == kind) && e.date <= c.through && (c.from.map { e.date >= $0 } ?? true)
                    return sum + (hit ? 1 : 0)
                }
                out[p] = Exact(k)
            }
            return .numbers(out)
        case .lastAction:
            var out = [String?](repeating: nil, count: n)
            set.forEach { p in
                if let e = log.entries(for: p).last(where: { $0.date <= c.through }) { out[p] = "\(e.action.rawValue) \(e.date.iso)" }
            }
            return .texts(out)
        case .daysSinceLastAction:
            var out = [Exact?](repeating: nil, count: n)
            set.forEach { p in
                if let e = log.entries(for: p).last(where: { $0.date <= c.through }) { out[p] = Exact(e.date.distance(to: c.through)) }
            }
            return .numbers(out)
        case .nextStep:
            let unauthorised = thresholdCounts(set)
            var out = [String?](repeating: nil, count: n)
            set.forEach { p in
                out[p] = NextStep.compute(entries: log.entries(for: p), unauthorised: Int(unauthorised[p]), asOf: c.through, rules: casework.rules).text
            }
            return .texts(out)
        }
    }

    /// Unauthorised sessions in the rules' rolling window of school weeks to the as-of date.
    func thresholdCounts(_ set: PupilSet) -> [Int32] {
        let weeks = register.calendar.lastSchoolWeeks(casework.rules.thresholdWeeks, through: asOf)
        let from = weeks.first.map { register.calendar.days[$0.days.lowerBound] } ?? asOf
        return counts(.markClass(.unauthorised), register.calendar.sessionRange(from: from, through: asOf), in: set)
    }

    /// `actions …` (one row per action: date, UPN, name, action, by, note) or `count actions
    /// by action …` (one row per action with its count), for the pupils of the list (all
    /// pupils when none) and the days of the query.
    func actionsTable(_ q: BoundActionsQuery, sort: [BoundSortKey], limit: Int?) throws(CancellationError) -> ResultTable {
        let set: PupilSet
        if let p = q.pupil {
            var s = PupilSet(capacity: register.pupilCount)
            s.insert(p)
            set = s
        } else if let l = q.list {
            set = try pupils(l)
        } else {
            set = PupilSet.all(register.pupilCount)
        }
        let entries = casework.actions.entries.filter { e in
            e.date <= q.through && (q.from.map { e.date >= $0 } ?? true) && set.contains(e.pupil)
        }
        let window = q.label.isEmpty ? "" : " " + q.label
        if q.counted {
            var counts: [ActionKind: Int] = [:]
            for e in entries { counts[e.action, default: 0] += 1 }
            let cols = [ResultTable.Column("action", .text), ResultTable.Column("actions" + window, .integer)]
            var rows: [(pupil: Int, cells: [Value])] = ActionKind.allCases.compactMap { k in
                counts[k].map { (0, [.text(k.rawValue), .integer($0)]) }
            }
            rows = Self.sorted(rows, by: sort, columns: cols)
            if let limit { rows = Array(rows.prefix(limit)) }
            var t = ResultTable(columns: cols, rows: rows.map(\.cells))
            t.footer = ["\(NumberText.grouped(entries.count)) action\(entries.count == 1 ? "" : "s")"]
            return t
        }
        var cols = [ResultTable.Column("date", .date)]
        if q.pupil == nil { cols += [ResultTable.Column("upn", .text), ResultTable.Column("name", .text)] }
        cols += [ResultTable.Column("action", .text), ResultTable.Column("by", .text), ResultTable.Column("note", .text)]
        let names = register.displayNames
        var rows: [(pupil: Int, cells: [Value])] = entries.map { e in
            var cells: [Value] = [.date(e.date)]
            if q.pupil == nil { cells += [.text(e.upn), .text(names[e.pupil])] }
            cells += [.text(e.written), e.by.isEmpty ? .empty : .text(e.by), e.note.isEmpty ? .empty : .text(e.note)]
            return (e.pupil, cells)
        }
        rows = Self.sorted(rows, by: sort, columns: cols)
        if let limit { rows = Array(rows.prefix(limit)) }
        var t = ResultTable(columns: cols, rows: rows.map(\.cells), pupils: q.pupil == nil ? rows.map(\.pupil) : nil)
        if let p = q.pupil {
            t.header = ["actions for \(register.pupils.upn[p])\(window)"]
            let step = NextStep.compute(entries: casework.actions.entries(for: p), unauthorised: Int(thresholdCounts(set)[p]), asOf: asOf, rules: casework.rules)
            t.footer = ["\(NumberText.grouped(rows.count)) action\(rows.count == 1 ? "" : "s")", "next step: \(step.text)"]
        } else {
            t.footer = ["\(NumberText.grouped(rows.count)) action\(rows.count == 1 ? "" : "s")\(limit != nil && entries.count > rows.count ? " (of \(NumberText.grouped(entries.count)))" : "")"]
        }
        return t
    }
}
