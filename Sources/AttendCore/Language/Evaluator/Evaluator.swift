
/// Runs bound statements over the store, a whole column of pupils at a time: conditions
/// become ``PupilSet`` bitsets, measures become vectors of counts over the set, and nothing
/// walks the syntax tree pupil by pupil.
public struct Evaluator: Sendable {
    public let register: Register
    public let asOf: Day
    public let bands: Bands
    /// The projections' thresholds (school.conf), for the pupil profile's projection.
    public var projection: ProjectionSettings = .standard
    /// Polled between steps; a long query stops with `CancellationError` when it says so.
    public let cancellation: Cancellation
    /// The actions log and escalation rules the casework measures read.
    public var casework = CaseworkData()

    /// Counts already worked out while running this statement, by class and window: a
    /// condition's counts serve the column that shows them.
    let countCache = CountCache()

    final class CountCache: Sendable {
        struct Key: Hashable { let target: CountTarget; let sessions: Range<Int> }
        let entries = Locked<[Key: (set: PupilSet, counts: [Int32])]>([:])
    }

    /// Sessions of `t` in `sessions` for the members of `set` (entries of non-members are
    /// not to be read).
    func counts(_ t: CountTarget, _ sessions: Range<Int>, in set: PupilSet) -> [Int32] {
        let key = CountCache.Key(target: t, sessions: sessions)
        if let hit = countCache.entries.withLock({ $0[key] }), set.isSubset(of: hit.set) { return hit.counts }
        let c = register.counts(t, sessions, in: set)
        countCache.entries.withLock { $0[key] = (set, c) }
        return c
    }

    public init(register: Register, asOf: Day, bands: Bands = .standard, cancellation: Cancellation = .never) {
        self.register = register
        self.asOf = asOf
        self.bands = bands
        self.cancellation = cancellation
    }

    func checkCancelled() throws(CancellationError) {
        try cancellation.check()
    }

    // MARK: Pupil sets

    /// The pupils a list's base starts from.
    public func base(_ b: PupilBase) throws(CancellationError) -> PupilSet {
        switch b {
        case .onRoll: return register.onRoll(on: asOf)
        case .all: return PupilSet.all(register.pupilCount)
        case .cohort(_, let list): return try pupils(list)
        }
    }

    public func pupils(_ list: BoundPupilList) throws(CancellationError) -> PupilSet {
        var set = try base(list.base)
        for step in list.steps {
            try checkCancelled()
            set = try filter(step, set)
        }
        return set
    }

    /// The members of `set` for which `c` holds.
    public func filter(_ c: BoundCondition, _ set: PupilSet) throws(CancellationError) -> PupilSet {
        try truth(c, set).isTrue
    }

    /// Which members of a set a condition is true for, and which it cannot say: a rate with
    /// no possible sessions, an empty yes/no column. Logic is three-valued (as in SQL), so
    /// `not (rate >= 90%)` does not pick up a pupil who has no rate.
    public struct Truth: Sendable {
        public var isTrue: PupilSet
        public var isUnknown: PupilSet
    }

    func truth(_ c: BoundCondition, _ set: PupilSet) throws(CancellationError) -> Truth {
        let none = PupilSet(capacity: set.capacity)
        switch c {
        case .always:
            return Truth(isTrue: set, isUnknown: none)
        case .and(let parts):
            var t = set, falseSet = none
            for p in parts {
                let r = try truth(p, set)
                t = t.intersection(r.isTrue)
                falseSet = falseSet.union(set.subtracting(r.isTrue).subtracting(r.isUnknown))
            }
            return Truth(isTrue: t, isUnknown: set.subtracting(t).subtracting(falseSet))
        case .or(let parts):
            var t = none, falseSet = set
            for p in parts {
                let r = try truth(p, set)
                t = t.union(r.isTrue)
                falseSet = falseSet.intersection(set.subtracting(r.isTrue).subtracting(r.isUnknown))
            }
            return Truth(isTrue: t, isUnknown: set.subtracting(t).subtracting(falseSet))
        case .not(let inner):
            let r = try truth(inner, set)
            return Truth(isTrue: set.subtracting(r.isTrue).subtracting(r.isUnknown), isUnknown: r.isUnknown)
        case .persistent, .severe, .flag, .oneOf, .isEmpty, .compare, .like, .projection:
            return try leafTruth(c, set)
        }
    }

    /// The conditions that do not nest, kept out of ``truth(_:_:)``, which recurses once per
    /// bracket or `not`: a debug build gives a function one frame for all its cases, and the
    /// deepest condition must run on a 512 KB stack (HostileQueryTests).
    @inline(never)
    func leafTruth(_ c: BoundCondition, _ set: PupilSet) throws(CancellationError) -> Truth {
        let none = PupilSet(capacity: set.capacity)
        // A column the register lacks: no pupil's value is known (noted in the result).
        if absentColumn(c) != nil { return Truth(isTrue: none, isUnknown: set) }
        switch c {
        case .always, .and, .or, .not:
            return try truth(c, set)
        case .projection(let p):
            return try projectionTruth(p, set)
        case .persistent(let w), .severe(let w):
            let severe = if case .severe = c { true } else { false }
            let absent = counts(.markClass(.absent), w.sessions, in: set)
            let possible = counts(.markClass(.possible), w.sessions, in: set)
            var out = none, unknown = none
            set.forEach { p in
                let a = Int(absent[p]), n = Int(possible[p])
                // absence ÷ possible ≥ 10% (50%), exactly; no possible session: no answer.
                if n == 0 { unknown.insert(p) } else if severe ? a * 2 >= n : a * 10 >= n { out.insert(p) }
            }
            return Truth(isTrue: out, isUnknown: unknown)
        case .flag(let attr):
            var out = none, unknown = none
            set.forEach { p in
                switch flagValue(attr, p) {
                case .some(true): out.insert(p)
                case .none: unknown.insert(p)
                default: break
                }
            }
            return Truth(isTrue: out, isUnknown: unknown)
        case .oneOf(let attr, let values, let negated):
            var out = none, unknown = none
            set.forEach { p in
                let v = attributeText(attr, p)
                if attr.unit == .flag && PupilSchema.parseFlag(v.trimmingSpaces()) == nil { unknown.insert(p); return }
                let hit = values.contains { Self.sameValue(attr, v, $0) }
                if hit != negated { out.insert(p) }
            }
            return Truth(isTrue: out, isUnknown: unknown)
        case .like(let attr, let key, let whole):
            return Truth(isTrue: nameMatches(attr, key, in: set, exact: whole), isUnknown: none)
        case .isEmpty(let attr, let negated):
            var out = none
            set.forEach { p in
                if attributeText(attr, p).trimmingSpaces().isEmpty != negated { out.insert(p) }
            }
            return Truth(isTrue: out, isUnknown: none)
        case .compare(let l, let op, let r):
            if let out = try compareWithConstant(l, op, r, set) { return out }
            if let out = try compareSessionsNeeded(l, op, r, set) { return out }
            let lv = try values(l, set), rv = try values(r, set)
            var out = none, unknown = none
            switch (lv, rv) {
            case (.numbers(let a), .numbers(let b)):
                set.forEach { p in
                    guard let x = a[p], let y = b[p] else { unknown.insert(p); return }
                    if op.holdsExact(x, y) { out.insert(p) }
                }
            default:
                set.forEach { p in
                    guard let x = lv.text(p), let y = rv.text(p) else { unknown.insert(p); return }
                    let eq = x.lowercased() == y.lowercased()
                    if (op == .eq && eq) || (op == .ne && !eq) { out.insert(p) }
                }
            }
            return Truth(isTrue: out, isUnknown: unknown)
        }
    }

    /// `rate < 90%`, `unauthorised >= 10`: a count or a rate against a number, compared
    /// pupil by pupil straight from the count vectors (the same exact comparison as the
    /// general path, without a vector of values per side). Nil for anything else.
    func compareWithConstant(_ l: BoundExpr, _ op: CompareOp, _ r: BoundExpr, _ set: PupilSet) throws(CancellationError) -> Truth? {
        guard case .number(let y, _) = r else { return nil }
        try checkCancelled()
        var out = PupilSet(capacity: set.capacity)
        var unknown = PupilSet(capacity: set.capacity)
        switch l {
        case .rate(let w), .absence(let w):
            let isRate = if case .rate = l { true } else { false }
            let top = counts(.markClass(isRate ? .attended : .absent), w.sessions, in: set)
            let possible = counts(.markClass(.possible), w.sessions, in: set)
            set.forEach { p in
                // No possible session: no rate, so the comparison has no answer.
                guard possible[p] > 0 else { unknown.insert(p); return }
                if op.holdsExact(Exact(Int(top[p]) * 100, Int(possible[p])), y) { out.insert(p) }
            }
        case .count(let target, let unit, let w):
            let counts = if let k = w.anyWeeks {
                register.maxOverWeeks(target, n: k, weeks: w.weeks, in: set)
            } else {
                counts(target, w.sessions, in: set)
            }
            let den = unit == .days ? 2 : 1
            set.forEach { p in if op.holdsExact(Exact(Int(counts[p]), den), y) { out.insert(p) } }
        default:
            return nil
        }
        return Truth(isTrue: out, isUnknown: unknown)
    }

    // MARK: Values

    /// One value per pupil (members of `set`; others nil).
    public enum Values: Sendable {
        case numbers([Exact?])
        case texts([String?])

        func text(_ p: Int) -> String? {
            switch self {
            case .texts(let t): t[p]
            case .numbers(let n): n[p].map { ResultFormatter.oneDecimalTrim($0.double) }
            }
        }
    }

    public func values(_ e: BoundExpr, _ set: PupilSet) throws(CancellationError) -> Values {
        try checkCancelled()
        let n = register.pupilCount
        switch e {
        case .number(let d, _):
            return .numbers([Exact?](repeating: d, count: n))
        case .text(let s):
            return .texts([String?](repeating: s, count: n))
        case .count(let target, let unit, let w):
            let counts: [Int32]
            if let k = w.anyWeeks {
                counts = register.maxOverWeeks(target, n: k, weeks: w.weeks, in: set)
            } else {
                counts = self.counts(target, w.sessions, in: set)
            }
            var out = [Exact?](repeating: nil, count: n)
            let den = unit == .days ? 2 : 1
            set.forEach { p in out[p] = Exact(Int(counts[p]), den) }
            return .numbers(out)
        case .rate(let w), .absence(let w):
            let isRate = if case .rate = e { true } else { false }
            let top = counts(.markClass(isRate ? .attended : .absent), w.sessions, in: set)
            let possible = counts(.markClass(.possible), w.sessions, in: set)
            var out = [Exact?](repeating: nil, count: n)
            set.forEach { p in if possible[p] > 0 { out[p] = Exact(Int(top[p]) * 100, Int(possible[p])) } }
            return .numbers(out)
        case .minutesLate(let w):
            let m = register.minutesLate(w.sessions, in: set) ?? []
            var out = [Exact?](repeating: nil, count: n)
            if !m.isEmpty { set.forEach { p in out[p] = Exact(Int(m[p])) } }
            return .numbers(out)
        case .streak(let target, let w):
            let s = register.longestStreak(target, w.sessions, in: set)
            var out = [Exact?](repeating: nil, count: n)
            set.forEach { p in out[p] = Exact(Int(s[p])) }
            return .numbers(out)
        case .band(let w):
            guard case .numbers(let rates) = try values(.rate(w), set) else { return .texts([]) }
            var out = [String?](repeating: nil, count: n)
            set.forEach { p in out[p] = bands.band(of: rates[p]) }
            return .texts(out)
        case .attribute(let a):
            switch a.unit {
            case .plain:
                guard case .column(let c) = a, c.kind == .year else { return .numbers([]) }
                var out = [Exact?](repeating: nil, count: n)
                let years = register.pupils.years[c.slot]
                set.forEach { p in out[p] = Exact(Int(years[p])) }
                return .numbers(out)
            case .date:
                // Dates compare as day numbers; an empty date has no value.
                guard case .column(let c) = a else { return .numbers([]) }
                var out = [Exact?](repeating: nil, count: n)
                let t = register.pupils
                set.forEach { p in out[p] = t.date(c, p).map { Exact(Int($0.number)) } }
                return .numbers(out)
            default:
                var out = [String?](repeating: nil, count: n)
                set.forEach { p in
                    let t = attributeText(a, p)
                    out[p] = t.isEmpty ? nil : t
                }
                return .texts(out)
            }
        case .arithmetic:
            return try sum(e, set)
        case .casework(let c):
            return caseworkValues(c, set)
        case .projection(let p):
            return try projectionValues(p, set)
        }
    }

    /// A sum, a spine down its left side: evaluated in a loop from its first term, not by
    /// recursion (its length is held to the parser's depth limit, but each level of
    /// ``values(_:_:)`` is a large frame).
    @inline(never)
    func sum(_ e: BoundExpr, _ set: PupilSet) throws(CancellationError) -> Values {
        var spine: [(op: BoundExpr.ArithmeticOp, right: BoundExpr)] = []
        var first = e
        while case .arithmetic(let l, let op, let r) = first {
            spine.append((op, r))
            first = l
        }
        guard case .numbers(var out) = try values(first, set) else { return .numbers([]) }
        for (op, right) in spine.reversed() {
            guard case .numbers(let b) = try values(right, set) else { return .numbers([]) }
            set.forEach { p in
                guard let x = out[p], let y = b[p] else { out[p] = nil; return }
                out[p] = op == .plus ? x + y : x - y
            }
        }
        return .numbers(out)
    }

    // MARK: Attributes

    /// An attribute as text: `R`/`9` for year, `E` for send, `Y`/`N` for flags, ISO dates.
    public func attributeText(_ a: PupilAttribute, _ p: Int) -> String {
        Self.attributeText(a, p, in: register.pupils)
    }

    /// An attribute's text from a pupils table the caller holds (a list reads many pupils'
    /// attributes from one table).
    static func attributeText(_ a: PupilAttribute, _ p: Int, in t: borrowing PupilTable) -> String {
        switch a {
        case .column(let c): return t.text(c, p)
        case .name: return t.displayName(p)
        case .extra(let i, _): return t.extraColumns[i].values[p]
        }
    }

    func flagValue(_ a: PupilAttribute, _ p: Int) -> Bool? {
        switch a {
        case .column(let c): return register.pupils.flag(c, p)
        case .extra(let i, _): return PupilSchema.parseFlag(register.pupils.extraColumns[i].values[p].trimmingSpaces())
        case .name: return nil
        }
    }

    /// Whether attribute text `v` is the value `w` written in a query: case-insensitive;
    /// flags accept every yes/no spelling; year accepts `R`/`Reception`.
    static func sameValue(_ a: PupilAttribute, _ v: String, _ w: String) -> Bool {
        switch a.unit {
        case .flag:
            guard let x = PupilSchema.parseFlag(v), let y = PupilSchema.parseFlag(w) else { return false }
            return x == y
        case .plain:
            guard let x = PupilSchema.parseYear(v), let y = PupilSchema.parseYear(w) else { return false }
            return x == y
        case .date:
            return Day(parsing: v) != nil && Day(parsing: v) == Day(parsing: w)
        default:
            return v.lowercased() == w.lowercased()
        }
    }
}

extension CompareOp {
    func holdsExact(_ a: Exact, _ b: Exact) -> Bool {
        switch self {
        case .lt: a < b
        case .le: a <= b
        case .gt: a > b
        case .ge: a >= b
        case .eq: a == b
        case .ne: a != b
        }
    }
}
