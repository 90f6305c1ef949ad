/// How a session counts in DfE statistics.
public enum StatClass: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// `/ \ L`: present.
    case present
    /// `K V P W B` (and `J` before 19 Aug 2024): approved educational activity; counts as attendance.
    case approvedActivity
    /// Leave of absence and other authorised absence.
    case authorised
    /// `G N O U`.
    case unauthorised
    /// Not a possible session: `D X Q Y1–Y7 Z #` (and the legacy `Y`).
    case notCounted
    /// `-`: no mark recorded. Not a possible session; a data-quality problem.
    case missing

    public var isPossible: Bool { self != .notCounted && self != .missing }
    public var isAttended: Bool { self == .present || self == .approvedActivity }
    public var isAbsent: Bool { self == .authorised || self == .unauthorised }

    public var description: String {
        switch self {
        case .present: "present"
        case .approvedActivity: "approved educational activity"
        case .authorised: "authorised absence"
        case .unauthorised: "unauthorised absence"
        case .notCounted: "not counted"
        case .missing: "no mark"
        }
    }
}

/// One row of the code table.
public struct CodeInfo: Sendable, Hashable {
    public let code: String
    public let meaning: String
    /// The legal category as the regulations group it ("leave of absence", …).
    public let category: String
    public let counts: StatClass
    /// First date the code may be used (the 2024 codes: 19 Aug 2024).
    public let validFrom: Day?
    /// Last date a withdrawn code could be used.
    public let validTo: Day?
    /// Counts towards the penalty-notice threshold (`G N O U`).
    public let penaltyThreshold: Bool
    /// For a school's own code (codes.csv): the national code it stands for.
    public var means: String? = nil

    public var isLegacy: Bool { validTo != nil }

    /// Whether the code was in force on `day`.
    public func isValid(on day: Day) -> Bool {
        if let validFrom, day < validFrom { return false }
        if let validTo, day > validTo { return false }
        return true
    }
}

/// A code as stored in the mark matrix: one byte, 1…`CodeTable.all.count`; 0 means the
/// pupil has no row for that session (not on roll, or a day the school was shut to them).
public struct CodeID: RawRepresentable, Sendable, Hashable, Comparable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let none = CodeID(rawValue: 0)

    /// The code's entry: the national table's, or a school code's (see ``SchoolCodes``).
    public var info: CodeInfo {
        Int(rawValue) <= CodeTable.all.count ? CodeTable.all[Int(rawValue) - 1] : SchoolCodes.info(rawValue)
    }
    public var code: String { rawValue == 0 ? "" : info.code }
    /// The national code the mark counts as (its own code, for a national code).
    public var statutoryCode: String { rawValue == 0 ? "" : info.means ?? info.code }
    /// The national code's id (itself, for a national code).
    public var statutory: CodeID { rawValue == 0 ? self : info.means.flatMap { CodeID($0) } ?? self }
    public static func < (a: CodeID, b: CodeID) -> Bool { a.rawValue < b.rawValue }

    /// The id of a code as written (`"C2"`, `"/"`), exact spelling; nil when unknown.
    public init?(_ code: some StringProtocol) {
        guard let i = CodeTable.index[String(code)] else { return nil }
        rawValue = i
    }
}

extension CodeTable {
    /// Code text → CodeID raw value.
    static let index: [String: UInt8] = {
        var d: [String: UInt8] = [:]
        for (i, c) in all.enumerated() { d[c.code] = UInt8(i + 1) }
        return d
    }()

    /// StatClass by CodeID raw value (index 0 unused), for the hot loops.
    public static let classByID: [StatClass] = [.notCounted] + all.map(\.counts)

    /// Looks a code up from bytes `p[s..<e]` (already trimmed). One or two bytes; no allocation.
    @inline(__always)
    static func lookup(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> CodeID? {
        let n = e - s
        guard n == 1 || n == 2 else { return nil }
        let v = n == 1 ? byteTable1[Int(p[s])] : pair(p[s], p[s + 1])
        return v == 0 ? nil : CodeID(rawValue: v)
    }

    /// Code id of a one-byte code, by the byte (0 = not a code).
    static let byteTable1: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for (i, c) in all.enumerated() where c.code.utf8.count == 1 { t[Int(c.code.utf8.first!)] = UInt8(i + 1) }
        return t
    }()

    /// Code id of a two-byte code, by `(b0 << 7) | b1` for ASCII bytes (0 = not a code).
    static let byteTable2: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 128 * 128)
        for (i, c) in all.enumerated() where c.code.utf8.count == 2 {
            let b = Array(c.code.utf8)
            t[Int(b[0]) << 7 | Int(b[1])] = UInt8(i + 1)
        }
        return t
    }()

    @inline(__always)
    static func pair(_ b0: UInt8, _ b1: UInt8) -> UInt8 {
        (b0 | b1) < 128 ? byteTable2[Int(b0) << 7 | Int(b1)] : 0
    }

    /// For the loader's hot loop, by code id: the first and last day the code is in force
    /// (day numbers; open ends as the extremes) and whether it is `-` (no mark).
    static let validFromNumber: [Int32] = [Int32.min] + all.map { $0.validFrom?.number ?? Int32.min }
    static let validToNumber: [Int32] = [Int32.max] + all.map { $0.validTo?.number ?? Int32.max }
    static let isMissingByID: [Bool] = [false] + all.map { $0.counts == .missing }
}
