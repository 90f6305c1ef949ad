/// Optional pupils.csv columns a register lacks (Docs/language.md, "Columns a register may
/// lack"). A statement naming one still runs, by one rule: a column shown or sorted by is
/// left out, as is a grouping (`summary by send` is the summary of all; `rate by send`, which
/// must group, has every pupil in one group), and a condition on it is unknown for every
/// pupil (so no pupil passes it, and `not` does not turn that round); the result carries one
/// note per column and use.
extension Evaluator {
    /// The schema column `a` names, when this register's pupils.csv lacks it.
    func absentColumn(_ a: PupilAttribute) -> PupilColumn? {
        if case .column(let c) = a, !register.pupils.has(c) { return c }
        return nil
    }

    /// `a`, or nil when it names a column the register lacks (a grouping left out).
    func present(_ a: PupilAttribute?) -> PupilAttribute? {
        guard let a, absentColumn(a) == nil else { return nil }
        return a
    }

    func absentColumn(_ e: BoundExpr) -> PupilColumn? {
        switch e {
        case .attribute(let a): absentColumn(a)
        case .arithmetic(let l, _, let r): absentColumn(l) ?? absentColumn(r)
        default: nil
        }
    }

    /// The absent column a condition that does not nest reads.
    func absentColumn(_ c: BoundCondition) -> PupilColumn? {
        switch c {
        case .flag(let a), .oneOf(let a, _, _), .isEmpty(let a, _), .like(let a, _, _): absentColumn(a)
        case .compare(let l, _, let r): absentColumn(l) ?? absentColumn(r)
        default: nil
        }
    }

    /// The notes a statement's result carries, one per absent column and use, in order.
    func absentColumnNotes(_ s: BoundStatement) -> [String] {
        var notes: [String] = []
        func note(_ c: PupilColumn, _ what: String) {
            let n = "\(c.name) is not in this register's pupils.csv; \(what)"
            if !notes.contains(n) { notes.append(n) }
        }
        func leftOut(_ items: [BoundItem]) { for i in items { if let c = absentColumn(i.expr) { note(c, "left out") } } }
        func sorted(_ keys: [BoundSortKey]) { leftOut(keys.compactMap(\.item)) }
        func grouped(_ a: PupilAttribute?, _ what: String = "not grouped by it") { if let a, let c = absentColumn(a) { note(c, what) } }
        func condition(_ b: BoundCondition) {
            switch b {
            case .and(let parts), .or(let parts): parts.forEach(condition)
            case .not(let inner): condition(inner)
            default:
                if let c = absentColumn(b) { note(c, "a condition on it is unknown for every pupil, so no pupil passes it") }
            }
        }
        func list(_ l: BoundPupilList) {
            if case .cohort(_, let inner) = l.base { list(inner) }
            l.steps.forEach(condition)
        }
        switch s {
        case .pupils(let l, let columns, _, let sort, _):
            list(l); leftOut(columns); sorted(sort)
        case .countPupils(let l, let by, let sort, _):
            list(l); grouped(by); sorted(sort)
        case .groupMeasure(let item, let by, let l, let sort, _):
            list(l); leftOut([item]); grouped(by, "every pupil is in one group"); sorted(sort)
        case .summary(let by, _, let l, let sort, _):
            list(l); grouped(by); sorted(sort)
        case .absenceByWeekday(_, let l), .letCohort(_, let l):
            list(l)
        case .codes(_, let l, let sort, _):
            list(l); sorted(sort)
        case .pupilProfile:
            break
        case .periodSeries(let series):
            list(series.list); if case .measure(let item) = series.figure { leftOut([item]) }; sorted(series.sort)
        case .sideBySide(let side):
            list(side.list); leftOut(side.items); grouped(side.by, "every pupil is in one group"); sorted(side.sort)
        case .actions(let q, _, _):
            if let l = q.list { list(l) }
        case .explain(let inner):
            return absentColumnNotes(inner)
        }
        return notes
    }
}
