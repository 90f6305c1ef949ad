/// Checks that a file is UTF-8 text before any row is read: UTF-16 and binary files
/// (NUL bytes) and byte sequences that are not UTF-8 are refused with the line they are on.
enum TextCheck {
    /// The first problem found, or nil. `fullUTF8` validates every byte (pupils, calendar);
    /// the marks file is checked for NULs and a UTF-16 mark only, since its fields are
    /// checked one by one as they are parsed.
    /// Newlines in `p`, eight bytes at a time (to size a table before reading it).
    static func lineCount(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = p.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var n = 0, i = 0
        while i + 8 <= p.count {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            let lo: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            n += (~(((x & lo) &+ lo) | x) & ~lo).nonzeroBitCount
            i += 8
        }
        while i < p.count { if p[i] == 10 { n += 1 }; i += 1 }
        return n
    }

    static func problem(in p: UnsafeBufferPointer<UInt8>, file: String, fullUTF8: Bool) -> Diagnostic? {
        if p.count >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)) {
            return .notUTF8(file, line: 1, detail: "it is UTF-16")
        }
        let limit = fullUTF8 ? p.count : min(p.count, 1 << 16)
        /// The line of byte `i`, for a message: lines are counted only when one is needed.
        func line(_ i: Int) -> Int {
            var n = 1
            for k in 0..<i where p[k] == 10 { n += 1 }
            return n
        }
        guard let base = p.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < limit {
            // Eight bytes of ASCII without a NUL at a time.
            if i + 8 <= limit {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let zero = (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080
                if (w | zero) & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let c = p[i]
            if c == 0 { return .nulBytes(file, line: line(i)) }
            if c < 0x80 { i += 1; continue }
            guard fullUTF8 else { i += 1; continue }
            let len: Int
            if c & 0xE0 == 0xC0 && c >= 0xC2 { len = 2 }
            else if c & 0xF0 == 0xE0 { len = 3 }
            else if c & 0xF8 == 0xF0 && c <= 0xF4 { len = 4 }
            else { return .notUTF8(file, line: line(i), detail: "byte 0x\(String(c, radix: 16, uppercase: true)) cannot start a character") }
            guard i + len <= p.count else { return .notUTF8(file, line: line(i), detail: "a character is cut off at the end") }
            for k in 1..<len where p[i + k] & 0xC0 != 0x80 {
                return .notUTF8(file, line: line(i), detail: "a character is malformed")
            }
            i += len
        }
        return nil
    }
}
