/// One bit per pupil per school session, pupil-major: row `p` is `wordsPerRow` 64-bit
/// words covering sessions 0…sessionCount-1. "How many sessions of class C did pupil P have
/// in sessions a..<b" is a popcount over at most (b-a)/64 + 2 words: a term is 3 words,
/// a year 6, whatever the number of pupils.
public struct BitMatrix: Sendable {
    public let rows: Int
    public let columns: Int
    public let wordsPerRow: Int
    /// Row-major words; bits past `columns` in a row's last word are always 0.
    public internal(set) var words: StoreArray<UInt64>

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        wordsPerRow = max(1, (columns + 63) >> 6)
        words = StoreArray(zeroed: rows * wordsPerRow)
    }

    /// A matrix over words already laid out (built by the loader, or mapped from a saved store).
    init(rows: Int, columns: Int, words: StoreArray<UInt64>) {
        self.rows = rows
        self.columns = columns
        wordsPerRow = max(1, (columns + 63) >> 6)
        precondition(words.count == rows * wordsPerRow, "bit matrix size")
        self.words = words
    }

    static func wordsPerRow(columns: Int) -> Int { max(1, (columns + 63) >> 6) }

    @inline(__always)
    public func get(_ row: Int, _ col: Int) -> Bool {
        words[row * wordsPerRow + col >> 6] & (1 << UInt64(col & 63)) != 0
    }

    public mutating func set(_ row: Int, _ col: Int) {
        let i = row * wordsPerRow + col >> 6
        words.withUnsafeMutableBufferPointer { $0[i] |= 1 << UInt64(col & 63) }
    }

    /// Set bits of `row` in columns `a..<b`.
    @inline(__always)
    public func count(_ row: Int, _ a: Int, _ b: Int) -> Int {
        words.withUnsafeBufferPointer { Self.count($0, row * wordsPerRow, a, b) }
    }

    @inline(__always)
    static func count(_ w: UnsafeBufferPointer<UInt64>, _ base: Int, _ a: Int, _ b: Int) -> Int {
        guard a < b else { return 0 }
        let wa = a >> 6, wb = (b - 1) >> 6
        let lowMask = ~UInt64(0) << UInt64(a & 63)
        let highMask = ~UInt64(0) >> UInt64(63 - ((b - 1) & 63))
        if wa == wb { return (w[base + wa] & lowMask & highMask).nonzeroBitCount }
        var n = (w[base + wa] & lowMask).nonzeroBitCount + (w[base + wb] & highMask).nonzeroBitCount
        var i = wa + 1
        while i < wb { n &+= w[base + i].nonzeroBitCount; i += 1 }
        return n
    }

    /// The count in `a..<b` for every row: one vector for the whole register.
    public func countAll(_ a: Int, _ b: Int) -> [Int32] {
        var out = [Int32](repeating: 0, count: rows)
        words.withUnsafeBufferPointer { w in
            out.withUnsafeMutableBufferPointer { o in
                for r in 0..<rows { o[r] = Int32(Self.count(w, r * wordsPerRow, a, b)) }
            }
        }
        return out
    }

    /// The count in `a..<b` for the members of `set` only (others left 0). The masks of the
    /// first and last word are worked out once; each member is then a few popcounts.
    public func count(in set: PupilSet, _ a: Int, _ b: Int) -> [Int32] {
        var out = [Int32](repeating: 0, count: rows)
        guard a < b, rows > 0 else { return out }
        let wa = a >> 6, wb = (b - 1) >> 6
        let lowMask = ~UInt64(0) << UInt64(a & 63)
        let highMask = ~UInt64(0) >> UInt64(63 - ((b - 1) & 63))
        let wpr = wordsPerRow
        words.withUnsafeBufferPointer { wp in
            out.withUnsafeMutableBufferPointer { o in
                let w = wp.baseAddress!
                if wa == wb {
                    let m = lowMask & highMask
                    set.forEach { r in o[r] = Int32((w[r * wpr + wa] & m).nonzeroBitCount) }
                } else {
                    set.forEach { r in
                        let row = w + r * wpr
                        var n = (row[wa] & lowMask).nonzeroBitCount &+ (row[wb] & highMask).nonzeroBitCount
                        var i = wa + 1
                        while i < wb { n &+= row[i].nonzeroBitCount; i += 1 }
                        o[r] = Int32(truncatingIfNeeded: n)
                    }
                }
            }
        }
        return out
    }

    /// Bytes held.
    public var byteCount: Int { words.count * 8 }
}
