/// A set of pupils as a bitset over pupil indexes: the evaluator's unit of work. Filters
/// combine with `and`/`or`/`not` a word (64 pupils) at a time.
public struct PupilSet: Sendable, Hashable {
    public private(set) var words: [UInt64]
    public let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
        words = [UInt64](repeating: 0, count: (capacity + 63) >> 6)
    }

    public static func all(_ capacity: Int) -> PupilSet {
        var s = PupilSet(capacity: capacity)
        for i in 0..<s.words.count { s.words[i] = ~0 }
        s.clearTail()
        return s
    }

    public init<S: Sequence>(capacity: Int, members: S) where S.Element == Int {
        self.init(capacity: capacity)
        for m in members { insert(m) }
    }

    @inline(__always) public func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
    @inline(__always) public mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    @inline(__always) public mutating func remove(_ i: Int) { words[i >> 6] &= ~(1 << UInt64(i & 63)) }

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Whether every member of this set is in `o`.
    public func isSubset(of o: PupilSet) -> Bool {
        guard capacity == o.capacity else { return false }
        return words.withUnsafeBufferPointer { a in
            o.words.withUnsafeBufferPointer { b in
                for i in 0..<a.count where a[i] & ~b[i] != 0 { return false }
                return true
            }
        }
    }

    public func intersection(_ o: PupilSet) -> PupilSet { combine(o) { $0 & $1 } }
    public func union(_ o: PupilSet) -> PupilSet { combine(o) { $0 | $1 } }
    public func subtracting(_ o: PupilSet) -> PupilSet { combine(o) { $0 & ~$1 } }
    public func complement() -> PupilSet {
        var r = self
        for i in 0..<r.words.count { r.words[i] = ~r.words[i] }
        r.clearTail()
        return r
    }

    private func combine(_ o: PupilSet, _ f: (UInt64, UInt64) -> UInt64) -> PupilSet {
        precondition(capacity == o.capacity, "pupil sets of different registers")
        var r = self
        for i in 0..<r.words.count { r.words[i] = f(words[i], o.words[i]) }
        return r
    }

    private mutating func clearTail() {
        let extra = words.count * 64 - capacity
        if extra > 0, !words.isEmpty { words[words.count - 1] &= ~UInt64(0) >> UInt64(extra) }
    }

    /// Members in increasing order.
    public var members: [Int] {
        var out: [Int] = []
        out.reserveCapacity(count)
        forEach { out.append($0) }
        return out
    }

    @inline(__always)
    public func forEach(_ body: (Int) throws -> Void) rethrows {
        for (wi, w0) in words.enumerated() {
            var w = w0
            while w != 0 {
                let b = w.trailingZeroBitCount
                try body(wi << 6 | b)
                w &= w - 1
            }
        }
    }
}
