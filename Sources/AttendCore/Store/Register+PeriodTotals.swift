/// Totals period by period for a set of pupils, for grouping by time (`rate by week`): for
/// each period (a session range), how many members had a possible session in it, their
/// possible sessions, and their sessions of a class. One pass over each member's rows: the
/// words and masks of every period are worked out once, so a year of weeks is about two
/// popcounts per week per pupil.
public struct PeriodTotals: Sendable, Equatable {
    public var pupils: [Int]
    public var possible: [Int]
    public var counted: [Int]
}

extension Register {
    /// `counted` is summed only over the members with a possible session in the period.
    public func periodTotals(_ counted: BitMatrix, periods: [Range<Int>], in set: PupilSet) -> PeriodTotals {
        let n = periods.count
        var out = PeriodTotals(pupils: [Int](repeating: 0, count: n), possible: [Int](repeating: 0, count: n),
                               counted: [Int](repeating: 0, count: n))
        let possible = matrix(.possible)
        guard n > 0, possible.rows > 0 else { return out }
        // Each period as (word, mask) pairs, flattened: segments[k]..<segments[k + 1].
        var segments = [0], wordIndex: [Int] = [], masks: [UInt64] = []
        for r in periods {
            if r.lowerBound < r.upperBound {
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
}
