/// A set of weekdays, Monday to Friday (`absent on mondays or fridays`): bit `d - 1` for ISO
/// weekday `d` (1 = Monday).
public struct Weekdays: Sendable, Hashable, CustomStringConvertible {
    public let bits: UInt8

    public init(bits: UInt8) { self.bits = bits & 0b11111 }

    /// From ISO weekday numbers 1…5; others are ignored.
    public init(_ days: [Int]) {
        var b: UInt8 = 0
        for d in days where (1...5).contains(d) { b |= 1 << UInt8(d - 1) }
        self.init(bits: b)
    }

    public func contains(_ weekday: Int) -> Bool { (1...5).contains(weekday) && bits & (1 << UInt8(weekday - 1)) != 0 }

    /// ISO weekday numbers in the set, Monday first.
    public var days: [Int] { (1...5).filter(contains) }

    /// The plural words a query writes, lower case: `mondays`, `tuesdays`, …
    public static let pluralNames = ["mondays", "tuesdays", "wednesdays", "thursdays", "fridays"]

    /// ISO weekday of a plural weekday word (`fridays` → 5), nil for anything else.
    public static func weekday(plural word: String) -> Int? {
        pluralNames.firstIndex(of: word.lowercased()).map { $0 + 1 }
    }

    /// `mondays or fridays`, as headings write it.
    public var description: String { days.map { Self.pluralNames[$0 - 1] }.joined(separator: " or ") }

    /// `Mondays or Fridays`, as `explain` writes it.
    public var capitalised: String {
        days.map { Day.weekdayNames[$0 - 1] + "s" }.joined(separator: " or ")
    }
}

extension Register {
    /// The sessions of class `c` that fall on the weekdays `w`: the class matrix with every
    /// other weekday's sessions masked out, one AND per word. Made on each use (a register
    /// of 100,000 pupils is a few million words, about a millisecond), not kept.
    public func matrix(_ c: MarkClass, on w: Weekdays) -> BitMatrix {
        let source = matrix(c)
        let wpr = source.wordsPerRow
        var mask = [UInt64](repeating: 0, count: wpr)
        for (d, day) in calendar.days.enumerated() where w.contains(day.weekday) {
            for s in [2 * d, 2 * d + 1] { mask[s >> 6] |= 1 << UInt64(s & 63) }
        }
        var out = BitMatrix(rows: source.rows, columns: source.columns)
        source.words.withUnsafeBufferPointer { src in
            out.words.withUnsafeMutableBufferPointer { dst in
                for r in 0..<source.rows {
                    let base = r * wpr
                    for i in 0..<wpr { dst[base + i] = src[base + i] & mask[i] }
                }
            }
        }
        return out
    }
}
