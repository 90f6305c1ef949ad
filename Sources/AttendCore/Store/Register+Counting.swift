/// What the store answers for the evaluator: counts, streaks and rolling-week maxima of a
/// class of sessions, for a whole set of pupils at a time.
public enum CountTarget: Sendable, Hashable, CustomStringConvertible {
    case markClass(MarkClass)
    case codes([CodeID])
    /// Sessions of a class that fall on the given weekdays only (`absent on fridays`).
    case onWeekdays(MarkClass, Weekdays)

    public var description: String {
        switch self {
        case .markClass(let c): c.description
        case .codes(let cs): "coded " + cs.map(\.code).joined(separator: ",")
        case .onWeekdays(let c, let w): "\(c) on \(w)"
        }
    }
}

extension Register {
    public func matrix(_ t: CountTarget) -> BitMatrix {
        switch t {
        case .markClass(let c): matrix(c)
        case .codes(let cs): matrix(codes: cs)
        case .onWeekdays(let c, let w): matrix(c, on: w)
        }
    }

    /// Sessions of `t` in `sessions` for each member of `set` (others 0).
    public func counts(_ t: CountTarget, _ sessions: Range<Int>, in set: PupilSet) -> [Int32] {
        matrix(t).count(in: set, sessions.lowerBound, sessions.upperBound)
    }

    /// The longest run of consecutive school days in `sessions` on which all of the pupil's
    /// possible sessions were in `t`. Days with no possible session for the pupil (closures,
    /// not on roll, dual registration all day) neither break nor extend a run. For code
    /// targets a day counts when every session the pupil has a counted mark for is coded so.
    public func longestStreak(_ t: CountTarget, _ sessions: Range<Int>, in set: PupilSet) -> [Int32] {
        var out = [Int32](repeating: 0, count: pupilCount)
        let target = matrix(t)
        let possible = matrix(.possible)
        let firstDay = (sessions.lowerBound + 1) >> 1
        let endDay = sessions.upperBound >> 1
        guard firstDay < endDay else { return out }
        set.forEach { p in
            var best = 0, run = 0
            for d in firstDay..<endDay {
                let s = 2 * d
                let pa = possible.get(p, s), pb = possible.get(p, s + 1)
                if !pa && !pb { continue }   // no possible session: neither breaks nor extends
                let ok = (!pa || target.get(p, s)) && (!pb || target.get(p, s + 1))
                if ok { run += 1; if run > best { best = run } } else { run = 0 }
            }
            out[p] = Int32(best)
        }
        return out
    }

    /// The largest count of `t` over any `n` consecutive school weeks among `weeks` (each a
    /// session range), for each member of `set`. Fewer than `n` weeks: the count over all.
    public func maxOverWeeks(_ t: CountTarget, n: Int, weeks: [Range<Int>], in set: PupilSet) -> [Int32] {
        var out = [Int32](repeating: 0, count: pupilCount)
        guard !weeks.isEmpty, n > 0 else { return out }
        let m = matrix(t)
        let span = min(n, weeks.count)
        set.forEach { p in
            var perWeek = weeks.map { m.count(p, $0.lowerBound, $0.upperBound) }
            var sum = perWeek[0..<span].reduce(0, +)
            var best = sum
            if weeks.count > span {
                for i in span..<weeks.count {
                    sum += perWeek[i] - perWeek[i - span]
                    best = max(best, sum)
                }
            }
            perWeek.removeAll()
            out[p] = Int32(best)
        }
        return out
    }

    /// Minutes late summed over `sessions` for each member of `set`.
    public func minutesLate(_ sessions: Range<Int>, in set: PupilSet) -> [Int32]? {
        guard let m = minutesLate else { return nil }
        var out = [Int32](repeating: 0, count: pupilCount)
        set.forEach { p in out[p] = Int32(m.sum(p, sessions.lowerBound, sessions.upperBound)) }
        return out
    }
}
