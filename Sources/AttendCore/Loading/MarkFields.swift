/// The rules for reading one field of a marks.csv row, shared by the marks loader's fast path
/// and its general reader (and the clash finder), so that both paths accept exactly the same
/// text: one session parser and one minutes parser (fields are trimmed by
/// ``CSVScanner/trimmed(_:_:_:)``, the one trimming rule; codes are looked up by
/// ``CodeTable/lookup(_:_:_:)``). Each works on a byte range
/// of the file and allocates nothing for the common forms.
enum MarkFields {
    /// `AM`/`PM`, `A`/`P`, `morning`/`afternoon`, any case → pm? (nil: not a session, or empty).
    @inline(__always)
    static func session(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool? {
        let n = e - s
        guard n >= 1 else { return nil }
        let c0 = p[s] | 0x20
        if n == 2 && (p[s + 1] | 0x20) == 0x6D {   // ?m
            if c0 == 0x61 { return false }
            if c0 == 0x70 { return true }
            return nil
        }
        if n == 1 { return c0 == 0x61 ? false : (c0 == 0x70 ? true : nil) }
        return sessionWord(p, s, e)
    }

    private static func sessionWord(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool? {
        var word = ""
        for i in s..<e { word.unicodeScalars.append(Unicode.Scalar(p[i] | 0x20)) }
        if word == "morning" { return false }
        if word == "afternoon" { return true }
        return nil
    }

    /// Minutes late: empty → 0; a whole number of minutes that fits the store (0…65535);
    /// anything else → nil.
    @inline(__always)
    static func minutes(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var v = 0
        var k = s
        while k < e {
            let d = p[k] &- 48
            guard d <= 9 else { return nil }
            v = v * 10 + Int(d)
            guard v <= 65_535 else { return nil }
            k += 1
        }
        return v
    }
}
