/// Totals period by period for a set of pupils, for grouping by time (`rate by week`): for
/// each period (a session range), how many members had a possible session in it, their
/// possible sessions, and their sessions of a class (summed over those members only).
public struct PeriodTotals: Sendable, Equatable {
    public var pupils: [Int]
    public var possible: [Int]
    public var counted: [Int]
}

extension Register {
    /// Totals of `target` period by period. A class of marks (every class is within
    /// `possible`, so a pupil with no possible session in a period adds nothing to it) is
    /// summed column-wise: each word of each member's row is added into bit-sliced counters,
    /// one counter per session, and a period's total is the sum of its sessions' counters.
    /// Pupils are counted per period by exception: every member counts in every period in
    /// which the set has a possible session, except where the member lacks one; only the
    /// periods touching a word in which the member misses some of the set's possible
    /// sessions (a leaver's weeks, a week with a not-counted mark) are looked at. A set of
    /// codes, which may lie outside `possible`, is summed pupil by pupil.
    public func periodTotals(_ target: CountTarget, periods: [Range<Int>], in set: PupilSet) -> PeriodTotals {
        guard case .markClass = target else { return periodTotalsByPupil(matrix(target), periods: periods, in: set) }
        let n = periods.count
        var out = PeriodTotals(pupils: [Int](repeating: 0, count: n), possible: [Int](repeating: 0, count: n),
                               counted: [Int](repeating: 0, count: n))
        let possible = matrix(.possible), counted = matrix(target)
        let nonEmpty = periods.filter { !$0.isEmpty }
        guard let lo = nonEmpty.map(\.lowerBound).min(), let hi = nonEmpty.map(\.upperBound).max(), possible.rows > 0 else { return out }
        let wLo = lo >> 6, wHi = (hi - 1) >> 6, words = wHi - wLo + 1
        let wpr = possible.wordsPerRow
        // Each period as (word, mask) pairs, flattened: segments[k]..<segments[k + 1]; and
        // the periods touching each word of the window.
        let (segments, wordIndex, masks) = Self.wordMasks(periods)
        var periodsOfWord = [[Int32]](repeating: [], count: words)
        var inPeriods = [UInt64](repeating: 0, count: words)
        for k in periods.indices {
            for j in segments[k]..<segments[k + 1] {
                periodsOfWord[wordIndex[j] - wLo].append(Int32(k))
                inPeriods[wordIndex[j] - wLo] |= masks[j]
            }
        }
        // Every pupil (the default of grouped statements): the sessions' totals are an index,
        // worked out once per class; only the pupils per period are counted here.
        let everyone = set.count == pupilCount
        let cachedPossible = everyone ? sessionTotals(.possible) : nil
        let cachedCounted: [Int]? = if everyone, case .markClass(let c) = target { sessionTotals(c) } else { nil }
        let addCounts = cachedPossible == nil || cachedCounted == nil
        // Planes of the bit-sliced counters: enough bits for every member.
        let planes = max(5, Int.bitWidth - set.capacity.leadingZeroBitCount + 1)
        var possibleCounters = [UInt64](repeating: 0, count: words * planes)
        var countedCounters = possibleCounters
        // Sessions in which some member had a possible session (within the periods).
        var union = [UInt64](repeating: 0, count: words)
        // Members lacking any possible session in each period, and the last member checked
        // for each period (a period over two words is checked once).
        var lacking = [Int](repeating: 0, count: n)
        var checked = [Int](repeating: -1, count: n)
        possible.words.withUnsafeBufferPointer { pw in
            counted.words.withUnsafeBufferPointer { cw in
                let pBase = pw.baseAddress!, cBase = cw.baseAddress!
                union.withUnsafeMutableBufferPointer { u in
                    inPeriods.withUnsafeBufferPointer { m in
                        set.forEach { p in
                            let row = pBase + p * wpr + wLo
                            for w in 0..<words { u[w] |= row[w] & m[w] }
                        }
                    }
                    possibleCounters.withUnsafeMutableBufferPointer { pc in
                        countedCounters.withUnsafeMutableBufferPointer { cc in
                            wordIndex.withUnsafeBufferPointer { wi in
                                masks.withUnsafeBufferPointer { mk in
                                    set.forEach { p in
                                        let row = pBase + p * wpr
                                        let prow = row + wLo, crow = cBase + p * wpr + wLo
                                        for w in 0..<words {
                                            let x = prow[w]
                                            if x & u[w] != u[w] {
                                                // Some of the set's possible sessions missing here:
                                                // the periods touching this word, one by one.
                                                for k32 in periodsOfWord[w] {
                                                    let k = Int(k32)
                                                    if checked[k] == p { continue }
                                                    checked[k] = p
                                                    var any: UInt64 = 0
                                                    for j in segments[k]..<segments[k + 1] { any |= row[wi[j]] & mk[j] }
                                                    if any == 0 { lacking[k] += 1 }
                                                }
                                            }
                                            // Add x and the counted word into the counters of word w.
                                            if addCounts {
                                                Self.addToCounters(x, pc.baseAddress! + w * planes)
                                                Self.addToCounters(crow[w], cc.baseAddress! + w * planes)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Per-session totals from the counters, then per period.
        func perSession(_ counters: [UInt64]) -> [Int] {
            var totals = [Int](repeating: 0, count: words * 64)
            for w in 0..<words {
                for j in 0..<planes {
                    var bits = counters[w * planes + j]
                    while bits != 0 {
                        totals[w * 64 + bits.trailingZeroBitCount] += 1 << j
                        bits &= bits - 1
                    }
                }
            }
            return totals
        }
        let possibleBySession: [Int], countedBySession: [Int]
        if let a = cachedPossible, let c = cachedCounted {
            possibleBySession = Array(a[(wLo * 64)..<min(a.count, (wHi + 1) * 64)]) + [Int](repeating: 0, count: max(0, (wHi + 1) * 64 - a.count))
            countedBySession = Array(c[(wLo * 64)..<min(c.count, (wHi + 1) * 64)]) + [Int](repeating: 0, count: max(0, (wHi + 1) * 64 - c.count))
        } else {
            possibleBySession = perSession(possibleCounters)
            countedBySession = perSession(countedCounters)
        }
        let members = set.count
        for (k, r) in periods.enumerated() where !r.isEmpty {
            var a = 0, c = 0, any = false
            for s in r {
                a += possibleBySession[s - wLo * 64]
                c += countedBySession[s - wLo * 64]
                if union[(s >> 6) - wLo] & (1 << UInt64(s & 63)) != 0 { any = true }
            }
            out.possible[k] = a
            out.counted[k] = c
            out.pupils[k] = any ? members - lacking[k] : 0
        }
        return out
    }

    /// Each session's count of class `c` over every pupil: the column sums of its matrix,
    /// made on first use with the bit-sliced counters and kept (an index of the store).
    public func sessionTotals(_ c: MarkClass) -> [Int] {
        if let t = indexes.withLock({ $0.sessionTotals[c] }) { return t }
        let m = matrix(c)
        let wpr = m.wordsPerRow
        let planes = max(5, Int.bitWidth - pupilCount.leadingZeroBitCount + 1)
        var counters = [UInt64](repeating: 0, count: wpr * planes)
        m.words.withUnsafeBufferPointer { mw in
            counters.withUnsafeMutableBufferPointer { cp in
                for p in 0..<m.rows {
                    let row = mw.baseAddress! + p * wpr
                    for w in 0..<wpr { Self.addToCounters(row[w], cp.baseAddress! + w * planes) }
                }
            }
        }
        var totals = [Int](repeating: 0, count: sessionCount)
        for w in 0..<wpr {
            for j in 0..<planes {
                var bits = counters[w * planes + j]
                while bits != 0 {
                    let s = w * 64 + bits.trailingZeroBitCount
                    if s < totals.count { totals[s] += 1 << j }
                    bits &= bits - 1
                }
            }
        }
        indexes.withLock { $0.sessionTotals[c] = totals }
        return totals
    }

    /// Adds one to the counter of each session whose bit is set in `x`: bit-sliced counters,
    /// plane `j` holding bit `j` of every session's count. The four low planes are added
    /// without a branch (a loop that stops when nothing carries runs as long as the longest
    /// carry among 64 counters: about seven steps a word); higher planes as needed.
    @inline(__always)
    static func addToCounters(_ x: UInt64, _ c: UnsafeMutablePointer<UInt64>) {
        var carry = x
        var t = c[0] & carry; c[0] ^= carry; carry = t
        t = c[1] & carry; c[1] ^= carry; carry = t
        t = c[2] & carry; c[2] ^= carry; carry = t
        t = c[3] & carry; c[3] ^= carry; carry = t
        var j = 4
        while carry != 0 { t = c[j] & carry; c[j] ^= carry; carry = t; j += 1 }
    }

    /// The same totals pupil by pupil: for each member and period, a popcount of the
    /// period's words (worked out once). For sets of codes; tests check the column-wise
    /// totals against it.
    public func periodTotalsByPupil(_ counted: BitMatrix, periods: [Range<Int>], in set: PupilSet) -> PeriodTotals {
        let n = periods.count
        var out = PeriodTotals(pupils: [Int](repeating: 0, count: n), possible: [Int](repeating: 0, count: n),
                               counted: [Int](repeating: 0, count: n))
        let possible = matrix(.possible)
        guard n > 0, possible.rows > 0 else { return out }
        let (segments, wordIndex, masks) = Self.wordMasks(periods)
        let wpr = possible.wordsPerRow
        precondition(counted.wordsPerRow == wpr, "matrices of one register")
        var pupils = out.pupils, poss = out.possible, top = out.counted
        possible.words.withUnsafeBufferPointer { pw in
            counted.words.withUnsafeBufferPointer { cw in
                wordIndex.withUnsafeBufferPointer { wi in
                    masks.withUnsafeBufferPointer { mk in
                        segments.withUnsafeBufferPointer { sg in
                            set.forEach { p in
                                let prow = pw.baseAddress! + p * wpr, crow = cw.baseAddress! + p * wpr
                                for k in 0..<n {
                                    var a = 0, c = 0
                                    for j in sg[k]..<sg[k + 1] {
                                        a &+= (prow[wi[j]] & mk[j]).nonzeroBitCount
                                        c &+= (crow[wi[j]] & mk[j]).nonzeroBitCount
                                    }
                                    if a > 0 {
                                        pupils[k] &+= 1
                                        poss[k] &+= a
                                        top[k] &+= c
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        out.pupils = pupils
        out.possible = poss
        out.counted = top
        return out
    }

    /// Each period (a session range) as (word, mask) pairs of a bit matrix row, flattened:
    /// period `k` is pairs `segments[k]..<segments[k + 1]` (none for an empty period). The one
    /// copy for both ways of totalling.
    static func wordMasks(_ periods: [Range<Int>]) -> (segments: [Int], words: [Int], masks: [UInt64]) {
        var segments = [0], wordIndex: [Int] = [], masks: [UInt64] = []
        for r in periods {
            if !r.isEmpty {
                let wa = r.lowerBound >> 6, wb = (r.upperBound - 1) >> 6
                for w in wa...wb {
                    var m = ~UInt64(0)
                    if w == wa { m &= ~UInt64(0) << UInt64(r.lowerBound & 63) }
                    if w == wb { m &= ~UInt64(0) >> UInt64(63 - ((r.upperBound - 1) & 63)) }
                    wordIndex.append(w)
                    masks.append(m)
                }
            }
            segments.append(wordIndex.count)
        }
        return (segments, wordIndex, masks)
    }
}
