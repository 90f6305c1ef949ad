/// The code lookup table the marks reader consults: mark text → code id. The national codes
/// (one or two bytes, looked up by byte), plus a register's school codes from codes.csv
/// (see ``SchoolCodes``): one- and two-byte ones in the same byte tables, longer ones
/// (`I01`) by name.
struct CodeLookup: Sendable {
    /// Code id of a one-byte code, by the byte (0 = not a code).
    let byteTable1: [UInt8]
    /// Code id of a two-byte code, by `(b0 << 7) | b1` for ASCII bytes (0 = not a code).
    let byteTable2: [UInt8]
    /// Codes of three bytes or more.
    let longer: [String: UInt8]

    static let national = CodeLookup(byteTable1: CodeTable.byteTable1, byteTable2: CodeTable.byteTable2, longer: [:])

    /// The table with school codes added (their texts are not national codes: codes.csv is
    /// checked for that).
    func adding(_ codes: [CodeID]) -> CodeLookup {
        var t1 = byteTable1, t2 = byteTable2, more = longer
        for id in codes {
            let b = Array(id.info.code.utf8)
            if b.count == 1 { t1[Int(b[0])] = id.rawValue }
            else if b.count == 2 && (b[0] | b[1]) < 128 { t2[Int(b[0]) << 7 | Int(b[1])] = id.rawValue }
            else { more[id.info.code] = id.rawValue }
        }
        return CodeLookup(byteTable1: t1, byteTable2: t2, longer: more)
    }

    @inline(__always)
    func pair(_ b0: UInt8, _ b1: UInt8) -> UInt8 {
        (b0 | b1) < 128 ? byteTable2[Int(b0) << 7 | Int(b1)] : 0
    }

    /// Looks a code up from bytes `p[s..<e]` (already trimmed). No allocation for one or two
    /// bytes.
    @inline(__always)
    func lookup(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> CodeID? {
        let n = e - s
        let v: UInt8
        if n == 1 { v = byteTable1[Int(p[s])] }
        else if n == 2 { v = pair(p[s], p[s + 1]) }
        else if n > 2 && n <= 16 && !longer.isEmpty { v = longer[String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)] ?? 0 }
        else { v = 0 }
        return v == 0 ? nil : CodeID(rawValue: v)
    }
}
