/// The classes of session the store indexes with one bit matrix each. Everything the
/// language counts is one of these or a set of codes.
public enum MarkClass: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Counts in the denominator: everything but not-counted and missing.
    case possible
    /// Present or approved educational activity (`/ \ L K V P W B`).
    case attended
    case authorised
    case unauthorised
    /// Authorised or unauthorised.
    case absent
    /// `L`: late before the register closed.
    case late

    public var description: String {
        switch self {
        case .possible: "possible"
        case .attended: "attended"
        case .authorised: "authorised"
        case .unauthorised: "unauthorised"
        case .absent: "absent"
        case .late: "late"
        }
    }

    /// Whether a code of class `c` (and code id `raw`) is in this class.
    @inline(__always)
    func includes(_ c: StatClass, raw: UInt8) -> Bool {
        switch self {
        case .possible: c.isPossible
        case .attended: c.isAttended
        case .authorised: c == .authorised
        case .unauthorised: c == .unauthorised
        case .absent: c.isAbsent
        case .late: raw == MarkClass.lateCode
        }
    }

    static let lateCode: UInt8 = CodeID("L")!.rawValue
}

/// Minutes late per session, kept sparse: most sessions have none. Pupil `p`'s entries are
/// `sessions[offsets[p]..<offsets[p+1]]`, ascending, with `minutes` alongside.
public struct MinutesLate: Sendable {
    public let offsets: [Int32]
    public let sessions: [Int32]
    public let minutes: [UInt16]

    public init(offsets: [Int32], sessions: [Int32], minutes: [UInt16]) {
        self.offsets = offsets
        self.sessions = sessions
        self.minutes = minutes
    }

    /// From (pupil, session, minutes) entries in any order: grouped by pupil (counting
    /// sort), each pupil's in session order.
    init(pupils: Int, _ entries: [(pupil: Int32, session: Int32, minutes: UInt16)]) {
        var offsets = [Int32](repeating: 0, count: pupils + 1)
        for e in entries { offsets[Int(e.pupil) + 1] += 1 }
        for p in 0..<pupils { offsets[p + 1] += offsets[p] }
        var next = offsets
        var sessions = [Int32](repeating: 0, count: entries.count)
        var minutes = [UInt16](repeating: 0, count: entries.count)
        for e in entries {
            let i = Int(next[Int(e.pupil)])
            sessions[i] = e.session
            minutes[i] = e.minutes
            next[Int(e.pupil)] += 1
        }
        for p in 0..<pupils {
            let a = Int(offsets[p]), b = Int(offsets[p + 1])
            guard b - a > 1 else { continue }
            var sorted = true
            for i in (a + 1)..<b where sessions[i - 1] > sessions[i] { sorted = false; break }
            if sorted { continue }
            let pairs = (a..<b).map { (sessions[$0], minutes[$0]) }.sorted { $0.0 < $1.0 }
            for (k, pr) in pairs.enumerated() { sessions[a + k] = pr.0; minutes[a + k] = pr.1 }
        }
        self.init(offsets: offsets, sessions: sessions, minutes: minutes)
    }

    /// Sum of minutes late for pupil `p` in sessions `a..<b`.
    public func sum(_ p: Int, _ a: Int, _ b: Int) -> Int {
        var total = 0
        var i = Int(offsets[p])
        let end = Int(offsets[p + 1])
        while i < end {
            let s = Int(sessions[i])
            if s >= b { break }
            if s >= a { total += Int(minutes[i]) }
            i += 1
        }
        return total
    }
}
