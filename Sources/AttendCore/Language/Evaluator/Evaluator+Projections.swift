/// Projections (Docs/casework.md, "Projections"): each pupil's year to date, carried on
/// over the school sessions left (``RestOfYear``), worked out exactly so that every figure
/// can be checked by hand:
///
/// - A, P, X: sessions attended, possible and absent this academic year up to and
///   including the as-of date; R: the school sessions left while the pupil is on roll
///   (every one assumed possible); T = P + R.
/// - `sessions needed for r%`: the least x, 0 ≤ x ≤ R, with (A + x) ÷ T ≥ r%; when even
///   x = R falls short, `not reachable` (no number: a condition on it is unknown).
/// - `projected rate from last N weeks`: (A + R × a ÷ p) ÷ T, where a ÷ p is the rate of
///   the last N school weeks; no value when those weeks had no possible session.
/// - `cannot avoid PA`: X ÷ T ≥ 10% (attending every session left keeps X as it is).
/// - `at risk`: A ÷ P under the school's bound (92%) and a ÷ p under A ÷ P.
extension Evaluator {
    /// One pupil's figures for the projections.
    public struct ProjectionFigures: Sendable, Hashable {
        public var attended: Int
        public var possible: Int
        public var absent: Int
        public var remaining: Int

        public init(attended: Int, possible: Int, absent: Int, remaining: Int) {
            self.attended = attended
            self.possible = possible
            self.absent = absent
            self.remaining = remaining
        }

        /// Possible sessions in the whole year: done and to come.
        public var total: Int { possible + remaining }

        public enum Needed: Sendable, Hashable {
            case sessions(Int)
            case notReachable
        }

        /// Sessions to attend of those left to finish the year at `rate` or above; nil
        /// when the pupil has no session this year at all.
        public func needed(for rate: Exact) -> Needed? {
            guard total > 0 else { return nil }
            // (A + x) × 100 × d ≥ n × T, with rate = n ÷ d.
            let top = Int128(rate.numerator) * Int128(total) - Int128(attended) * 100 * Int128(rate.denominator)
            let per = 100 * Int128(rate.denominator)
            let x = top <= 0 ? 0 : Int((top + per - 1) / per)
            return x > remaining ? .notReachable : .sessions(x)
        }

        /// The year's rate if the rate `recentAttended ÷ recentPossible` carried on over
        /// the sessions left.
        public func projectedRate(recentAttended a: Int, recentPossible p: Int) -> Exact? {
            guard total > 0 else { return nil }
            if remaining == 0 { return Exact(attended * 100, total) }
            guard p > 0 else { return nil }
            return Exact((attended * p + remaining * a) * 100, p * total)
        }

        /// Absence of 10% or more of the year even attending every session left.
        public var cannotAvoidPA: Bool? {
            guard total > 0 else { return nil }
            return Exact(absent * 100, total) >= Projection.persistentAbsence
        }

        /// The year's rate so far.
        public var rate: Exact? { possible > 0 ? Exact(attended * 100, possible) : nil }

        /// Under `below` this year and the recent rate under the year's.
        public func atRisk(below: Exact, recentAttended a: Int, recentPossible p: Int) -> Bool? {
            guard let rate, p > 0 else { return nil }
            return rate < below && Exact(a * 100, p) < rate
        }
    }

    /// The figures of each member of `set` for a projection over `year` and `rest`.
    func projectionFigures(year: BoundWindow, rest: RestOfYear, _ set: PupilSet) -> [ProjectionFigures?] {
        let attended = counts(.markClass(.attended), year.sessions, in: set)
        let possible = counts(.markClass(.possible), year.sessions, in: set)
        let absent = counts(.markClass(.absent), year.sessions, in: set)
        var out = [ProjectionFigures?](repeating: nil, count: register.pupilCount)
        set.forEach { p in
            out[p] = ProjectionFigures(attended: Int(attended[p]), possible: Int(possible[p]), absent: Int(absent[p]),
                                       remaining: rest.sessions(onRollFrom: register.onRollFrom[p], until: register.onRollUntil[p]))
        }
        return out
    }

    /// A projection's value for each member of `set`: a number (sessions, a rate), or
    /// `yes`/`no`; nil where there is none (and for `not reachable`).
    func projectionValues(_ projection: Projection, _ set: PupilSet, reachability: Bool = false) throws(CancellationError) -> Values {
        try checkCancelled()
        let figures = projectionFigures(year: projection.year, rest: projection.rest, set)
        let n = register.pupilCount
        switch projection.kind {
        case .sessionsNeeded(let rate):
            if reachability {
                var out = [String?](repeating: nil, count: n)
                set.forEach { p in
                    switch figures[p]?.needed(for: rate) {
                    case .sessions(let x): out[p] = String(x)
                    case .notReachable: out[p] = Self.notReachable
                    case nil: break
                    }
                }
                return .texts(out)
            }
            var out = [Exact?](repeating: nil, count: n)
            set.forEach { p in if case .sessions(let x) = figures[p]?.needed(for: rate) { out[p] = Exact(x) } }
            return .numbers(out)
        case .sessionsRemaining:
            var out = [Exact?](repeating: nil, count: n)
            set.forEach { p in out[p] = figures[p].map { Exact($0.remaining) } }
            return .numbers(out)
        case .projectedRate(let recent):
            let a = counts(.markClass(.attended), recent.sessions, in: set)
            let q = counts(.markClass(.possible), recent.sessions, in: set)
            var out = [Exact?](repeating: nil, count: n)
            set.forEach { p in out[p] = figures[p]?.projectedRate(recentAttended: Int(a[p]), recentPossible: Int(q[p])) }
            return .numbers(out)
        case .atRisk, .cannotAvoidPA:
            let truth = try projectionTruth(projection, set)
            var out = [String?](repeating: nil, count: n)
            set.forEach { p in
                if truth.isTrue.contains(p) { out[p] = "yes" } else if !truth.isUnknown.contains(p) { out[p] = "no" }
            }
            return .texts(out)
        }
    }

    /// `sessions needed > 60`, `50 <= sessions needed for 95%`: `not reachable` is more
    /// than every number, so a pupil who cannot reach the rate is in `>`, `>=` and `!=` and
    /// not in `<`, `<=` and `=` (never silently left out of "who needs the most"). Nil
    /// for anything but `sessions needed` alone against a constant.
    func compareSessionsNeeded(_ l: BoundExpr, _ op: CompareOp, _ r: BoundExpr, _ set: PupilSet) throws(CancellationError) -> Truth? {
        var (measure, constant, op) = (l, r, op)
        if case .number = l {
            (measure, constant) = (r, l)
            switch op {
            case .lt: op = .gt
            case .le: op = .ge
            case .gt: op = .lt
            case .ge: op = .le
            case .eq, .ne: break
            }
        }
        guard case .projection(let p) = measure, case .sessionsNeeded(let rate) = p.kind, case .number(let y, _) = constant else { return nil }
        try checkCancelled()
        let figures = projectionFigures(year: p.year, rest: p.rest, set)
        var yes = PupilSet(capacity: set.capacity), unknown = PupilSet(capacity: set.capacity)
        set.forEach { i in
            switch figures[i]?.needed(for: rate) {
            case .sessions(let x): if op.holdsExact(Exact(x), y) { yes.insert(i) }
            case .notReachable: if op == .gt || op == .ge || op == .ne { yes.insert(i) }
            case nil: unknown.insert(i)
            }
        }
        return Truth(isTrue: yes, isUnknown: unknown)
    }

    /// What a pupil's `sessions needed` shows when attending every session left is not enough.
    public static let notReachable = "not reachable"

    /// Which members of `set` a yes/no projection holds for, and which it cannot say.
    func projectionTruth(_ projection: Projection, _ set: PupilSet) throws(CancellationError) -> Truth {
        try checkCancelled()
        let figures = projectionFigures(year: projection.year, rest: projection.rest, set)
        var yes = PupilSet(capacity: set.capacity), unknown = PupilSet(capacity: set.capacity)
        switch projection.kind {
        case .atRisk(let below, let recent):
            let a = counts(.markClass(.attended), recent.sessions, in: set)
            let q = counts(.markClass(.possible), recent.sessions, in: set)
            set.forEach { p in
                switch figures[p]?.atRisk(below: below, recentAttended: Int(a[p]), recentPossible: Int(q[p])) {
                case .some(true): yes.insert(p)
                case .some(false): break
                case nil: unknown.insert(p)
                }
            }
        case .cannotAvoidPA:
            set.forEach { p in
                switch figures[p]?.cannotAvoidPA {
                case .some(true): yes.insert(p)
                case .some(false): break
                case nil: unknown.insert(p)
                }
            }
        default:
            unknown = set
        }
        return Truth(isTrue: yes, isUnknown: unknown)
    }

    // MARK: Notes

    /// The notes a result with projections carries: how the rest of the year was counted,
    /// and how many listed pupils cannot reach the rate.
    func projectionNotes(_ s: BoundStatement, _ t: ResultTable) -> [String] {
        var found: [Projection] = []
        func expr(_ e: BoundExpr) {
            switch e {
            case .projection(let p): found.append(p)
            case .arithmetic(let l, _, let r): expr(l); expr(r)
            default: break
            }
        }
        func condition(_ c: BoundCondition) {
            switch c {
            case .projection(let p): found.append(p)
            case .compare(let l, _, let r): expr(l); expr(r)
            case .and(let cs), .or(let cs): cs.forEach(condition)
            case .not(let x): condition(x)
            default: break
            }
        }
        func list(_ l: BoundPupilList) {
            if case .cohort(_, let inner) = l.base { list(inner) }
            l.steps.forEach(condition)
        }
        switch s {
        case .pupils(let l, let columns, _, let sort, _):
            list(l); columns.forEach { expr($0.expr) }; sort.compactMap(\.item).forEach { expr($0.expr) }
        case .countPupils(let l, _, _, _), .letCohort(_, let l):
            list(l)
        default:
            break
        }
        guard let first = found.first else { return [] }
        var notes = ["the rest of the year: " + first.rest.explanation]
        if let end = first.rest.end, end.month >= 9 || end.month < 6, case .calendarFile = first.rest.source {
            notes.append("calendar.csv's \(Period.yearLabel(first.year.from.academicYear)) ends on \(end.shortEnglish): projections run to that day")
        }
        for (i, c) in t.columns.enumerated() where c.name.hasPrefix("sessions needed for ") {
            let n = t.rows.filter { $0[i] == .text(Self.notReachable) }.count
            guard n > 0 else { continue }
            let rate = c.name.dropFirst("sessions needed for ".count)
            notes.append("\(NumberText.grouped(n)) pupil\(n == 1 ? "" : "s") cannot reach \(rate) this year even attending every session left: `\(Self.notReachable)`")
        }
        return notes
    }
}

extension Explainer {
    /// A projection in words, with the arithmetic a lead can redo by hand.
    static func projectionPhrase(_ p: Projection) -> String {
        "\(p.heading) (\(projectionDefinition(p)))"
    }

    static func projectionDefinition(_ p: Projection) -> String {
        let year = "this year to date (\(windowPhrase(p.year)))"
        let rest = "the sessions left (\(p.rest.explanation); each counted while the pupil is on roll)"
        switch p.kind {
        case .sessionsNeeded(let r):
            let rate = Projection.percentText(r)
            return "the least of \(rest) that brings attended ÷ possible over the whole year to \(rate)% (attended and possible \(year)); `not reachable` when attending every one falls short"
        case .sessionsRemaining:
            return rest
        case .projectedRate(let w):
            return "(attended + sessions left × rate \(preposition(w)) \(windowPhrase(w))) ÷ (possible + sessions left), attended and possible \(year), over \(rest)"
        case .atRisk(let below, let w):
            return "rate \(year) under \(ResultFormatter.oneDecimalTrim(below.double))% and rate \(preposition(w)) \(windowPhrase(w)) under it"
        case .cannotAvoidPA:
            return "absent \(year) ÷ (possible + \(rest)) is 10% or more"
        }
    }
}
