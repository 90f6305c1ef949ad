/// Resolves a parsed statement against the register, the calendar and the as-of date:
/// measures, codes, windows, pupil attributes, cohorts and units. Rejects what has no
/// single meaning (a count compared with a percentage, an unknown column, a window past the
/// as-of date, a term the calendar lacks) with a caret under the words at fault.
public struct Binder {
    public let context: BindingContext
    let statement: Statement
    var register: Register { context.register }
    var asOf: Day { context.asOf }
    /// Cohorts being bound, to refuse a cohort defined in terms of itself.
    var cohortStack: [String] = []

    public init(context: BindingContext, statement: Statement) {
        self.context = context
        self.statement = statement
    }

    func site(_ span: Range<Int>) -> DiagnosticSite { statement.site(span) }

    /// Binds a row-producing statement, `let` or `explain`.
    public static func bind(_ s: Statement, in context: BindingContext) throws(Diagnostic) -> BoundStatement {
        let b = Binder(context: context, statement: s)
        switch s.kind {
        case .query(let q): return try b.query(q)
        case .explain(let e): return .explain(try b.query(e.query))
        case .letCohort(let l):
            let name = l.name.text
            var inner = b
            inner.cohortStack.append(name.lowercased())
            return .letCohort(name, try inner.pupilList(l.pupils))
        default:
            throw Diagnostic.notBound(at: s.site(s.span))
        }
    }

    // MARK: Statements

    func query(_ q: QuerySyntax) throws(Diagnostic) -> BoundStatement {
        let limit = try q.limit.map { n throws(Diagnostic) -> Int in
            let v = try number(n)
            guard v >= 1 else { throw Diagnostic.notPositive("a limit", at: site(n.span)) }
            return v
        }
        switch q.body {
        case .pupils(let l):
            let list = try pupilList(l)
            let columns = Self.measureColumns(list)
            let sort = try sortKeys(q.sort)
            try checkOneWindowMeaning(columns: [], filter: l.filter, sort: q.sort, boundSort: sort, shown: columns)
            return .pupils(list, columns: columns, showItems: false, sort: sort, limit: limit)
        case .show(let s):
            try checkOneWindowMeaning(s.columns)
            let list = try pupilList(s.pupils)
            var items: [BoundItem] = []
            for c in s.columns { items.append(try column(c)) }
            let sort = try sortKeys(q.sort)
            try checkOneWindowMeaning(columns: s.columns, filter: s.pupils.filter, sort: q.sort, boundSort: sort, shown: items)
            return .pupils(list, columns: items, showItems: true, sort: sort, limit: limit)
        case .count(let c):
            let list = try pupilList(c.pupils)
            if c.groups.count > 1 { throw Diagnostic.oneGroupOnly(at: site(c.groups[1].span)) }
            let by = try c.groups.first.map { g throws(Diagnostic) in try attribute(g) }
            return .countPupils(list, by: by, sort: try sortKeys(q.sort), limit: limit)
        case .grouped(let g):
            if let s = try groupedOverTime(g, sort: q.sort, limit: limit) { return s }
            if g.groups.count > 1 { throw Diagnostic.oneGroupOnly(at: site(g.groups[1].span)) }
            let list = try g.pupils.map { p throws(Diagnostic) in try pupilList(p) } ?? BoundPupilList(base: .all, steps: [])
            let groupName = g.groups[0]
            if groupName.text.lowercased() == "weekday" && !groupName.quoted {
                switch g.measure.kind {
                case .absence, .absent, .authorised, .unauthorised:
                    let w = try window(g.measure.window, defaultFor: g.measure.span)
                    return .absenceByWeekday(w, list: list)
                default:
                    throw Diagnostic.measureNotAllowed("by weekday works with absence", hint: "write `absence by weekday over this term`", at: site(g.measure.phraseSpan))
                }
            }
            if case .projection = g.measure.kind {
                throw Diagnostic.projectionGrouped(String(decoding: Array(statement.text.utf8)[clamped: g.measure.phraseSpan], as: UTF8.self), at: site(g.measure.phraseSpan))
            }
            let item = try measureItem(g.measure, comparisonWindow: nil)
            switch item.expr {
            case .rate, .absence, .count, .minutesLate: break
            default:
                throw Diagnostic.measureNotAllowed("a group has no single \(Self.measureName(g.measure))",
                                                   hint: "group rates and counts: `rate by form`, `unauthorised by year`; list pupils for streaks and bands", at: site(g.measure.phraseSpan))
            }
            if case .count(_, _, let w) = item.expr, w.anyWeeks != nil {
                throw Diagnostic.measureNotAllowed("`in any N weeks` is per pupil, not per group", hint: "list the pupils instead: `pupils where unauthorised >= 10 in any 10 weeks`", at: site(g.measure.span))
            }
            return .groupMeasure(item, by: try attribute(groupName), list: list, sort: try sortKeys(q.sort), limit: limit)
        case .summary(let s):
            if let series = try summaryOverTime(s, sort: q.sort, limit: limit) { return series }
            if s.groups.count > 1 { throw Diagnostic.oneGroupOnly(at: site(s.groups[1].span)) }
            let list = try s.pupils.map { p throws(Diagnostic) in try pupilList(p) } ?? BoundPupilList(base: .all, steps: [])
            let by = try s.groups.first.map { g throws(Diagnostic) in try attribute(g) }
            return .summary(by: by, try window(s.window, defaultFor: s.span), list: list, sort: try sortKeys(q.sort), limit: limit)
        case .codes(let c):
            let list = try c.pupils.map { p throws(Diagnostic) in try pupilList(p) } ?? BoundPupilList(base: .all, steps: [])
            return .codes(try window(c.window, defaultFor: c.span), list: list, sort: try sortKeys(q.sort), limit: limit)
        case .profile(let p):
            let upn = try text(p.upn)
            guard let i = register.pupils.index(ofUPN: upn.trimmingSpaces()) ?? register.pupils.index(ofUPN: upn.uppercased()) else {
                // Not a UPN: a name (`pupil "Zoë O'Brien"`), unless it looks like a UPN.
                if Self.looksLikeUPN(upn) { throw Diagnostic.unknownUPN(upn, at: site(p.upn.span)) }
                return try profileByName(upn, p)
            }
            return .pupilProfile(i, try window(p.window, defaultFor: p.span))
        case .actions(let a):
            return .actions(try actionsQuery(a), sort: try actionsSortKeys(q.sort, counted: a.counted), limit: limit)
        }
    }

    /// The measures a `where` used, one column each, in the order written.
    static func measureColumns(_ list: BoundPupilList) -> [BoundItem] {
        var items: [BoundItem] = []
        func add(_ i: BoundItem) { if !items.contains(where: { $0.heading == i.heading }) { items.append(i) } }
        func walk(_ c: BoundCondition) {
            switch c {
            case .compare(let l, _, let r):
                for m in l.measures + r.measures { add(BoundItem(m, heading: heading(m))) }
            case .persistent(let w), .severe(let w):
                add(BoundItem(.absence(w), heading: "absence " + w.label))
            case .projection(let p): p.evidence.forEach(add)
            case .and(let cs), .or(let cs): cs.forEach(walk)
            case .not(let x): walk(x)
            default: break
            }
        }
        list.steps.forEach(walk)
        return items
    }

    /// Column heading of a measure: `rate term 1`, `unauthorised last 10 weeks`.
    static func heading(_ e: BoundExpr) -> String {
        if case .casework(let c) = e { return c.heading }
        let name: String
        switch e {
        case .rate: name = "rate"
        case .absence: name = "absence"
        case .band: name = "band"
        case .minutesLate: name = "minutes late"
        case .streak(let t, _):
            switch t {
            case .markClass(let c): name = "\(c) streak"
            case .codes(let cs): name = "streak coded " + cs.shownCodes.joined(separator: ",")
            case .onWeekdays(let c, let d): name = "\(c) streak on \(d)"
            }
        case .count(let t, let u, _):
            switch t {
            case .markClass(let c): name = u == .days ? "\(c) days" : c.description
            case .codes(let cs): name = "\(u == .days ? "days" : "sessions") coded " + cs.shownCodes.joined(separator: ",")
            case .onWeekdays(let c, let d): name = "\(c) sessions on \(d)"
            }
        case .projection(let p): return p.heading
        default: name = ""
        }
        guard let w = e.window else { return name }
        return name + " " + w.label
    }

    static func measureName(_ m: MeasureSyntax) -> String {
        switch m.kind {
        case .band: "band"
        case .streak, .streakCoded: "streak"
        default: "value"
        }
    }

    // MARK: Pupil lists

    func pupilList(_ l: PupilListSyntax) throws(Diagnostic) -> BoundPupilList {
        var base: PupilBase
        switch l.source {
        case .pupils: base = .onRoll
        case .allPupils: base = .all
        case .cohort(let name):
            let key = name.text.lowercased()
            guard let def = context.cohorts.first(where: { $0.key.lowercased() == key })?.value else {
                let names = context.cohorts.keys.sorted()
                throw Diagnostic.unknownCohort(name.text, suggestion: Suggestion.didYouMean(name.text, in: names + ["pupils"]), defined: names, at: site(name.span))
            }
            if cohortStack.contains(key) {
                throw Diagnostic.unknownCohort(name.text, suggestion: nil, defined: [], at: site(name.span))
            }
            var inner = Binder(context: context, statement: def.statement)
            inner.cohortStack = cohortStack + [key]
            base = .cohort(name.text, try inner.pupilList(def.list))
        }
        var steps: [BoundCondition] = []
        for s in l.scopes {
            let attr: PupilAttribute = s.attribute == .year ? .year : .form
            var values: [String] = []
            for v in s.values { values.append(try attributeValue(v, for: attr)) }
            steps.append(.oneOf(attr, values, negated: false))
        }
        if let f = l.filter {
            try checkOneWindowMeaning(f)
            // A top-level `and` becomes one step per part, so `explain` counts each.
            if case .and(let parts) = f.kind {
                for p in parts { steps.append(try condition(p)) }
            } else {
                steps.append(try condition(f))
            }
        }
        return BoundPupilList(base: base, steps: steps)
    }

    // MARK: Items, sort keys

    func column(_ c: ColumnSyntax) throws(Diagnostic) -> BoundItem {
        switch c.kind {
        case .attribute(let n):
            let a = try attribute(n)
            return BoundItem(.attribute(a), heading: a.description)
        case .measure(let m):
            if m.trend { return try trendItem(m) }
            return try measureItem(m, comparisonWindow: nil)
        }
    }

    func measureItem(_ m: MeasureSyntax, comparisonWindow: WindowSyntax?) throws(Diagnostic) -> BoundItem {
        let e = try measure(m, comparisonWindow: comparisonWindow)
        return BoundItem(e, heading: Self.heading(e))
    }

    func sortKeys(_ keys: [SortKeySyntax]) throws(Diagnostic) -> [BoundSortKey] {
        var out: [BoundSortKey] = []
        for k in keys {
            let desc = k.direction == .descending
            switch k.column.kind {
            case .attribute(let n):
                let lower = n.text.lowercased()
                // Result columns of grouped statements and code lists sort by their own names.
                if ["pupils", "possible", "attended", "absent", "present", "aea", "authorised", "unauthorised", "pa", "sessions", "code", "group", "change"].contains(lower) {
                    out.append(BoundSortKey(heading: lower == "aea" ? "AEA" : (lower == "pa" ? "PA" : lower), item: nil, descending: desc))
                    continue
                }
                let a = try attribute(n)
                out.append(BoundSortKey(heading: a.description, item: BoundItem(.attribute(a), heading: a.description), descending: desc))
            case .measure(let m):
                if m.window == nil {
                    // `sorted by rate`: the rate column the statement already has.
                    let e = try measure(m, comparisonWindow: nil)
                    // (A casework measure has no window of the register: its heading is its name.)
                    let name = e.window == nil ? Self.heading(e) : String(Self.heading(e).dropLast((e.window?.label.count ?? 0) + 1))
                    out.append(BoundSortKey(heading: name, item: BoundItem(e, heading: Self.heading(e)), descending: desc))
                } else {
                    let item = try measureItem(m, comparisonWindow: nil)
                    out.append(BoundSortKey(heading: item.heading, item: item, descending: desc))
                }
            }
        }
        return out
    }

    // MARK: Leaves

    func number(_ n: NumberSyntax) throws(Diagnostic) -> Int {
        switch n.kind {
        case .literal(let v): return v
        case .parameter(let p):
            guard let v = context.parameters[p] else { throw Diagnostic.unknownParameter(p, at: site(n.span)) }
            if case .number(let d) = v.kind, let i = d.integerValue { return i }
            throw Diagnostic.parameterKind(p, expected: "a whole number", at: site(n.span))
        }
    }

    /// Text, with the value of each `$NAME` in it: `$folder`, or inside quotes
    /// `"year-$year.csv"` (`$$` is a `$`). A name no `param` declares is an error.
    func text(_ t: TextSyntax) throws(Diagnostic) -> String {
        switch t.kind {
        case .literal(let s): return try substitutingParameters(in: s, at: t.span)
        case .parameter(let p): return try parameterText(p, at: t.span)
        }
    }

    func parameterText(_ p: String, at span: Range<Int>) throws(Diagnostic) -> String {
        guard let v = context.parameters[p] else { throw Diagnostic.unknownParameter(p, at: site(span)) }
        switch v.kind {
        case .text(let s), .word(let s): return s
        case .number(let d): return d.description
        case .attribute(let n): return n.text
        case .date(let d): return d.iso
        default: throw Diagnostic.parameterKind(p, expected: "text", at: site(span))
        }
    }

    /// `"year-$year.csv"` → `"year-9.csv"`. A `$` not followed by a letter or `_` is kept.
    func substitutingParameters(in s: String, at span: Range<Int>) throws(Diagnostic) -> String {
        guard s.contains("$") else { return s }
        // A name is spelt as after a bare `$` (Lexer): letters, digits and `_`.
        func isStart(_ c: Character) -> Bool { c.asciiValue.map(Lexer.isWordStartByte) ?? false }
        func isPart(_ c: Character) -> Bool { c.asciiValue.map(Lexer.isWordByte) ?? false }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            let next = s.index(after: i)
            guard c == "$", next < s.endIndex else { out.append(c); i = next; continue }
            if s[next] == "$" { out.append("$"); i = s.index(after: next); continue }
            guard isStart(s[next]) else { out.append(c); i = next; continue }
            var end = next
            while end < s.endIndex, isPart(s[end]) { end = s.index(after: end) }
            out += try parameterText(String(s[next..<end]), at: span)
            i = end
        }
        return out
    }

    func date(_ d: DateSyntax) throws(Diagnostic) -> Day {
        switch d.kind {
        case .day(let day): return day
        case .today: return asOf
        case .yesterday: return previousSchoolDay(before: asOf)
        case .lastWeekday(let w): return lastWeekday(w)
        case .dayMonth(let day, let month): return try dayMonth(day, month, at: d.span)
        case .parameter(let p):
            guard let v = context.parameters[p] else { throw Diagnostic.unknownParameter(p, at: site(d.span)) }
            switch v.kind {
            case .date(let day): return day
            case .text(let s), .word(let s):
                if let day = Day(parsing: s) { return day }
            default: break
            }
            throw Diagnostic.parameterKind(p, expected: "a date", at: site(d.span))
        }
    }

    /// The last day before `d` on which the school had a possible session.
    func previousSchoolDay(before d: Day) -> Day {
        let cal = register.calendar
        var i = cal.firstIndex(onOrAfter: d) - 1
        while i >= 0 && !cal.possibleDay[i] { i -= 1 }
        return i >= 0 ? cal.days[i] : d.advanced(by: -1)
    }

    /// A pupils.csv column by name: the schema's columns (with MIS spellings) and any extra one.
    /// An optional schema column the register lacks still binds: the evaluator leaves it out
    /// of lists and sorting, and a condition on it is unknown, each with a note
    /// (``Evaluator/absentColumnNotes(_:)``).
    func attribute(_ n: NameSyntax) throws(Diagnostic) -> PupilAttribute {
        let t = register.pupils
        let raw = n.text
        if HeaderMatching.normalized(raw) == "name" { return .name }
        if let c = PupilSchema.column(named: raw) { return .column(c) }
        let attrName = HeaderMatching.attributeName(raw)
        if let i = t.extraColumns.firstIndex(where: { $0.name == attrName || HeaderMatching.normalized($0.header) == HeaderMatching.normalized(raw) }) {
            return .extra(index: i, name: t.extraColumns[i].name)
        }
        // Suggested from every column attend knows (`contact_phne`: contact_phone, even where
        // the register lacks it); listed from those the register has.
        let vocabulary = t.attributeNames + ["name"]
        let known = vocabulary + PupilSchema.columns.map(\.name).filter { !vocabulary.contains($0) }
        throw Diagnostic.unknownColumn(raw, suggestion: Suggestion.didYouMean(raw, in: known + Vocabulary.measureWords), columns: vocabulary, at: site(n.span))
    }

    /// A value written for an attribute (`E` for send, `9` for year, `"10B"` for form), checked.
    func attributeValue(_ e: ExprSyntax, for a: PupilAttribute) throws(Diagnostic) -> String {
        var value: String
        switch e.kind {
        case .number(let d): value = d.description
        case .text(let s), .word(let s): value = s
        case .attribute(let n): value = n.text
        case .date(let d): value = d.iso
        case .parameter(let p):
            guard let v = context.parameters[p] else { throw Diagnostic.unknownParameter(p, at: site(e.span)) }
            return try attributeValue(ExprSyntax(kind: v.kind, span: e.span), for: a)
        default:
            throw Diagnostic.invalidValue(String(decoding: Array(statement.text.utf8)[clamped: e.span], as: UTF8.self), column: a.description, expected: "text or a number", at: site(e.span))
        }
        value = value.trimmingSpaces()
        guard case .column(let c) = a else { return value }
        switch c.kind {
        case .year:
            guard PupilSchema.parseYear(value) != nil else {
                throw Diagnostic.invalidValue(value, column: c.name, expected: "R or a year group from 1 to 13", at: site(e.span))
            }
        case .send:
            guard ["N", "K", "E"].contains(value.uppercased()) else {
                throw Diagnostic.invalidValue(value, column: c.name, expected: "N (none), K (SEN support) or E (EHC plan)", at: site(e.span))
            }
        case .flag:
            guard PupilSchema.parseFlag(value) != nil else {
                throw Diagnostic.invalidValue(value, column: c.name, expected: "yes or no (Y/N)", at: site(e.span))
            }
        case .text, .capitals, .lines, .date: break
        }
        // A form no pupil is in is a typing mistake (a register without forms: the condition
        // is unknown, with a note).
        if c == .form && register.pupils.has(c) {
            let forms = Set(register.pupils.form.map { $0.lowercased() })
            guard forms.contains(value.lowercased()) else {
                let known = Array(Set(register.pupils.form)).sorted { Value.naturalLess($0, $1) }
                let hint = Suggestion.didYouMean(value, in: known).map { "\($0) (forms: \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", …" : ""))" }
                    ?? "the forms are: \(known.prefix(20).joined(separator: ", "))\(known.count > 20 ? ", …" : "")"
                throw Diagnostic.unknownForm(value, hint: hint, at: site(e.span))
            }
        }
        return value
    }
}

extension Array where Element == UInt8 {
    subscript(clamped r: Range<Int>) -> ArraySlice<UInt8> {
        let lo = Swift.max(0, Swift.min(r.lowerBound, count)), hi = Swift.max(lo, Swift.min(r.upperBound, count))
        return self[lo..<hi]
    }
}
