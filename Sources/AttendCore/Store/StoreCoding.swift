/// Little-endian encoding of the saved store's small sections (the register's metadata and
/// the pupils table). Text columns are stored as one block of UTF-8 with offsets, so that a
/// column of 100,000 names decodes in one pass.
struct StoreEncoder {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
    mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func count(_ n: Int) { u32(UInt32(n)) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            count(u.count)
            bytes.append(contentsOf: u)
        }
    }

    /// An optional date as its day number; `Int32.min` for none.
    mutating func day(_ d: Day?) { i32(d?.number ?? Int32.min) }

    mutating func days(_ ds: [Day?]) {
        count(ds.count)
        for d in ds { day(d) }
    }

    /// A text column: count, offsets (count + 1), then the UTF-8 of every value.
    mutating func strings(_ values: [String]) {
        count(values.count)
        var offset: UInt32 = 0
        var blob: [UInt8] = []
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(values.count + 1)
        for v in values {
            var v = v
            v.withUTF8 { blob.append(contentsOf: $0) }
            offset = UInt32(blob.count)
            offsets.append(offset)
        }
        for o in offsets { u32(o) }
        bytes.append(contentsOf: blob)
    }

    mutating func location(_ l: SourceLocation?) {
        guard let l else { bool(false); return }
        bool(true)
        string(l.file)
        int(l.line)
        int(l.column ?? -1)
    }

    mutating func diagnostic(_ d: Diagnostic) {
        string(d.code.rawValue)
        u8(d.severity == .error ? 0 : d.severity == .warning ? 1 : 2)
        string(d.message)
        bool(d.hint != nil)
        string(d.hint ?? "")
        location(d.location)
        count(d.related.count)
        for r in d.related { location(r) }
    }

    mutating func period(_ p: Period) {
        string(p.kind.rawValue)
        string(p.name)
        day(p.start)
        day(p.end)
        int(p.academicYear)
        int(p.number)
    }

    mutating func periods(_ ps: [Period]) {
        count(ps.count)
        for p in ps { period(p) }
    }
}

/// Reads what ``StoreEncoder`` wrote, checking every length against the section's end: a
/// store that passed its checksums but does not decode is refused, never half-read.
struct StoreDecoder {
    struct Failure: Error { let detail: String }

    let bytes: UnsafeRawBufferPointer
    var at = 0
    let section: String

    init(_ bytes: UnsafeRawBufferPointer, section: String) {
        self.bytes = bytes
        self.section = section
    }

    func fail(_ what: String) -> Failure { Failure(detail: "its \(section) section does not decode (\(what))") }

    mutating func take(_ n: Int) throws(Failure) -> Int {
        guard n >= 0, at + n <= bytes.count else { throw fail("ends early") }
        defer { at += n }
        return at
    }

    mutating func u8() throws(Failure) -> UInt8 { bytes[try take(1)] }
    mutating func bool() throws(Failure) -> Bool {
        let v = try u8()
        guard v <= 1 else { throw fail("a flag is \(v)") }
        return v == 1
    }
    mutating func u32() throws(Failure) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self)) }
    mutating func u64() throws(Failure) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8), as: UInt64.self)) }
    mutating func i32() throws(Failure) -> Int32 { Int32(bitPattern: try u32()) }
    mutating func int() throws(Failure) -> Int { Int(Int64(bitPattern: try u64())) }

    /// A count, no more than the bytes left could hold at `each` bytes apiece.
    mutating func count(each: Int = 1) throws(Failure) -> Int {
        let n = Int(try u32())
        guard n * max(1, each) <= bytes.count - at else { throw fail("a count of \(n) is too large") }
        return n
    }

    mutating func string() throws(Failure) -> String {
        let n = try count()
        let s = try take(n)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[s..<(s + n)]), as: UTF8.self)
    }

    mutating func day() throws(Failure) -> Day? {
        let v = try i32()
        return v == Int32.min ? nil : Day(number: v)
    }

    mutating func days() throws(Failure) -> [Day?] {
        let n = try count(each: 4)
        var out: [Day?] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try day()) }
        return out
    }

    mutating func strings() throws(Failure) -> [String] {
        let n = try count(each: 4)
        let o = try take(4 * (n + 1))
        func offset(_ i: Int) -> Int { Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: o + 4 * i, as: UInt32.self))) }
        let total = offset(n)
        guard offset(0) == 0 else { throw fail("a text column does not start at 0") }
        let blob = try take(total)
        var out: [String] = []
        out.reserveCapacity(n)
        var previous = 0
        for i in stride(from: 1, through: n, by: 1) {
            let e = offset(i)
            guard e >= previous && e <= total else { throw fail("a text column's offsets are out of order") }
            out.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(blob + previous)..<(blob + e)]), as: UTF8.self))
            previous = e
        }
        return out
    }

    mutating func location() throws(Failure) -> SourceLocation? {
        guard try bool() else { return nil }
        let file = try string()
        let line = try int()
        let column = try int()
        return SourceLocation(file: file, line: line, column: column < 0 ? nil : column)
    }

    mutating func diagnostic() throws(Failure) -> Diagnostic {
        let code = try string()
        let sev: Diagnostic.Severity
        switch try u8() {
        case 0: sev = .error
        case 1: sev = .warning
        case 2: sev = .note
        default: throw fail("a message's severity")
        }
        let message = try string()
        let hasHint = try bool()
        let hint = try string()
        let location = try location()
        let n = try count()
        var related: [SourceLocation] = []
        for _ in 0..<n { if let r = try self.location() { related.append(r) } }
        return Diagnostic(DiagnosticCode(code), sev, message: message, hint: hasHint ? hint : nil, location: location, related: related)
    }

    mutating func period() throws(Failure) -> Period {
        guard let kind = Period.Kind(rawValue: try string()) else { throw fail("a period's kind") }
        let name = try string()
        guard let start = try day(), let end = try day() else { throw fail("a period's dates") }
        let year = try int()
        let number = try int()
        return Period(kind: kind, name: name, start: start, end: end, academicYear: year, number: number)
    }

    mutating func periods() throws(Failure) -> [Period] {
        let n = try count()
        var out: [Period] = []
        for _ in 0..<n { out.append(try period()) }
        return out
    }
}
