/// An exact rational number. Rates are compared exactly (`rate < 90%` for a pupil at
/// 9 of 10 sessions is false), never through floating point, where 0.29 × 100 is
/// 28.999999999999996. Display rounds to one decimal place.
public struct Exact: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    /// Not reduced (the hot path makes one per pupil); equality and order are exact anyway.
    @inline(__always)
    public init(_ n: Int, _ d: Int = 1) {
        precondition(d != 0, "zero denominator")
        if d < 0 { numerator = -n; denominator = -d } else { numerator = n; denominator = d }
    }

    public static func == (a: Exact, b: Exact) -> Bool {
        Int128(a.numerator) * Int128(b.denominator) == Int128(b.numerator) * Int128(a.denominator)
    }
    public func hash(into h: inout Hasher) {
        let g = max(Exact.gcd(abs(numerator), denominator), 1)
        h.combine(numerator / g)
        h.combine(denominator / g)
    }

    /// A decimal literal: "92.5" → 925/10.
    public init?(decimal text: String) {
        var n = 0, d = 1, seenPoint = false, digits = 0
        for ch in text {
            if ch == "." { guard !seenPoint else { return nil }; seenPoint = true; continue }
            guard let v = ch.wholeNumberValue, ch.isASCII else { return nil }
            digits += 1
            guard digits <= 15 else { return nil }
            n = n * 10 + v
            if seenPoint { d *= 10 }
        }
        guard digits > 0 else { return nil }
        self.init(n, d)
    }

    public var double: Double { Double(numerator) / Double(denominator) }
    public var description: String {
        let g = max(Exact.gcd(abs(numerator), denominator), 1)
        return denominator == g ? "\(numerator / g)" : "\(numerator / g)/\(denominator / g)"
    }

    public static func < (a: Exact, b: Exact) -> Bool {
        Int128(a.numerator) * Int128(b.denominator) < Int128(b.numerator) * Int128(a.denominator)
    }
    /// Exact whenever the result fits in an `Int` once reduced, which the binder ensures
    /// for every sum a statement writes (Q124). A total of many pupils' rates (each over
    /// its own denominator) can outgrow that; it is then the nearest fraction over 2^30,
    /// far finer than the one decimal place shown, instead of a crash.
    public static func + (a: Exact, b: Exact) -> Exact {
        if a.denominator == b.denominator {
            let (n, o) = a.numerator.addingReportingOverflow(b.numerator)
            if !o { return Exact(n, a.denominator) }
        }
        let n = Int128(a.numerator) * Int128(b.denominator) + Int128(b.numerator) * Int128(a.denominator)
        let d = Int128(a.denominator) * Int128(b.denominator)
        var (x, y) = (n.magnitude, d.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        let g = Int128(max(x, 1))
        let (rn, rd) = (n / g, d / g)
        if let sn = Int(exactly: rn), let sd = Int(exactly: rd) { return Exact(sn, sd) }
        let scale = 1 << 30
        let approx = (Double(rn) / Double(rd) * Double(scale)).rounded()
        guard approx.magnitude < 9.0e18 else { return Exact(approx < 0 ? Int.min / scale : Int.max / scale) }
        return Exact(Int(approx), scale)
    }
    public static func - (a: Exact, b: Exact) -> Exact {
        // -Int.min does not exist; the binder keeps constants far from it.
        a + Exact(b.numerator == Int.min ? Int.max : -b.numerator, b.denominator)
    }

    public var reduced: Exact {
        let g = max(Exact.gcd(abs(numerator), denominator), 1)
        return Exact(numerator / g, denominator / g)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
