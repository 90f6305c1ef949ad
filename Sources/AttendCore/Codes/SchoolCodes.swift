
/// The codes an MIS uses beyond the national ones (SIMS's `I01`, `X01`, codes a school
/// defines), each standing for a national code: a register folder's codes.csv maps them
/// (`code,means`: `I01,I`). A mark keeps its own code (`sessions coded I01` finds it) and
/// counts with the meaning of the national code it stands for (`sessions coded I` finds it
/// too, and so do the statistics).
///
/// A school code has a ``CodeID`` after the national codes', in one table for the whole run
/// of attend: the code byte of a mark indexes it like the national table, and each entry
/// carries its national code's class. One (code, meaning) pair has one id however many
/// registers use it; two registers giving one code two meanings get two ids.
public enum SchoolCodes {
    /// The first id after the national codes.
    static let firstID = CodeTable.all.count + 1
    /// Code ids stay below 64 (the loader keeps a counter per id): room for this many
    /// school codes in one run of attend.
    public static let limit = 64 - firstID

    private static let table = Locked<[CodeInfo]>([])

    /// The id of school code `code` standing for national code `means`: the one it already
    /// has, else a new one; nil when the table is full.
    static func id(code: String, means: CodeID) -> CodeID? {
        let national = means.info
        return table.withLock { t -> CodeID? in
            if let i = t.firstIndex(where: { $0.code == code && $0.means == national.code }) { return CodeID(rawValue: UInt8(firstID + i)) }
            guard t.count < limit else { return nil }
            t.append(CodeInfo(code: code, meaning: "\(national.meaning) (the school's code for \(national.code))", category: national.category,
                              counts: national.counts, validFrom: national.validFrom, validTo: national.validTo,
                              penaltyThreshold: national.penaltyThreshold, means: national.code))
            return CodeID(rawValue: UInt8(firstID + t.count - 1))
        }
    }

    /// School codes given out so far.
    static var count: Int { table.withLock { $0.count } }

    /// The entry of school code id `raw` (an id this run gave out).
    static func info(_ raw: UInt8) -> CodeInfo {
        table.withLock { t in
            let i = Int(raw) - firstID
            precondition(i >= 0 && i < t.count, "code id \(raw) was never given out")
            return t[i]
        }
    }
}

/// A register's school codes, as read from its codes.csv, in the file's order.
public struct SchoolCodeList: Sendable, Hashable {
    public var codes: [CodeID] = []
    public init(_ codes: [CodeID] = []) { self.codes = codes }

    /// The ids a code written in a query stands for: a national code and every school code
    /// standing for it; a school code itself. Nil when neither.
    public func ids(for text: String) -> [CodeID]? {
        if let id = CodeID(text) { return [id] + codes.filter { $0.info.means == id.info.code } }
        // Queries are written in any case (the parser upper-cases codes); an own code may not be.
        if let id = codes.first(where: { $0.info.code == text }) ?? codes.first(where: { $0.info.code.uppercased() == text.uppercased() }) { return [id] }
        return nil
    }
}

extension Array where Element == CodeID {
    /// The codes as a query names them: an own code that a national code in the list takes
    /// in is left out (`coded I` means I and I01; it is shown as `I`).
    public var shownCodes: [String] {
        filter { $0.info.means == nil || !contains($0.statutory) }.map(\.code)
    }
}
