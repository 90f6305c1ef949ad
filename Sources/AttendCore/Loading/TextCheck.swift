/// Checks that a file is UTF-8 text before any row is read: UTF-16 and binary files
/// (NUL bytes) and byte sequences that are not UTF-8 are refused with the line they are on.
enum TextCheck {
    /// The first problem found, or nil. `fullUTF8` validates every byte (pupils, calendar);
    /// the marks file is checked for NULs and a UTF-16 mark only, since its fields are
    /// checked one by one as they are parsed.
    static func problem(in p: UnsafeBufferPointer<UInt8>, file: String, fullUTF8: Bool) -> Diagnostic? {
        if p.count >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)) {
            return .notUTF8(file, line: 1, detail: "it is UTF-16")
        }
        let limit = fullUTF8 ? p.count : min(p.count, 1 << 16)
        var line = 1
        var i = 0
        while i < limit {
            let c = p[i]
            if c == 10 { line += 1; i += 1; continue }
            if c == 0 { return .nulBytes(file, line: line) }
            if c < 0x80 { i += 1; continue }
            guard fullUTF8 else { i += 1; continue }
            let len: Int
            if c & 0xE0 == 0xC0 && c >= 0xC2 { len = 2 }
            else if c & 0xF0 == 0xE0 { len = 3 }
            else if c & 0xF8 == 0xF0 && c <= 0xF4 { len = 4 }
            else { return .notUTF8(file, line: line, detail: "byte 0x\(String(c, radix: 16, uppercase: true)) cannot start a character") }
            guard i + len <= p.count else { return .notUTF8(file, line: line, detail: "a character is cut off at the end") }
            for k in 1..<len where p[i + k] & 0xC0 != 0x80 {
                return .notUTF8(file, line: line, detail: "a character is malformed")
            }
            i += len
        }
        return nil
    }
}
