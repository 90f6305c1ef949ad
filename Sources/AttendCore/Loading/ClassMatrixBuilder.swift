/// Builds the six class bit matrices from the mark matrix in one pass, parallel over
/// pupils, 64 sessions (one word of each matrix) at a time: each code byte is looked up in a
/// 256-entry table of its classes (one bit per ``MarkClass``), eight sessions' class bytes
/// are packed in a word, and one multiply gathers each class's eight bits.
enum ClassMatrixBuilder {
    struct Result {
        var matrices: [BitMatrix]
        /// Whether anyone had a possible session on each register day (on roll or not).
        var possibleDay: [Bool]
        /// Possible sessions outside their pupil's dates on roll (left out of the matrices).
        var offRoll: Int
    }

    /// Class bits by code id: bit `c.rawValue` set when the code is in class `c`. A school
    /// code (codes.csv) has its national code's classes. Made for each build: school codes
    /// are given ids as registers are loaded.
    static func classBits() -> [UInt8] {
        let ids = CodeTable.all.count + SchoolCodes.count
        return (0..<256).map { raw -> UInt8 in
            guard raw > 0 && raw <= ids else { return 0 }
            let id = CodeID(rawValue: UInt8(raw))
            let national = id.statutory
            var b: UInt8 = 0
            for m in MarkClass.allCases where m.includes(id.info.counts, raw: national.rawValue) { b |= 1 << UInt8(m.rawValue) }
            return b
        }
    }

    /// Bit `k` of the result is bit `bit` of byte `k` of `x`.
    @inline(__always)
    static func gather(_ x: UInt64, _ bit: UInt64) -> UInt64 {
        (((x >> bit) & 0x0101_0101_0101_0101) &* 0x0102_0408_1020_4080) >> 56
    }

    /// Sessions `a..<b` of register days `days` on roll for `from…until`.
    static func onRollSessions(_ days: [Day], _ from: Day?, _ until: Day?) -> Range<Int> {
        func firstIndex(onOrAfter d: Day) -> Int {
            var lo = 0, hi = days.count
            while lo < hi { let mid = (lo + hi) >> 1; if days[mid] < d { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        let a = from.map { firstIndex(onOrAfter: $0) * 2 } ?? 0
        let b = until.map { firstIndex(onOrAfter: $0.advanced(by: 1)) * 2 } ?? days.count * 2
        return a..<max(a, b)
    }

    /// The mask of sessions `r` within word `w`.
    @inline(__always)
    static func mask(_ r: Range<Int>, word w: Int) -> UInt64 {
        let lo = max(r.lowerBound - w * 64, 0), hi = min(r.upperBound - w * 64, 64)
        guard lo < hi else { return 0 }
        let upper: UInt64 = hi == 64 ? ~0 : (1 << UInt64(hi)) - 1
        return upper & ~((1 << UInt64(lo)) - 1)
    }

    static func build(marks: StoreArray<UInt8>, pupils P: Int, sessions S: Int, days: [Day], from: [Day?], until: [Day?],
                      ranges: [Range<Int>]) -> Result {
        let wpr = BitMatrix.wordsPerRow(columns: S)
        let classCount = MarkClass.allCases.count
        var words = (0..<classCount).map { _ in StoreArray<UInt64>(uninitialized: P * wpr) }
        let anyPossible = ranges.map { _ in SharedWords(wpr) }
        let offRoll = ranges.map { _ in SharedCount() }
        let table = classBits()
        let outs = (0..<classCount).map { c in words[c].withUnsafeMutableBufferPointer { SharedPointer($0.baseAddress ?? SharedWords.none) } }
        marks.withUnsafeBufferPointer { mb in
            let marks = SharedReadPointer(mb.baseAddress ?? UnsafePointer(RegisterLoader.noBytes))
            Parallel.forEach(ranges.count) { r in
                let mk = marks.p
                let any = anyPossible[r].words
                var off = 0
                table.withUnsafeBufferPointer { t in
                    for p in ranges[r] {
                        let roll = onRollSessions(days, from[p], until[p])
                        let row = mk + p * S
                        for w in 0..<wpr {
                            let s0 = w * 64
                            let n = min(64, S - s0)
                            var acc = (0, 0, 0, 0, 0, 0) as (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
                            var g = 0
                            while g < n {
                                var x: UInt64 = 0
                                let k = min(8, n - g)
                                for j in 0..<k { x |= UInt64(t[Int(row[s0 + g + j])]) << UInt64(8 * j) }
                                let shift = UInt64(g)
                                acc.0 |= gather(x, 0) << shift
                                acc.1 |= gather(x, 1) << shift
                                acc.2 |= gather(x, 2) << shift
                                acc.3 |= gather(x, 3) << shift
                                acc.4 |= gather(x, 4) << shift
                                acc.5 |= gather(x, 5) << shift
                                g += 8
                            }
                            let m = mask(roll, word: w)
                            any[w] |= acc.0
                            off += (acc.0 & ~m).nonzeroBitCount
                            let i = p * wpr + w
                            outs[0].p[i] = acc.0 & m
                            outs[1].p[i] = acc.1 & m
                            outs[2].p[i] = acc.2 & m
                            outs[3].p[i] = acc.3 & m
                            outs[4].p[i] = acc.4 & m
                            outs[5].p[i] = acc.5 & m
                        }
                    }
                }
                offRoll[r].value = off
            }
        }
        var possibleDay = [Bool](repeating: false, count: days.count)
        for d in 0..<days.count {
            let s = 2 * d
            possibleDay[d] = anyPossible.contains { ($0.words[s >> 6] >> UInt64(s & 63)) & 3 != 0 }
        }
        let matrices = words.map { BitMatrix(rows: P, columns: S, words: $0) }
        words.removeAll()
        return Result(matrices: matrices, possibleDay: possibleDay, offRoll: offRoll.reduce(0) { $0 + $1.value })
    }

    final class SharedWords: @unchecked Sendable {
        let words: UnsafeMutablePointer<UInt64>
        let count: Int
        init(_ n: Int) { count = n; words = .allocate(capacity: max(1, n)); words.initialize(repeating: 0, count: max(1, n)) }
        deinit { words.deallocate() }
        nonisolated(unsafe) static let none = UnsafeMutablePointer<UInt64>.allocate(capacity: 1)
    }

    final class SharedCount: @unchecked Sendable { var value = 0 }
}
