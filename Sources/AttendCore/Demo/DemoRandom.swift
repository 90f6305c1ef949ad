/// The demo register's random numbers: xoshiro256** streams seeded through SplitMix64.
///
/// Every pupil has streams of their own, keyed by (seed, stream, pupil index), so the output
/// does not depend on how pupils are split between threads. Only integer arithmetic of our
/// own is used (no `Double.random`, no `SystemRandomNumberGenerator`), so the same options
/// give the same bytes on every platform and Swift version.
struct DemoRandom: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// SplitMix64's finaliser: a good 64-bit mixing function.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Streams used by the generator. Changing these changes every register.
    enum Stream: UInt64 {
        case school = 1      // whole-school events (trips, closures for a form)
        case pupil = 2       // a pupil's attributes (name, year details, flags)
        case marks = 3       // a pupil's marks
        case contact = 4     // a pupil's contact details
        case style = 5       // `--style`: the shuffled row order, the comments
    }

    init(seed: UInt64, stream: Stream, index: Int = 0) {
        var h = DemoRandom.mix(seed)
        h = DemoRandom.mix(h ^ stream.rawValue)
        h = DemoRandom.mix(h ^ UInt64(truncatingIfNeeded: index))
        // SplitMix64 sequence from h fills the state; it is never all zero in practice,
        // and xoshiro only needs a non-zero state.
        var sm = h
        func next() -> UInt64 { sm &+= 0x9E37_79B9_7F4A_7C15; return DemoRandom.mix(sm &- 0x9E37_79B9_7F4A_7C15) }
        s0 = next(); s1 = next(); s2 = next(); s3 = next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in `0..<n` (n > 0), by the multiply-high method.
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Uniform in `range`.
    @inline(__always)
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1) with 53 bits.
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform in [a, b).
    @inline(__always)
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * unit() }

    /// An index drawn with the given integer weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var total = 0
        for w in weights { total += w }
        var r = below(total)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
