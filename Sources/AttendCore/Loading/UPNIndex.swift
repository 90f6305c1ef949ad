/// UPN bytes → pupil index, without making a String per row. A UPN of up to 15 bytes is
/// packed into two 64-bit words (the bytes little-endian, the length in the top byte of the
/// second) and found in an open-addressing table; longer ones fall back to a String key.
///
/// The marks loader's fast path packs a field with two unaligned loads and a mask
/// (``packLoaded(_:_:_:)``); ``pack(_:_:_:)`` packs byte by byte and gives the same key.
///
/// A slot holds the key and the pupil together, so that a lookup in a file whose rows are not
/// in pupil order (rows by date, or shuffled) costs one cache miss, not three.
struct UPNIndex: @unchecked Sendable {
    struct Slot {
        var a: UInt64 = 0
        var b: UInt64 = 0
        /// Pupil index + 1; 0 = empty slot.
        var value: Int32 = 0
    }
    private let slots: [Slot]
    private let mask: Int
    /// Each pupil's packed key, two words a pupil ((0, 0), which no key packs to, where the
    /// UPN is long or belongs to an earlier pupil): read in pupil order, so that guessing "the
    /// pupil after the last one" costs no cache miss.
    private let keysByPupil: [UInt64]
    private var long: [String: Int] = [:]

    init(_ upns: [String]) {
        var capacity = 16
        while capacity < upns.count * 2 { capacity <<= 1 }
        var t = [Slot](repeating: Slot(), count: capacity)
        let mask = capacity - 1
        for (i, u) in upns.enumerated() {
            var text = u
            let n = text.utf8.count
            guard n >= 1 && n <= 15 else { if n > 0 { long[u] = i }; continue }
            let key = text.withUTF8 { Self.pack($0, 0, $0.count) }
            var h = Self.hash(key.a, key.b) & mask
            while t[h].value != 0 {
                if t[h].a == key.a && t[h].b == key.b { break }   // a UPN twice: keep the first
                h = (h + 1) & mask
            }
            if t[h].value == 0 { t[h] = Slot(a: key.a, b: key.b, value: Int32(i + 1)) }
        }
        slots = t
        self.mask = mask
        var byPupil = [UInt64](repeating: 0, count: 2 * upns.count)
        for (i, u) in upns.enumerated() {
            var text = u
            let n = text.utf8.count
            guard n >= 1 && n <= 15 else { continue }
            let key = text.withUTF8 { Self.pack($0, 0, $0.count) }
            var h = Self.hash(key.a, key.b) & mask
            while t[h].value != 0 && !(t[h].a == key.a && t[h].b == key.b) { h = (h + 1) & mask }
            if t[h].value == Int32(i + 1) { byPupil[2 * i] = key.a; byPupil[2 * i + 1] = key.b }
        }
        keysByPupil = byPupil
    }

    @inline(__always)
    static func hash(_ a: UInt64, _ b: UInt64) -> Int {
        // MurmurHash3's 64-bit finaliser: every input bit reaches every output bit.
        var x = a ^ (b &* 0x9E37_79B9_7F4A_7C15)
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return Int(truncatingIfNeeded: x)
    }

    /// Packs `p[s..<e]` (1…15 bytes).
    @inline(__always)
    static func pack(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> (a: UInt64, b: UInt64) {
        var a: UInt64 = 0, b: UInt64 = 0
        var i = s
        while i < e && i < s + 8 { a |= UInt64(p[i]) << (UInt64(i - s) * 8); i += 1 }
        while i < e { b |= UInt64(p[i]) << (UInt64(i - s - 8) * 8); i += 1 }
        return (a, b | UInt64(e - s) << 56)
    }

    /// Packs `len` (1…15) bytes from two little-endian words loaded at the field's start.
    @inline(__always)
    static func packLoaded(_ w0: UInt64, _ w1: UInt64, _ len: Int) -> (a: UInt64, b: UInt64) {
        if len >= 8 {
            let keep = UInt64(len - 8) * 8
            let b = keep == 0 ? 0 : w1 & (~UInt64(0) >> (64 - keep))
            return (w0, b | UInt64(len) << 56)
        }
        return (w0 & (~UInt64(0) >> (64 - UInt64(len) * 8)), UInt64(len) << 56)
    }

    /// The pupil for a packed key, or -1.
    @inline(__always)
    func find(_ a: UInt64, _ b: UInt64) -> Int {
        slots.withUnsafeBufferPointer { t in
            var h = Self.hash(a, b) & mask
            while true {
                let x = t[h]
                if x.value == 0 { return -1 }
                if x.a == a && x.b == b { return Int(x.value) - 1 }
                h = (h + 1) & mask
            }
        }
    }

    /// Whether pupil `pupil` is the one ``find(_:_:)`` gives for the key: a cheap check of a
    /// guess (a file in date order lists the pupils of each session in the same order).
    @inline(__always)
    func isPupil(_ pupil: Int, _ a: UInt64, _ b: UInt64) -> Bool {
        keysByPupil.withUnsafeBufferPointer { k in
            pupil >= 0 && 2 * pupil + 1 < k.count && k[2 * pupil] == a && k[2 * pupil + 1] == b
        }
    }

    func lookup(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        guard e > s else { return nil }
        if e - s <= 15 {
            let k = Self.pack(p, s, e)
            let i = find(k.a, k.b)
            return i < 0 ? nil : i
        }
        return long[String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)]
    }
}
