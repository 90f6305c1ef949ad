/// `explain`: says a statement's meaning back in plain words with the resolved dates and,
/// per step, how many pupils remain:
///
///     pupils on roll on 23 Jan 2026 (7)
///       → rate under 90% over Autumn term 2025-09-03..2025-12-19 (4)
///       → at least 10 unauthorised sessions in the 10 school weeks 2025-11-03..2026-01-23 (2)
struct Explainer {
    let evaluator: Evaluator

    func explain(_ s: BoundStatement) throws(CancellationError) -> [String] {
        var lines: [String] = []
        switch s {
        case .pupils(let list, _, _, _, _), .letCohort(_, let list):
            lines += try steps(list)
        case .countPupils(let list, let by, _, _):
            lines += try steps(list)
            lines.append("  → counted\(by.map { " by \($0)" } ?? "")")
        case .groupMeasure(let item, let by, let list, _, _):
            lines += try steps(list)
            if let w = item.expr.window {
                lines.append("  → those with a possible session over \(Self.windowPhrase(w)) (\(NumberText.grouped(try withPossible(list, w))))")
            }
            lines.append("  → \(Self.measurePhrase(item.expr)) for each \(by), as a group: the sum over its pupils (not an average of their rates)")
        case .summary(let by, let w, let list, _, _):
            lines += try steps(list)
            lines.append("  → those with a possible session over \(Self.windowPhrase(w)) (\(NumberText.grouped(try withPossible(list, w))))")
            lines.append("  → possible, present, AEA, authorised, unauthorised, rate and persistent absence\(by.map { " for each \($0)" } ?? ""), group rates as sums over pupils")
        case .absenceByWeekday(let w, let list):
            lines += try steps(list)
            lines.append("  → absence by day of the week over \(Self.windowPhrase(w))")
        case .codes(let w, let list, _, _):
            lines += try steps(list)
            lines.append("  → how often each code was used over \(Self.windowPhrase(w))")
        case .pupilProfile(let p, let w):
            lines.append("the profile of pupil \(evaluator.register.pupils.upn[p]) over \(Self.windowPhrase(w)): rates by half-term, code counts and a week-by-week grid of marks")
        case .periodSeries(let series):
            lines += try steps(series.list)
            lines += periodLines(series)
        case .sideBySide(let side):
            lines += try steps(side.list)
            lines += sideBySideLines(side)
        case .explain(let inner):
            lines += try explain(inner)
        case .actions(let q, _, _):
            if let l = q.list { lines += try steps(l) }
            lines.append("  → \(Self.actionsPhrase(q))")
        }
        var defaults = Set<String>()
        Self.defaultWindows(of: s, &defaults)
        for d in defaults.sorted() { lines.append("  (no window was given, so the default applies: \(d))") }
        lines.append("as of \(evaluator.asOf.shortEnglish) (\(evaluator.asOf.iso))")
        return lines
    }

    static func defaultWindows(of s: BoundStatement, _ out: inout Set<String>) {
        func list(_ l: BoundPupilList) {
            for step in l.steps { defaultWindows(step, &out) }
            if case .cohort(_, let inner) = l.base { list(inner) }
        }
        switch s {
        case .pupils(let l, _, _, _, _), .letCohort(_, let l), .countPupils(let l, _, _, _): list(l)
        case .groupMeasure(let item, _, let l, _, _):
            list(l)
            if let w = item.expr.window, w.isDefault { out.insert(windowPhrase(w)) }
        case .summary(_, let w, let l, _, _), .codes(let w, let l, _, _), .absenceByWeekday(let w, let l):
            list(l)
            if w.isDefault { out.insert(windowPhrase(w)) }
        case .pupilProfile(_, let w): if w.isDefault { out.insert(windowPhrase(w)) }
        case .periodSeries(let series):
            list(series.list)
            if series.window.isDefault { out.insert(windowPhrase(series.window)) }
        case .sideBySide(let side): list(side.list)
        case .explain(let inner): defaultWindows(of: inner, &out)
        case .actions(let q, _, _): if let l = q.list { list(l) }
        }
    }

    /// How many of a list's pupils had a possible session in the window.
    func withPossible(_ list: BoundPupilList, _ w: BoundWindow) throws(CancellationError) -> Int {
        let set = try evaluator.pupils(list)
        let m = evaluator.register.matrix(.possible)
        var n = 0
        set.forEach { p in if m.count(p, w.sessions.lowerBound, w.sessions.upperBound) > 0 { n += 1 } }
        return n
    }

    func steps(_ list: BoundPupilList) throws(CancellationError) -> [String] {
        var lines: [String] = []
        var set = try evaluator.base(list.base)
        switch list.base {
        case .onRoll: lines.append("pupils on roll on \(evaluator.asOf.shortEnglish) (\(NumberText.grouped(set.count)))")
        case .all: lines.append("all pupils, including leavers and those not yet admitted (\(NumberText.grouped(set.count)))")
        case .cohort(let name, let inner):
            lines.append("the cohort \(name):")
            lines += try steps(inner).map { "  " + $0 }
        }
        for step in list.steps {
            set = try evaluator.filter(step, set)
            lines.append("  → \(Self.conditionPhrase(step)) (\(NumberText.grouped(set.count)))")
        }
        return lines
    }

    static func defaultWindows(_ c: BoundCondition, _ out: inout Set<String>) {
        switch c {
        case .compare(let l, _, let r):
            for m in l.measures + r.measures { if let w = m.window, w.isDefault { out.insert(windowPhrase(w)) } }
        case .persistent(let w), .severe(let w):
            if w.isDefault { out.insert(windowPhrase(w)) }
        case .and(let cs), .or(let cs): for x in cs { defaultWindows(x, &out) }
        case .not(let x): defaultWindows(x, &out)
        default: break
        }
    }

    static func windowPhrase(_ w: BoundWindow) -> String { w.explanation }

    /// "in the 10 school weeks …", "on today, …", "over Autumn term …".
    static func preposition(_ w: BoundWindow) -> String {
        if w.label.hasPrefix("last ") && w.label.hasSuffix("weeks") || w.label.hasSuffix(" week") && w.label.hasPrefix("last ") { return "in" }
        if w.from == w.through { return "on" }
        return "over"
    }

    static func conditionPhrase(_ c: BoundCondition) -> String {
        switch c {
        case .always: return "everyone"
        case .persistent(let w): return "persistently absent (absence of 10% or more of possible sessions) over \(windowPhrase(w))"
        case .severe(let w): return "severely absent (absence of 50% or more of possible sessions) over \(windowPhrase(w))"
        case .flag(let a): return "\(a) is yes"
        case .oneOf(let a, let vs, let negated):
            if vs.count == 1 { return "\(a) \(negated ? "is not" : "is") \(vs[0])" }
            return "\(a) \(negated ? "not " : "")in (\(vs.joined(separator: ", ")))"
        case .isEmpty(let a, let negated): return "\(a) is \(negated ? "not " : "")empty"
        case .like(let a, let key, let whole): return "\(a) \(whole ? "is" : "contains") \"\(key)\" (compared without case, accents, spaces or punctuation)"
        case .and(let cs): return cs.map { conditionPhrase($0) }.joined(separator: " and ")
        case .or(let cs): return "(" + cs.map { conditionPhrase($0) }.joined(separator: " or ") + ")"
        case .not(let x): return "not (\(conditionPhrase(x)))"
        case .compare(let l, let op, let r):
            return comparePhrase(l, op, r)
        case .projection(let p):
            return projectionPhrase(p)
        }
    }

    static func opPhrase(_ op: CompareOp) -> String {
        switch op {
        case .lt: "under"
        case .le: "at most"
        case .gt: "more than"
        case .ge: "at least"
        case .eq: "exactly"
        case .ne: "other than"
        }
    }

    static func comparePhrase(_ l: BoundExpr, _ op: CompareOp, _ r: BoundExpr) -> String {
        // `at least 10 unauthorised sessions in the 10 school weeks …`
        if case .count(let t, let unit, let w) = l, case .number(let v, _) = r {
            let n = ResultFormatter.oneDecimalTrim(v.double)
            let what = unit == .days ? "day\(n == "1" ? "" : "s")" : "session\(n == "1" ? "" : "s")"
            let noun: String
            switch t {
            case .markClass(let c): noun = "\(c.description) \(what)"
            case .codes(let cs): noun = "\(what) coded \(cs.shownCodes.joined(separator: ", "))"
            case .onWeekdays(let c, let d): noun = "\(c.description) \(what) on \(d.capitalised)"
            }
            if let k = w.anyWeeks { return "\(opPhrase(op)) \(n) \(noun) in some run of \(k) consecutive school weeks of \(windowPhrase(w))" }
            return "\(opPhrase(op)) \(n) \(noun) \(Self.preposition(w)) \(windowPhrase(w))"
        }
        if case .number(let v, _) = r, let w = l.window, l.measures.count == 1 {
            switch l {
            case .rate: return "rate \(opPhrase(op)) \(ResultFormatter.oneDecimalTrim(v.double))% \(preposition(w)) \(windowPhrase(w))"
            case .absence: return "absence \(opPhrase(op)) \(ResultFormatter.oneDecimalTrim(v.double))% \(preposition(w)) \(windowPhrase(w))"
            case .minutesLate: return "\(opPhrase(op)) \(ResultFormatter.oneDecimalTrim(v.double)) minutes late \(preposition(w)) \(windowPhrase(w))"
            default: break
            }
        }
        if case .streak(let t, let w) = l, case .number(let v, _) = r {
            return "a run of \(opPhrase(op)) \(ResultFormatter.oneDecimalTrim(v.double)) consecutive school days all \(t.description) over \(windowPhrase(w)) (closure days neither break nor extend a run)"
        }
        return "\(exprPhrase(l)) \(opPhrase(op)) \(exprPhrase(r))"
    }

    static func measurePhrase(_ e: BoundExpr) -> String {
        switch e {
        case .rate: "attendance rate (attended ÷ possible)"
        case .absence: "absence rate (absent ÷ possible)"
        case .count(.markClass(let c), let u, _): "\(c) \(u == .days ? "days" : "sessions")"
        case .count(let t, let u, _): "\(u == .days ? "days" : "sessions") \(t)"
        case .minutesLate: "minutes late"
        case .streak(let t, _): "longest \(t) streak in days"
        case .band: "band"
        default: exprPhrase(e)
        }
    }

    /// An operand in words; a sum in a loop along its left side, not by recursion.
    static func exprPhrase(_ e: BoundExpr) -> String {
        guard case .arithmetic = e else { return termPhrase(e) }
        var spine: [(op: BoundExpr.ArithmeticOp, right: BoundExpr)] = []
        var first = e
        while case .arithmetic(let l, let op, let r) = first {
            spine.append((op, r))
            first = l
        }
        var text = termPhrase(first)
        for (op, right) in spine.reversed() { text += " \(op.rawValue) " + exprPhrase(right) }
        return text
    }

    @inline(never)
    static func termPhrase(_ e: BoundExpr) -> String {
        switch e {
        case .number(let v, let u):
            let n = ResultFormatter.oneDecimalTrim(v.double)
            switch u {
            case .percent: return "\(n)%"
            case .days: return "\(n) days"
            case .sessions: return "\(n) sessions"
            case .minutes: return "\(n) minutes"
            default: return n
            }
        case .text(let s): return "\"\(s)\""
        case .attribute(let a): return a.description
        case .arithmetic: return exprPhrase(e)
        case .rate(let w): return "rate over \(windowPhrase(w))"
        case .absence(let w): return "absence over \(windowPhrase(w))"
        case .band(let w): return "band over \(windowPhrase(w))"
        case .minutesLate(let w): return "minutes late over \(windowPhrase(w))"
        case .streak(let t, let w): return "longest \(t) streak over \(windowPhrase(w))"
        case .count(let t, let u, let w):
            return "\(u == .days ? "days" : "sessions") \(t) \(w.anyWeeks.map { "in any \($0) school weeks of " } ?? "over ")\(windowPhrase(w))"
        case .casework(let c): return caseworkPhrase(c)
        case .projection(let p): return projectionPhrase(p)
        }
    }
}
