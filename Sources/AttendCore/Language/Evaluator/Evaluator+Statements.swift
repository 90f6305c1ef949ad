/// Turns each kind of statement into a ``ResultTable``.
extension Evaluator {
    public func run(_ s: BoundStatement) throws(CancellationError) -> ResultTable {
        var t: ResultTable
        switch s {
        case .pupils(let list, let columns, let showItems, let sort, let limit):
            t = try pupilList(list, columns: columns, showItems: showItems, sort: sort, limit: limit)
        case .countPupils(let list, let by, let sort, let limit):
            t = try countPupils(list, by: present(by), sort: sort, limit: limit)
        case .groupMeasure(let item, let by, let list, let sort, let limit):
            t = try groupMeasure(item, by: by, list: list, sort: sort, limit: limit)
        case .summary(let by, let w, let list, let sort, let limit):
            t = try summary(by: present(by), w, list: list, sort: sort, limit: limit)
        case .absenceByWeekday(let w, let list):
            t = try absenceByWeekday(w, list: list)
        case .codes(let w, let list, let sort, let limit):
            t = try codes(w, list: list, sort: sort, limit: limit)
        case .pupilProfile(let p, let w):
            t = PupilProfile(evaluator: self, pupil: p, window: w).table()
        case .periodSeries(let series):
            t = try periodSeries(series)
        case .sideBySide(let side):
            t = try sideBySide(side)
        case .letCohort(let name, let list):
            let n = try pupils(list).count
            t = ResultTable(columns: [])
            t.footer = ["\(name): \(NumberText.grouped(n)) pupil\(n == 1 ? "" : "s")"]
        case .explain(let inner):
            t = ResultTable(columns: [])
            t.header = try Explainer(evaluator: self).explain(inner)
        case .actions(let q, let sort, let limit):
            t = try actionsTable(q, sort: sort, limit: limit)
        }
        t.asOf = asOf
        t.notes = register.resultNotes(asOf: asOf) + absentColumnNotes(s)
        t.notes += projectionNotes(s, t)
        return t
    }

    // MARK: Pupil lists

    func pupilList(_ list: BoundPupilList, columns: [BoundItem], showItems: Bool, sort: [BoundSortKey], limit: Int?) throws(CancellationError) -> ResultTable {
        let set = try pupils(list)
        var items = showItems ? columns : [BoundItem(.attribute(.upn), heading: "upn"), BoundItem(.attribute(.name), heading: "name"),
                                           BoundItem(.attribute(.year), heading: "year"), BoundItem(.attribute(.form), heading: "form")] + columns
        for k in sort where !items.contains(where: { k.sortsBy($0.heading) }) {
            if let item = k.item { items.append(item) }
        }
        // Columns the register lacks are left out (with a note: ``absentColumnNotes(_:)``).
        items.removeAll { absentColumn($0.expr) != nil }
        let sort = sort.filter { $0.item.map { absentColumn($0.expr) == nil } ?? true }
        var cols: [ResultTable.Column] = []
        var columns: [ListColumn] = []
        for item in items {
            let kind = item.trend ? .weeklyRates : Self.kind(of: item.expr)
            cols.append(ResultTable.Column(item.heading, kind))
            columns.append(item.trend ? try trendColumn(item.expr, set) : try listColumn(item.expr, set))
        }
        // Default order: year, form, surname, forename, UPN (ranked once per register). Rows
        // are made in pupil order and put straight into their places.
        let (members, places) = register.defaultOrderPlaces(set)
        let table = register.pupils
        let kinds = cols.map(\.kind)
        var rows = columns.withUnsafeBufferPointer { columns in
            // The columns are borrowed from the buffer, not copied (and retained) per cell.
            [(pupil: Int, cells: [Value])](unsafeUninitializedCapacity: members.count) { buffer, count in
                for (k, p) in members.enumerated() {
                    let cells = [Value](unsafeUninitializedCapacity: columns.count) { c, n in
                        for i in 0..<columns.count { (c.baseAddress! + i).initialize(to: columns[i].cell(p, kinds[i], table)) }
                        n = columns.count
                    }
                    (buffer.baseAddress! + places[k]).initialize(to: (p, cells))
                }
                count = members.count
            }
        }
        rows = Self.sorted(rows, by: sort, columns: cols)
        if let limit { rows = Array(rows.prefix(limit)) }
        var result = ResultTable(columns: cols, rows: rows.map(\.cells), pupils: rows.map(\.pupil))
        result.footer = ["\(NumberText.grouped(rows.count)) pupil\(rows.count == 1 ? "" : "s")\(limit != nil && set.count > rows.count ? " (of \(NumberText.grouped(set.count)))" : "")"]
        return result
    }

    static func kind(of e: BoundExpr) -> ResultTable.Column.Kind {
        switch e.unit {
        case .percent: .percent
        case .sessions, .minutes: .integer
        case .days: if case .streak = e { .integer } else { .number }
        case .plain: .integer
        case .date: .date
        default: .text
        }
    }

    static func cell(_ v: Values, _ p: Int, _ kind: ResultTable.Column.Kind) -> Value {
        switch v {
        case .texts(let t): cell(text: t[p], kind)
        case .numbers(let n): cell(number: n[p], kind)
        }
    }

    static func cell(text: String?, _ kind: ResultTable.Column.Kind) -> Value {
        guard let s = text else { return .empty }
        if kind == .integer, let i = Int(s) { return .integer(i) }
        if kind == .date, let d = Day(parsing: s) { return .date(d) }
        if kind == .integer { return .text(s) }
        return .text(s)
    }

    static func cell(number: Exact?, _ kind: ResultTable.Column.Kind) -> Value {
        guard let x = number else { return .empty }
        if kind == .date { return .date(Day(number: Int32(x.numerator / x.denominator))) }
        if kind == .integer && x.denominator == 1 { return .integer(x.numerator) }
        if kind == .integer, x.reduced.denominator == 1 { return .integer(x.reduced.numerator) }
        return .number(x.double)
    }

    /// A column of a pupil list, ready to give each listed pupil's cell: what `values` and
    /// `cell` give, without a vector of values over every pupil for the common columns.
    enum ListColumn {
        case attribute(PupilAttribute)
        /// A text column held whole (names, text columns of pupils.csv).
        case texts([String])
        /// A year column (`R` is 0).
        case years([Int8])
        /// `rate`/`absence`: top × 100 ÷ possible, when possible > 0.
        case rate(top: [Int32], possible: [Int32])
        /// A count of sessions (÷ 2 for days).
        case count([Int32], denominator: Int)
        case values(Values)

        func cell(_ p: Int, _ kind: ResultTable.Column.Kind, _ t: PupilTable) -> Value {
            switch self {
            case .attribute(let a):
                let text = Evaluator.attributeText(a, p, in: t)
                return Evaluator.cell(text: text.isEmpty ? nil : text, kind)
            case .texts(let texts):
                let text = texts[p]
                return Evaluator.cell(text: text.isEmpty ? nil : text, kind)
            case .years(let years):
                return Evaluator.cell(number: Exact(Int(years[p])), kind)
            case .rate(let top, let possible):
                return Evaluator.cell(number: possible[p] > 0 ? Exact(Int(top[p]) * 100, Int(possible[p])) : nil, kind)
            case .count(let c, let den):
                return Evaluator.cell(number: Exact(Int(c[p]), den), kind)
            case .values(let v):
                return Evaluator.cell(v, p, kind)
            }
        }
    }

    func listColumn(_ e: BoundExpr, _ set: PupilSet) throws(CancellationError) -> ListColumn {
        switch e {
        case .attribute(.name):
            return .texts(register.displayNames)
        case .attribute(.column(let c)) where c.kind.storage == .text:
            return .texts(register.pupils.texts[c.slot])
        case .attribute(.column(let c)) where c.kind == .year:
            return .years(register.pupils.years[c.slot])
        case .attribute(let a):
            return .attribute(a)
        case .rate(let w), .absence(let w):
            try checkCancelled()
            let isRate = if case .rate = e { true } else { false }
            return .rate(top: counts(.markClass(isRate ? .attended : .absent), w.sessions, in: set),
                         possible: counts(.markClass(.possible), w.sessions, in: set))
        case .count(let target, let unit, let w):
            try checkCancelled()
            let counts = if let k = w.anyWeeks {
                register.maxOverWeeks(target, n: k, weeks: w.weeks, in: set)
            } else {
                counts(target, w.sessions, in: set)
            }
            return .count(counts, denominator: unit == .days ? 2 : 1)
        case .projection(let p):
            // `not reachable` in place of a number of sessions needed.
            return .values(try projectionValues(p, set, reachability: true))
        default:
            return .values(try values(e, set))
        }
    }

    /// Stable sort of rows by the given keys (each a column heading).
    static func sorted<T>(_ rows: [(pupil: T, cells: [Value])], by keys: [BoundSortKey], columns: [ResultTable.Column]) -> [(pupil: T, cells: [Value])] {
        guard !keys.isEmpty else { return rows }
        // A key names a column exactly (`rate term 1`) or by its measure (`rate`).
        let idx = keys.compactMap { k in
            (columns.firstIndex { $0.name == k.heading } ?? columns.firstIndex { k.sortsBy($0.name) }).map { ($0, k.descending) }
        }
        return rows.enumerated().sorted { x, y in
            for (i, desc) in idx {
                let a = x.element.cells[i], b = y.element.cells[i]
                if a == b { continue }
                if a.isEmpty { return false }   // empty values last either way
                if b.isEmpty { return true }
                return desc ? b < a : a < b
            }
            return x.offset < y.offset
        }.map(\.element)
    }

    // MARK: Groups

    /// Group key text per pupil, and the groups in natural order (years by number).
    func groups(_ by: PupilAttribute, _ set: PupilSet) -> [(key: String, members: [Int])] {
        let index = register.groupIndex(by.description) { attributeText(by, $0) }
        var byGroup = [[Int]](repeating: [], count: index.keys.count)
        index.groupOf.withUnsafeBufferPointer { g in set.forEach { p in byGroup[Int(g[p])].append(p) } }
        return byGroup.enumerated().filter { !$0.element.isEmpty }.map { (index.keys[$0.offset], $0.element) }.sorted { a, b in
            if by.unit == .plain, let x = PupilSchema.parseYear(a.key), let y = PupilSchema.parseYear(b.key) { return x < y }
            if a.key.isEmpty != b.key.isEmpty { return !a.key.isEmpty }
            return Value.naturalLess(a.key, b.key)
        }
    }

    static func groupLabel(_ key: String) -> Value { key.isEmpty ? .text("(none)") : .text(key) }

    func countPupils(_ list: BoundPupilList, by: PupilAttribute?, sort: [BoundSortKey], limit: Int?) throws(CancellationError) -> ResultTable {
        let population = try base(list.base)
        let set = try pupils(list)
        guard let by else {
            var t = ResultTable(columns: [.init("pupils", .integer)], rows: [[.integer(set.count)]])
            t.footer = ["of \(NumberText.grouped(population.count)) \(list.base == .all ? "pupils" : "pupils on roll")"]
            return t
        }
        var rows: [(pupil: Int, cells: [Value])] = groups(by, population).map { g in
            let n = g.members.filter { set.contains($0) }.count
            return (0, [Self.groupLabel(g.key), .integer(n), .integer(g.members.count)])
        }
        let cols: [ResultTable.Column] = [.init(by.description, by == .year ? .text : .text), .init("pupils", .integer), .init("out of", .integer)]
        rows = Self.sorted(rows, by: sort, columns: cols)
        if let limit { rows = Array(rows.prefix(limit)) }
        var t = ResultTable(columns: cols, rows: rows.map(\.cells))
        t.footer = ["total: \(NumberText.grouped(set.count)) of \(NumberText.grouped(population.count))"]
        return t
    }

    /// Sums of a class over a window for a group of pupils.
    func sums(_ target: MarkClass, _ w: BoundWindow, _ members: [Int]) -> Int {
        let m = register.matrix(target)
        var total = 0
        for p in members { total += m.count(p, w.sessions.lowerBound, w.sessions.upperBound) }
        return total
    }

    func groupMeasure(_ item: BoundItem, by: PupilAttribute, list: BoundPupilList, sort: [BoundSortKey], limit: Int?) throws(CancellationError) -> ResultTable {
        let set = try pupils(list)
        guard let w = item.expr.window else { return ResultTable(columns: []) }
        let possibleM = register.matrix(.possible)
        // Pupils count in a group when they had a possible session in the window.
        var inWindow = PupilSet(capacity: set.capacity)
        set.forEach { p in if possibleM.count(p, w.sessions.lowerBound, w.sessions.upperBound) > 0 { inWindow.insert(p) } }
        var cols: [ResultTable.Column] = [.init(by.description, .text), .init("pupils", .integer)]
        var rows: [(pupil: Int, cells: [Value])] = []
        switch item.expr {
        case .rate, .absence:
            let isRate = if case .rate = item.expr { true } else { false }
            cols += [.init("possible", .integer), .init(isRate ? "attended" : "absent", .integer), .init(item.heading, .percent)]
            for g in groups(by, inWindow) {
                try checkCancelled()
                let possible = sums(.possible, w, g.members)
                let top = sums(isRate ? .attended : .absent, w, g.members)
                rows.append((0, [Self.groupLabel(g.key), .integer(g.members.count), .integer(possible), .integer(top),
                                 possible > 0 ? .number(Double(top) * 100 / Double(possible)) : .empty]))
            }
        default:
            cols.append(.init(item.heading, Self.kind(of: item.expr)))
            let v = try values(item.expr, inWindow)
            for g in groups(by, inWindow) {
                var total = Exact(0)
                if case .numbers(let n) = v { for p in g.members { if let x = n[p] { total = total + x } } }
                let kind = cols.last!.kind
                rows.append((0, [Self.groupLabel(g.key), .integer(g.members.count), kind == .integer && total.reduced.denominator == 1 ? .integer(total.reduced.numerator) : .number(total.double)]))
            }
        }
        rows = Self.sorted(rows, by: sort, columns: cols)
        if let limit { rows = Array(rows.prefix(limit)) }
        var t = ResultTable(columns: cols, rows: rows.map(\.cells))
        t.header = ["\(Explainer.measurePhrase(item.expr)) by \(by) over \(w.explanation)"]
        return t
    }

    func summary(by: PupilAttribute?, _ w: BoundWindow, list: BoundPupilList, sort: [BoundSortKey], limit: Int?) throws(CancellationError) -> ResultTable {
        let set = try pupils(list)
        let possibleM = register.matrix(.possible)
        var inWindow = PupilSet(capacity: set.capacity)
        set.forEach { p in if possibleM.count(p, w.sessions.lowerBound, w.sessions.upperBound) > 0 { inWindow.insert(p) } }
        let presentCodes = register.matrix(codes: ["/", "\\", "L"].map { CodeID($0)! })
        let absent = counts(.markClass(.absent), w.sessions, in: inWindow)
        let possible = counts(.markClass(.possible), w.sessions, in: inWindow)
        let cols: [ResultTable.Column] = [.init(by?.description ?? "group", .text), .init("pupils", .integer), .init("possible", .integer),
                                          .init("present", .integer), .init("AEA", .integer), .init("authorised", .integer),
                                          .init("unauthorised", .integer), .init("rate", .percent), .init("PA", .integer), .init("PA %", .percent)]
        func row(_ label: String, _ members: [Int]) -> [Value] {
            let poss = sums(.possible, w, members)
            let att = sums(.attended, w, members)
            var pres = 0
            for p in members { pres += presentCodes.count(p, w.sessions.lowerBound, w.sessions.upperBound) }
            let pa = members.filter { Int(absent[$0]) * 10 >= Int(possible[$0]) && possible[$0] > 0 }.count
            return [.text(label), .integer(members.count), .integer(poss), .integer(pres), .integer(att - pres),
                    .integer(sums(.authorised, w, members)), .integer(sums(.unauthorised, w, members)),
                    poss > 0 ? .number(Double(att) * 100 / Double(poss)) : .empty,
                    .integer(pa), members.isEmpty ? .empty : .number(Double(pa) * 100 / Double(members.count))]
        }
        var rows: [(pupil: Int, cells: [Value])] = []
        if let by {
            for g in groups(by, inWindow) {
                try checkCancelled()
                rows.append((0, row(g.key.isEmpty ? "(none)" : g.key, g.members)))
            }
        }
        rows = Self.sorted(rows, by: sort, columns: cols)
        if let limit { rows = Array(rows.prefix(limit)) }
        rows.append((0, row("all", inWindow.members)))
        var t = ResultTable(columns: cols, rows: rows.map(\.cells))
        t.header = ["summary over \(w.explanation)"]
        return t
    }

    func absenceByWeekday(_ w: BoundWindow, list: BoundPupilList) throws(CancellationError) -> ResultTable {
        let set = try pupils(list)
        let pm = register.matrix(.possible), am = register.matrix(.absent)
        let au = register.matrix(.authorised), un = register.matrix(.unauthorised)
        var possible = [Int](repeating: 0, count: 5), absent = possible, auth = possible, unauth = possible
        let days = register.calendar.days
        let firstDay = w.sessions.lowerBound >> 1, endDay = w.sessions.upperBound >> 1
        for d in firstDay..<max(firstDay, endDay) {
            try checkCancelled()
            let wd = days[d].weekday - 1
            guard wd < 5 else { continue }
            let s = 2 * d
            set.forEach { p in
                possible[wd] += pm.count(p, s, s + 2)
                absent[wd] += am.count(p, s, s + 2)
                auth[wd] += au.count(p, s, s + 2)
                unauth[wd] += un.count(p, s, s + 2)
            }
        }
        let cols: [ResultTable.Column] = [.init("weekday", .text), .init("possible", .integer), .init("absent", .integer),
                                          .init("authorised", .integer), .init("unauthorised", .integer), .init("absence", .percent)]
        let rows: [[Value]] = (0..<5).map { i in
            [.text(Day.weekdayNames[i]), .integer(possible[i]), .integer(absent[i]), .integer(auth[i]), .integer(unauth[i]),
             possible[i] > 0 ? .number(Double(absent[i]) * 100 / Double(possible[i])) : .empty]
        }
        var t = ResultTable(columns: cols, rows: rows)
        t.header = ["absence by weekday over \(w.explanation)"]
        return t
    }

    func codes(_ w: BoundWindow, list: BoundPupilList, sort: [BoundSortKey], limit: Int?) throws(CancellationError) -> ResultTable {
        let set = try pupils(list)
        var sessions = [Int](repeating: 0, count: 256), pupilsWith = sessions
        let S = register.sessionCount
        register.marks.withUnsafeBufferPointer { mk in
            var seen = [Bool](repeating: false, count: 256)
            set.forEach { p in
                let r = register.onRollSessions(p).clamped(to: w.sessions)
                for i in 0..<256 { seen[i] = false }
                for s in r {
                    let c = Int(mk[p * S + s])
                    if c == 0 { continue }
                    sessions[c] += 1
                    if !seen[c] { seen[c] = true; pupilsWith[c] += 1 }
                }
            }
        }
        let cols: [ResultTable.Column] = [.init("code", .text), .init("meaning", .text), .init("counts as", .text),
                                          .init("sessions", .integer), .init("pupils", .integer)]
        var rows: [(pupil: Int, cells: [Value])] = []
        // National codes first, in the table's order, then the register's own (codes.csv).
        for raw in 1..<sessions.count where sessions[raw] > 0 {
            let info = CodeID(rawValue: UInt8(raw)).info
            rows.append((0, [.text(info.code), .text(info.meaning), .text(info.counts.description), .integer(sessions[raw]), .integer(pupilsWith[raw])]))
        }
        rows = Self.sorted(rows, by: sort, columns: cols)
        if let limit { rows = Array(rows.prefix(limit)) }
        var t = ResultTable(columns: cols, rows: rows.map(\.cells))
        t.header = ["codes over \(w.explanation)"]
        return t
    }
}
