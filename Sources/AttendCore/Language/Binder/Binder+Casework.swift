// Binding the casework measures and the `actions` statements (Docs/casework.md).

extension Binder {
    /// The days a casework count covers: `in last N days|weeks|months|years` (calendar time
    /// back from the as-of date), a window of the register (`over this term`), or the
    /// whole log to the as-of date.
    func caseworkDays(recent: RecentSyntax?, window w: WindowSyntax?, span: Range<Int>) throws(Diagnostic) -> (from: Day?, through: Day, label: String) {
        if let r = recent {
            let n = try number(r.count)
            guard n >= 1 else { throw Diagnostic.actionWindowZero(at: site(r.count.span)) }
            let c = asOf.civil
            let from: Day
            switch r.unit {
            case .days: from = asOf.advanced(by: -(n - 1))
            case .weeks: from = asOf.advanced(by: -(7 * n - 1))
            case .months:
                // The same date n months earlier (the month's last day when it is shorter).
                let months = c.year * 12 + (c.month - 1) - n
                let y = months / 12, m = months % 12 + 1
                var day = c.day
                while Day(year: y, month: m, day: day) == nil && day > 28 { day -= 1 }
                from = (Day(year: y, month: m, day: day) ?? asOf).advanced(by: 1)
            case .years: from = NextStep.periodStart(asOf: asOf, years: n)
            }
            let unit = n == 1 ? String(r.unit.rawValue.dropLast()) : r.unit.rawValue
            return (from, asOf, "last \(n) \(unit)")
        }
        if let w {
            let b = try window(w, defaultFor: span)
            return (b.from, b.through, b.label)
        }
        return (nil, asOf, "")
    }

    func caseworkMeasure(_ c: CaseworkMeasureSyntax, _ m: MeasureSyntax, comparisonWindow: WindowSyntax?) throws(Diagnostic) -> BoundExpr {
        if c.negated { throw Diagnostic.noCompared(at: site(m.phraseSpan)) }
        switch c.kind {
        case .count:
            let d = try caseworkDays(recent: c.recent, window: m.window ?? comparisonWindow, span: m.span)
            return .casework(BoundCasework(kind: c.kind, from: d.from, through: d.through, label: d.label))
        case .lastAction, .daysSinceLastAction, .nextStep:
            return .casework(BoundCasework(kind: c.kind, from: nil, through: asOf, label: ""))
        }
    }

    /// `sorted by date desc`: an `actions` result sorts by its own columns.
    func actionsSortKeys(_ keys: [SortKeySyntax], counted: Bool) throws(Diagnostic) -> [BoundSortKey] {
        let columns = counted ? ["action", "actions"] : ["date", "upn", "name", "action", "by", "note"]
        var out: [BoundSortKey] = []
        for k in keys {
            var written = ""
            switch k.column.kind {
            case .attribute(let n): written = n.text.lowercased()
            case .measure(let m):
                // `actions` reads as the measure; here it is the count column.
                if case .casework(let c) = m.kind, case .count(nil) = c.kind, c.recent == nil, m.window == nil { written = "actions" }
            }
            guard columns.contains(written) else {
                throw Diagnostic.actionsNeeds("one of the result's columns (\(columns.joined(separator: ", "))) after `sorted by`",
                                              found: "`\(Diagnostic.clip(String(decoding: Array(statement.text.utf8)[k.column.span.clamped(to: 0..<statement.text.utf8.count)], as: UTF8.self)))`",
                                              at: site(k.column.span))
            }
            out.append(BoundSortKey(heading: written, item: nil, descending: k.direction == .descending))
        }
        return out
    }

    func actionsQuery(_ a: ActionsQuerySyntax) throws(Diagnostic) -> BoundActionsQuery {
        let d = try caseworkDays(recent: a.recent, window: a.window, span: a.span)
        var q = BoundActionsQuery(counted: a.counted, pupil: nil, list: nil, from: d.from, through: d.through, label: d.label)
        if let p = a.pupil {
            let upn = try text(p)
            guard let i = register.pupils.index(ofUPN: upn.trimmingSpaces()) ?? register.pupils.index(ofUPN: upn.uppercased()) else {
                throw Diagnostic.unknownUPN(upn, at: site(p.span))
            }
            q.pupil = i
        }
        if let l = a.pupils { q.list = try pupilList(l) }
        return q
    }
}
