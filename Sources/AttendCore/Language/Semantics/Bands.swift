/// The school's attendance bands (RAG), from its policy: each band runs from its lower
/// bound up to the next band's. Defaults: green 96 and over, upper amber 94 to under 96,
/// lower amber 90 to under 94, red under 90.
///
/// The brief lists green as 95–100 and upper amber as "94–95.9 (read as 94 to under 96)",
/// which overlap between 95 and 96; the explicit reading of upper amber wins, and a school
/// whose policy says 95 sets `band.green = 95` in its school.conf (Docs/language.md).
public struct Bands: Sendable, Hashable {
    public struct Band: Sendable, Hashable {
        public var name: String
        public var lowerBound: Exact
    }
    /// Highest first.
    public private(set) var bands: [Band]

    public init(_ bands: [Band]) { self.bands = bands.sorted { $0.lowerBound > $1.lowerBound } }

    public static let standard = Bands([
        Band(name: "green", lowerBound: Exact(96)),
        Band(name: "upper amber", lowerBound: Exact(94)),
        Band(name: "lower amber", lowerBound: Exact(90)),
        Band(name: "red", lowerBound: Exact(0)),
    ])

    public var names: [String] { bands.map(\.name) }

    /// The band of a rate; nil when there is no rate.
    public func band(of rate: Exact?) -> String? {
        guard let rate else { return nil }
        return bands.first { rate >= $0.lowerBound }?.name ?? bands.last?.name
    }

    /// A copy with one band's lower bound changed (a school's own policy).
    public func setting(_ name: String, lowerBound: Exact) -> Bands {
        var b = bands
        if let i = b.firstIndex(where: { $0.name == name }) { b[i].lowerBound = lowerBound }
        else { b.append(Band(name: name, lowerBound: lowerBound)) }
        return Bands(b)
    }

    /// `upper amber: 94 to under 96`
    public var explanation: [String] {
        bands.enumerated().map { i, b in
            let lo = ResultFormatter.oneDecimalTrim(b.lowerBound.double)
            if i == 0 { return "\(b.name): \(lo) and over" }
            let hi = ResultFormatter.oneDecimalTrim(bands[i - 1].lowerBound.double)
            return b.lowerBound.numerator == 0 ? "\(b.name): under \(hi)" : "\(b.name): \(lo) to under \(hi)"
        }
    }
}

extension ResultFormatter {
    /// 96 → "96", 92.5 → "92.5".
    public static func oneDecimalTrim(_ d: Double) -> String {
        let s = oneDecimal(d)
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }
}
