/// Grouping by time and windows side by side: `rate by week over this year`, `summary by
/// month`, `summary over term 1, term 2`, `rate by year over term 1, term 2`.
extension Evaluator {
    /// One row per period in date order: the period, its first and last school day, then the
    /// figure over the period for the pupils with a possible session in it (group figures
    /// are sums over pupils, as in `rate by form`). The table's ``ResultTable/periods``
    /// says which period each row is.
    func periodSeries(_ s: BoundPeriodSeries) throws(CancellationError) -> ResultTable {
        let set = try pupils(s.list)
        var cols: [ResultTable.Column] = [.init(s.unit?.rawValue ?? "window", .text), .init("from", .date), .init("through", .date)]
        var rows: [(pupil: Int, cells: [Value])] = []
        let sessions = s.periods.map(\.sessions)
        func lead(_ k: Int) -> [Value] {
            [.text(s.periods[k].label), .date(s.periods[k].from), .date(s.periods[k].through)]
        }
        let what: String
        switch s.figure {
        case .measure(let item):
            let name = Self.measureHeading(item)
            what = "\(Explainer.measurePhrase(item.expr)) by \(s.unit?.rawValue ?? "window")"
            cols.append(.init("pupils", .integer))
            switch item.expr {
            case .rate, .absence:
                let isRate = if case .rate = item.expr { true } else { false }
                try checkCancelled()
                let t = register.periodTotals(.markClass(isRate ? .attended : .absent), periods: sessions, in: set)
                cols += [.init("possible", .integer), .init(isRate ? "attended" : "absent", .integer), .init(name, .percent)]
                for k in s.periods.indices {
                    rows.append((k, lead(k) + [.integer(t.pupils[k]), .integer(t.possible[k]), .integer(t.counted[k]),
                                               t.possible[k] > 0 ? .number(Double(t.counted[k]) * 100 / Double(t.possible[k])) : .empty]))
                }
            case .count(let target, let unit, _):
                try checkCancelled()
                let t = register.periodTotals(target, periods: sessions, in: set)
                let kind = Self.kind(of: item.expr)
                cols.append(.init(name, kind))
                for k in s.periods.indices {
                    rows.append((k, lead(k) + [.integer(t.pupils[k]), Self.cell(number: Exact(t.counted[k], unit == .days ? 2 : 1), kind)]))
                }
            default:   // minutes late: summed pupil by pupil
                cols.append(.init(name, Self.kind(of: item.expr)))
                let possible = register.matrix(.possible)
                for k in s.periods.indices {
                    try checkCancelled()
                    var inPeriod = PupilSet(capacity: set.capacity)
                    set.forEach { p in if possible.count(p, sessions[k].lowerBound, sessions[k].upperBound) > 0 { inPeriod.insert(p) } }
                    var total = 0
                    if let late = register.minutesLate(sessions[k], in: inPeriod) { inPeriod.forEach { total += Int(late[$0]) } }
                    rows.append((k, lead(k) + [.integer(inPeriod.count), .integer(total)]))
                }
            }
        case .summary:
            what = s.unit.map { "summary by \($0.rawValue)" } ?? "summary side by side"
            // Each period's row is the `all` row of the summary over that period: one rule.
            for k in s.periods.indices {
                try checkCancelled()
                let p = s.periods[k]
                let w = BoundWindow(label: p.label, explanation: p.label, from: p.from, through: p.through, sessions: p.sessions)
                let t = try summary(by: nil, w, list: s.list, sort: [], limit: nil)
                if cols.count == 3 { cols += t.columns.dropFirst() }
                rows.append((k, lead(k) + (t.rows.last?.dropFirst() ?? [])))
            }
            if cols.count == 3 {
                cols += [.init("pupils", .integer), .init("possible", .integer), .init("present", .integer), .init("AEA", .integer),
                         .init("authorised", .integer), .init("unauthorised", .integer), .init("rate", .percent), .init("PA", .integer), .init("PA %", .percent)]
            }
        }
        rows = Self.sorted(rows, by: s.sort, columns: cols)
        if let limit = s.limit { rows = Array(rows.prefix(limit)) }
        var t = ResultTable(columns: cols, rows: rows.map(\.cells))
        t.periods = rows.map { Optional(s.periods[$0.pupil]) }
        if s.unit != nil {
            let count = s.periods.count
            t.header = ["\(what) over \(s.window.explanation) (\(count) \(s.unit == .halfTerm ? "half-term" : s.unit!.rawValue)\(count == 1 ? "" : "s"))"]
        } else {
            t.header = ["\(what): " + s.periods.map { "\($0.label) \($0.from.iso)..\($0.through.iso)" }.joined(separator: "; ")]
        }
        return t
    }

    /// The heading of a measure's column without its window: `rate`, `unauthorised days`.
    static func measureHeading(_ item: BoundItem) -> String {
        guard let w = item.expr.window, item.heading.hasSuffix(" " + w.label) else { return item.heading }
        return String(item.heading.dropLast(w.label.count + 1))
    }

    /// One column per window, groups as in `rate by form`, and the change from the first
    /// window to the second when there are two (in percentage points for rates).
    func sideBySide(_ s: BoundSideBySide) throws(CancellationError) -> ResultTable {
        let set = try pupils(s.list)
        let possibleM = register.matrix(.possible)
        var inWindows: [PupilSet] = []
        var everyone = PupilSet(capacity: set.capacity)
        for item in s.items {
            guard let w = item.expr.window else { continue }
            var inWindow = PupilSet(capacity: set.capacity)
            set.forEach { p in if possibleM.count(p, w.sessions.lowerBound, w.sessions.upperBound) > 0 { inWindow.insert(p) } }
            everyone = everyone.union(inWindow)
            inWindows.append(inWindow)
        }
        var cols: [ResultTable.Column] = [.init(s.by.description, .text)]
        for item in s.items { cols.append(.init(item.heading, Self.kind(of: item.expr))) }
        let isPercent = s.items.first?.expr.unit == .percent
        let withChange = s.items.count == 2
        if withChange { cols.append(.init("change", isPercent ? .number : Self.kind(of: s.items[0].expr))) }
        // Per-pupil values of the counts, once per window.
        var values: [Values?] = []
        for (i, item) in s.items.enumerated() {
            switch item.expr {
            case .rate, .absence: values.append(nil)
            default: values.append(try self.values(item.expr, inWindows[i]))
            }
        }
        var rows: [(pupil: Int, cells: [Value])] = []
        for g in groups(s.by, everyone) {
            try checkCancelled()
            var cells: [Value] = [Self.groupLabel(g.key)]
            var figures: [Exact?] = []
            for (i, item) in s.items.enumerated() {
                guard let w = item.expr.window else { continue }
                let members = g.members.filter { inWindows[i].contains($0) }
                switch item.expr {
                case .rate, .absence:
                    let isRate = if case .rate = item.expr { true } else { false }
                    let possible = sums(.possible, w, members)
                    let top = sums(isRate ? .attended : .absent, w, members)
                    figures.append(possible > 0 ? Exact(top * 100, possible) : nil)
                default:
                    var total = Exact(0)
                    if case .numbers(let n) = values[i] { for p in members { if let x = n[p] { total = total + x } } }
                    figures.append(members.isEmpty ? nil : total)
                }
                cells.append(Self.cell(number: figures.last!, cols[i + 1].kind))
            }
            if withChange {
                let change: Exact? = if let a = figures[0], let b = figures[1] { b - a } else { nil }
                cells.append(Self.cell(number: change, cols.last!.kind))
            }
            rows.append((0, cells))
        }
        rows = Self.sorted(rows, by: s.sort, columns: cols)
        if let limit = s.limit { rows = Array(rows.prefix(limit)) }
        var t = ResultTable(columns: cols, rows: rows.map(\.cells))
        let phrase = s.items.first.map { Explainer.measurePhrase($0.expr) } ?? ""
        t.header = ["\(phrase) by \(s.by) over " + s.items.compactMap { $0.expr.window.map { "\($0.label) (\($0.explanation))" } }.joined(separator: "; ")]
        if withChange, let a = s.items[0].expr.window, let b = s.items[1].expr.window {
            t.header.append("change: \(b.label) minus \(a.label)\(isPercent ? ", in percentage points" : "")")
        }
        return t
    }
}
