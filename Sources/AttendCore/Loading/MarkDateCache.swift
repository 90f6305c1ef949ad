/// The dates one part of marks.csv has seen, keyed by the date's bytes as written (ISO
/// `2025-09-02` or UK `2/9/2025`, 8–10 bytes): an open-addressing table of 8,192 entries
/// (a register has a few hundred distinct dates; once half full, new dates are worked out
/// every time). Any row order hits: rows in pupil order, in date order or shuffled.
///
/// Two shortcuts before the table: the previous row's date, and the date that followed the
/// previous date last time (each pupil's rows usually run through the same dates in the same
/// order).
///
/// Raw memory, freed by ``deallocate()``: the reader's hot loop holds it as a local value.
struct MarkDateCache {
    typealias Slot = MarkChunkReader.DateSlot
    static let size = 8192

    /// Two words per entry: the first 8 bytes of the date, then its 9th and 10th bytes and its
    /// length (so a used entry's second word is never 0).
    private let keys: UnsafeMutablePointer<UInt64>
    private let slots: UnsafeMutablePointer<Slot>
    /// Per entry: the entry of the date that came next last time (-1: none).
    private let next: UnsafeMutablePointer<Int32>
    private var used = 0
    private var lastEntry = -1
    /// The last date's key (`lastK2` 0, which no key is, until a date is seen) and slot.
    private var lastK1: UInt64 = 0, lastK2: UInt64 = 0
    private var last = Slot()

    init() {
        keys = .allocate(capacity: 2 * Self.size)
        keys.initialize(repeating: 0, count: 2 * Self.size)
        slots = .allocate(capacity: Self.size)
        slots.initialize(repeating: Slot(), count: Self.size)
        next = .allocate(capacity: Self.size)
        next.initialize(repeating: -1, count: Self.size)
    }

    func deallocate() {
        keys.deallocate()
        slots.deallocate()
        next.deallocate()
    }

    /// The key of the date bytes `p[s..<e]`, 8–10 bytes (the caller checks the length, and
    /// that 8 bytes can be read from `s`).
    @inline(__always)
    static func key(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> (UInt64, UInt64) {
        let n = e - s
        let k1 = UnsafeRawPointer(p + s).loadUnaligned(as: UInt64.self)
        var k2 = UInt64(n) << 16
        if n >= 9 { k2 |= UInt64(p[s + 8]) }
        if n == 10 { k2 |= UInt64(p[s + 9]) << 8 }
        return (k1, k2)
    }

    /// The slot of the date with key `(k1, k2)`, or nil when it is not in the table; then
    /// ``remember(_:_:_:)`` must be called with the worked-out slot (or the row dropped
    /// from the fast path).
    @inline(__always)
    mutating func find(_ k1: UInt64, _ k2: UInt64) -> Slot? {
        if k1 == lastK1 && k2 == lastK2 { return last }
        if lastEntry >= 0 {
            let guess = Int(next[lastEntry])
            if guess >= 0 && keys[2 * guess] == k1 && keys[2 * guess + 1] == k2 {
                return hit(guess, k1, k2)
            }
        }
        var h = Self.home(k1, k2)
        while keys[2 * h + 1] != 0 {
            if keys[2 * h] == k1 && keys[2 * h + 1] == k2 {
                if lastEntry >= 0 { next[lastEntry] = Int32(h) }
                return hit(h, k1, k2)
            }
            h = (h + 1) & (Self.size - 1)
        }
        return nil
    }

    @inline(__always)
    private mutating func hit(_ entry: Int, _ k1: UInt64, _ k2: UInt64) -> Slot {
        lastEntry = entry
        lastK1 = k1; lastK2 = k2
        last = slots[entry]
        return last
    }

    /// Adds a date that ``find(_:_:)`` did not know.
    mutating func remember(_ k1: UInt64, _ k2: UInt64, _ slot: Slot) {
        var entry = -1
        if used < Self.size / 2 {
            var h = Self.home(k1, k2)
            while keys[2 * h + 1] != 0 { h = (h + 1) & (Self.size - 1) }
            keys[2 * h] = k1; keys[2 * h + 1] = k2
            slots[h] = slot
            used += 1
            entry = h
        }
        if lastEntry >= 0 { next[lastEntry] = Int32(entry) }
        lastEntry = entry
        lastK1 = k1; lastK2 = k2
        last = slot
    }

    /// The first entry to try: the top bits of the product depend on every byte of the date.
    @inline(__always)
    private static func home(_ k1: UInt64, _ k2: UInt64) -> Int {
        let hx = ((k1 ^ (k2 << 40)) &* 0x9E37_79B9_7F4A_7C15) ^ k2
        return Int(truncatingIfNeeded: (hx &* 0xBF58_476D_1CE4_E5B9) >> 51)
    }
}
