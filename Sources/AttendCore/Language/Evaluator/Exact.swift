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
    public static func + (a: Exact, b: Exact) -> Exact {
        if a.denominator == b.denominator { return Exact(a.numerator + b.numerator, a.denominator) }
        return Exact(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator).reduced
    }
    public static func - (a: Exact, b: Exact) -> Exact { a + Exact(-b.numerator, b.denominator) }

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
