/// The stable S-expression rendering of the syntax tree, for tests and `attend parse`
/// debugging. It shows what the parser understood, not how it was spelt:
///
///     pupils where rate < 90% over term 1 and unauthorised >= 10 in last 10 weeks
///     (pupils (where (and (< (rate) 90% (over term 1)) (>= (unauthorised) 10 (in-last 10 weeks)))))
///
/// Atoms: `send` a column, `` `rate` `` a backquoted column, `'E` a bare-word value,
/// `"10B"` a string, `90%` a percentage, `(10 days)` a count, `$n` a parameter,
/// `2026-01-23` a date. Measures are lists: `(rate)`, `(sessions-coded N U)`.
public enum SyntaxDump {
    public static func statement(_ kind: StatementKind) -> String {
        switch kind {
        case .query(let q): return query(q)
        case .letCohort(let l): return "(let \(l.name) \(pupilList(l.pupils)))"
        case .explain(let e): return "(explain \(query(e.query)))"
        case .print(let p): return "(print \(text(p.text)))"
        case .param(let p):
            return p.defaultValue.map { "(param \(p.name) \(expr($0)))" } ?? "(param \(p.name))"
        case .format(let f): return "(format \(f.name))"
        case .asOf(let a): return "(as-of \(date(a.date)))"
        case .record(let r): return record(r)
        }
    }

    public static func query(_ q: QuerySyntax) -> String {
        var parts: [String]
        switch q.body {
        case .pupils(let p):
            parts = pupilListParts(p)
        case .count(let c):
            parts = ["count", pupilList(c.pupils)] + by(c.groups)
        case .grouped(let g):
            parts = ["grouped", measure(g.measure)] + by(g.groups) + forPupils(g.pupils)
                + g.moreWindows.map(window)
        case .summary(let s):
            parts = ["summary"] + by(s.groups) + (s.window.map { [window($0)] } ?? []) + forPupils(s.pupils)
                + s.moreWindows.map(window)
        case .codes(let c):
            parts = ["codes"] + (c.window.map { [window($0)] } ?? []) + forPupils(c.pupils)
        case .profile(let p):
            parts = ["pupil", text(p.upn, bare: true)] + (p.window.map { [window($0)] } ?? [])
        case .show(let s):
            parts = ["show", list(["columns"] + s.columns.map(column)), "(for \(pupilList(s.pupils)))"]
        case .actions(let a):
            parts = actionsParts(a)
        }
        if !q.sort.isEmpty {
            parts.append(list(["sorted"] + q.sort.map { key in
                key.direction.map { "(\($0.rawValue) \(column(key.column)))" } ?? column(key.column)
            }))
        }
        if let limit = q.limit { parts.append("(limit \(number(limit)))") }
        if let into = q.into { parts.append("(into \(text(into))\(q.intoReplace ? " replace" : ""))") }
        if let l = q.letters {
            parts.append(list(["letters", text(l.template), text(l.folder)] + l.options.map { o in
                o.value.map { "(\(o.name) \(expr($0)))" } ?? "(\(o.name))"
            }))
        }
        return list(parts)
    }

    public static func pupilList(_ p: PupilListSyntax) -> String { list(pupilListParts(p)) }

    private static func pupilListParts(_ p: PupilListSyntax) -> [String] {
        var parts: [String]
        switch p.source {
        case .pupils: parts = ["pupils"]
        case .allPupils: parts = ["all-pupils"]
        case .cohort(let name): parts = ["cohort", name.description]
        }
        for s in p.scopes { parts.append(list([s.attribute.rawValue] + s.values.map(expr))) }
        if let f = p.filter { parts.append("(where \(condition(f)))") }
        return parts
    }

    public static func condition(_ c: ConditionSyntax) -> String {
        // Only and/or/not recurse; they stay small so deep trees need little stack.
        switch c.kind {
        case .and(let cs): return joined("and", cs)
        case .or(let cs): return joined("or", cs)
        case .not(let inner): return negated(inner)
        case .flag(let f): return flag(f)
        case .comparison(let cmp): return comparison(cmp)
        }
    }

    @inline(never)
    private static func joined(_ head: String, _ cs: [ConditionSyntax]) -> String {
        var out = "(" + head
        for c in cs {
            out += " "
            out += condition(c)
        }
        return out + ")"
    }

    @inline(never)
    private static func negated(_ c: ConditionSyntax) -> String {
        "(not " + condition(c) + ")"
    }

    @inline(never)
    private static func flag(_ f: FlagSyntax) -> String {
        let tail = f.window.map { [window($0)] } ?? []
        switch f.subject {
        case .predicate(let p): return list([p.rawValue] + tail)
        case .attribute(let name): return list(["flag", name.description] + tail)
        case .projection(let p): return list(projectionParts(p) + tail)
        }
    }

    @inline(never)
    private static func comparison(_ cmp: ComparisonSyntax) -> String {
        var parts: [String]
        switch cmp.test {
        case .compare(let op, let rhs): parts = [op.rawValue, expr(cmp.lhs), expr(rhs)]
        case .member(let values, let negated): parts = [negated ? "not-in" : "in", expr(cmp.lhs), list(values.map(expr))]
        case .empty(let negated): parts = [negated ? "is-not-empty" : "is-empty", expr(cmp.lhs)]
        case .like(let t): parts = ["like", expr(cmp.lhs), SyntaxDump.likeText(t)]
        }
        if let w = cmp.window { parts.append(window(w)) }
        return list(parts)
    }

    public static func expr(_ e: ExprSyntax) -> String {
        switch e.kind {
        case .number(let n): return n.description
        case .percentage(let n): return "\(n)%"
        case .count(let n, let unit): return "(\(n) \(unit.rawValue))"
        case .text(let s): return quote(s)
        case .word(let w): return "'\(w)"
        case .attribute(let name): return name.description
        case .date(let d): return d.iso
        case .parameter(let p): return "$\(p)"
        case .measure(let m): return measure(m)
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(expr(l)) \(expr(r)))"
        }
    }

    public static func measure(_ m: MeasureSyntax) -> String {
        var parts: [String]
        switch m.kind {
        case .possible: parts = ["possible"]
        case .present: parts = ["present"]
        case .attended: parts = ["attended"]
        case .authorised: parts = ["authorised"]
        case .unauthorised: parts = ["unauthorised"]
        case .absent: parts = ["absent"]
        case .absence: parts = ["absence"]
        case .late: parts = ["late"]
        case .rate: parts = ["rate"]
        case .minutesLate: parts = ["minutes-late"]
        case .band: parts = ["band"]
        case .sessionsCoded(let codes): parts = ["sessions-coded"] + codes.map(\.code)
        case .daysCoded(let codes): parts = ["days-coded"] + codes.map(\.code)
        case .streak(let marks): parts = ["streak", marks.rawValue]
        case .streakCoded(let codes): parts = ["streak-coded"] + codes.map(\.code)
        case .casework(let c): parts = caseworkParts(c)
        case .projection(let p): parts = projectionParts(p)
        }
        if m.trend { parts = ["trend"] }
        if let d = m.weekdays { parts.append(list(["on"] + d.days.days.map { Weekdays.pluralNames[$0 - 1] })) }
        if let w = m.window { parts.append(window(w)) }
        return list(parts)
    }

    public static func window(_ w: WindowSyntax) -> String {
        var parts: [String]
        switch w.kind {
        case .period(let p): parts = ["over", period(p)]
        case .between(let a, let b): parts = ["between", date(a), date(b)]
        case .since(let d): parts = ["since", date(d)]
        case .on(let d): parts = ["on", date(d)]
        case .today: parts = ["today"]
        case .yesterday: parts = ["yesterday"]
        case .lastWeeks(let n): parts = ["in-last", number(n), "weeks"]
        case .anyWeeks(let n, let within):
            parts = ["in-any", number(n), "weeks"] + (within.map { ["(over \(period($0)))"] } ?? [])
        }
        if let u = w.until {
            switch u.kind {
            case .daysAgo(let n): parts.append("(until \(number(n)) days-ago)")
            case .date(let d): parts.append("(until \(date(d)))")
            }
        }
        return list(parts)
    }

    public static func period(_ p: PeriodSyntax) -> String {
        switch p.kind {
        case .term(let n): return "term \(number(n))"
        case .seasonTerm(let s): return "\(s.rawValue) term"
        case .halfTerm(let n): return "half-term \(number(n))"
        case .this(let u): return "this \(u.rawValue)"
        case .last(let u): return "last \(u.rawValue)"
        case .academicYear(let y): return academicYear(y)
        case .month(let m, let y): return "month \(m)" + (y.map { " \($0)" } ?? "")
        }
    }

    /// `2024/25` for 2024.
    public static func academicYear(_ y: Int) -> String {
        let next = (y + 1) % 100
        return "\(y)/\(next < 10 ? "0" : "")\(next)"
    }

    static func date(_ d: DateSyntax) -> String {
        switch d.kind {
        case .day(let day): return day.iso
        case .today: return "today"
        case .yesterday: return "yesterday"
        case .parameter(let p): return "$\(p)"
        case .lastWeekday(let w): return "last \(Day.weekdayNames[w - 1].lowercased())"
        case .dayMonth(let d, let m): return "\(d) \(Day.monthNames[m - 1].prefix(3).lowercased())"
        }
    }

    static func number(_ n: NumberSyntax) -> String {
        switch n.kind {
        case .literal(let v): return String(v)
        case .parameter(let p): return "$\(p)"
        }
    }

    static func text(_ t: TextSyntax, bare: Bool = false) -> String {
        switch t.kind {
        case .literal(let s): return bare ? s : quote(s)
        case .parameter(let p): return "$\(p)"
        }
    }

    static func column(_ c: ColumnSyntax) -> String {
        switch c.kind {
        case .attribute(let name): return name.description
        case .measure(let m): return measure(m)
        }
    }

    private static func by(_ groups: [NameSyntax]) -> [String] {
        groups.isEmpty ? [] : [list(["by"] + groups.map(\.description))]
    }

    private static func forPupils(_ p: PupilListSyntax?) -> [String] {
        p.map { ["(for \(pupilList($0)))"] } ?? []
    }

    private static func list(_ parts: [String]) -> String { "(" + parts.joined(separator: " ") + ")" }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
