#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the rows of one part of marks.csv (from a line start to a line start) into the
/// shared ``MarkGrid``, and keeps what the part found: its problems (with lines counted from
/// the part's first line), warnings, counts, minutes late, and the repeated sessions to
/// judge once all parts are read.
///
/// Each session the part writes is marked in the part's own bitmap: a second row for the
/// session within the part is kept as a duplicate to judge later (the grid still holds the
/// first row's code, since no other part writes that session, which the loader checks).
///
/// The fast path takes a row of plain fields in 8-byte words: it finds the separators with
/// word arithmetic, packs the UPN into two words for the open-addressing table (or reuses the
/// previous row's pupil), looks the date up in a small cache of recent dates, and stores the
/// code. Any row it cannot take whole goes to ``readRecord(at:)``, the general reader, which
/// also gives every message.
final class MarkChunkReader: @unchecked Sendable {
    struct Context: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        let name: String
        let pupils: PupilTable
        let upnIndex: UPNIndex
        let termDays: DaySet?
        let grid: MarkGrid
        let iUPN: Int, iDate: Int, iSession: Int, iMark: Int
        let iMinutes: Int?
        /// Mark text → code id: the national codes and the register's codes.csv.
        var codes = CodeLookup.national
        var needed: Int { max(iUPN, iDate, iSession, iMark) }
    }

    struct CodeUse { var count = 0; var firstLine = 0 }
    struct Duplicate { var year: Int32; var cell: Int32; var line: Int32; var code: UInt8 }

    let c: Context
    private(set) var problems: [Diagnostic] = []
    private(set) var problemCount = 0
    private(set) var legacyLate = [CodeUse](repeating: CodeUse(), count: 64)
    private(set) var earlyNew = [CodeUse](repeating: CodeUse(), count: 64)
    private(set) var noMark = CodeUse()
    private(set) var duplicates: [Duplicate] = []
    private(set) var minutes: [MarksLoader.MinuteEntry] = []
    /// Counters the hot loop bumps, kept in raw memory (no exclusivity or uniqueness checks):
    /// [0] marks stored, [1] rows, [2…65] sessions stored by code id.
    private let tally: UnsafeMutablePointer<Int>
    var markCount: Int { tally[0] }
    var rowCount: Int { tally[1] }
    var codeCounts: [Int] { (0..<64).map { tally[2 + $0] } }
    /// The code facts of ``CodeTable`` by code id, copied for the hot loop.
    private let validFrom: UnsafeMutablePointer<Int32>
    private let validTo: UnsafeMutablePointer<Int32>
    private let isMissing: UnsafeMutablePointer<Bool>
    private(set) var badRows = 0
    private(set) var unterminatedQuoteLine: Int?
    /// Lines read (the next record's line, counted from 0 at the part's start).
    private(set) var lines = 0
    /// Where the part's last record ended.
    private(set) var end = 0

    /// Per year index: the sessions this part wrote (one bit per grid byte) and the weekday
    /// slots it used.
    private var writtenMaps: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>?>
    private var usedMaps: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    private var fields: [CSVField] = []

    init(_ context: Context) {
        c = context
        writtenMaps = .allocate(capacity: MarkGrid.yearCount)
        writtenMaps.initialize(repeating: nil, count: MarkGrid.yearCount)
        usedMaps = .allocate(capacity: MarkGrid.yearCount)
        usedMaps.initialize(repeating: nil, count: MarkGrid.yearCount)
        fields.reserveCapacity(8)
        tally = .allocate(capacity: 66)
        tally.initialize(repeating: 0, count: 66)
        validFrom = .allocate(capacity: 64)
        validTo = .allocate(capacity: 64)
        isMissing = .allocate(capacity: 64)
        for i in 0..<64 {
            let known = i < CodeTable.validFromNumber.count
            validFrom[i] = known ? CodeTable.validFromNumber[i] : Int32.min
            validTo[i] = known ? CodeTable.validToNumber[i] : Int32.max
            isMissing[i] = known && CodeTable.isMissingByID[i]
        }
    }

    deinit {
        releaseBitmaps()
        writtenMaps.deallocate()
        usedMaps.deallocate()
        tally.deallocate()
        validFrom.deallocate()
        validTo.deallocate()
        isMissing.deallocate()
    }

    func written(_ year: Int) -> UnsafeMutablePointer<UInt64>? { writtenMaps[year] }
    func usedSlots(_ year: Int) -> UnsafeMutablePointer<UInt8>? { usedMaps[year] }

    func releaseBitmaps() {
        for y in 0..<MarkGrid.yearCount {
            if let w = writtenMaps[y] { free(w); writtenMaps[y] = nil }
            if let u = usedMaps[y] { free(u); usedMaps[y] = nil }
        }
    }

    // MARK: Storing

    /// Where a date's sessions go, for this part.
    struct DateSlot {
        var block = UnsafeMutablePointer<UInt8>(bitPattern: 8)!
        var written = UnsafeMutablePointer<UInt64>(bitPattern: 8)!
        var used = UnsafeMutablePointer<UInt8>(bitPattern: 8)!
        var year: Int32 = 0
        /// 2 × weekday slot.
        var offset: Int32 = 0
        var day: Int32 = 0
    }

    /// Academic years this part has stored marks for.
    private(set) var yearsInUse = 0

    /// True when `d` would start one academic year more than a register may span: each year
    /// costs a byte per pupil per session, so a few rows dated across centuries could
    /// otherwise take gigabytes.
    func exceedsYears(_ d: Day) -> Bool {
        let (y, _) = MarkGrid.slot(of: d)
        return writtenMaps[y] == nil && yearsInUse >= MarksLoader.maxAcademicYears
    }

    func dateSlot(_ d: Day) -> DateSlot {
        let (y, s) = MarkGrid.slot(of: d)
        if writtenMaps[y] == nil {
            yearsInUse += 1
            let words = (c.grid.pupilCount * MarkGrid.rowBytes + 63) >> 6
            writtenMaps[y] = calloc(max(1, words), 8)!.assumingMemoryBound(to: UInt64.self)
            usedMaps[y] = calloc(MarkGrid.weekdaySlots, 1)!.assumingMemoryBound(to: UInt8.self)
        }
        return DateSlot(block: c.grid.block(y), written: writtenMaps[y]!, used: usedMaps[y]!, year: Int32(y),
                        offset: Int32(2 * s), day: d.number)
    }

    /// Stores a good row: the first row of a session writes the grid, a later one is kept
    /// as a duplicate.
    @inline(__always)
    private func store(_ pupil: Int, _ ds: DateSlot, _ pm: Bool, _ code: UInt8, _ minutes: Int, _ line: Int) {
        let cell = pupil * MarkGrid.rowBytes + Int(ds.offset) + (pm ? 1 : 0)
        let bit: UInt64 = 1 << UInt64(cell & 63)
        let w = ds.written[cell >> 6]
        if w & bit == 0 {
            ds.written[cell >> 6] = w | bit
            ds.block[cell] = code
            ds.used[Int(ds.offset) >> 1] = 1
            tally[0] += 1
            tally[2 + Int(code)] += 1
            if minutes > 0 { self.minutes.append(.init(year: ds.year, cell: Int32(cell), minutes: UInt16(minutes))) }
        } else {
            duplicates.append(.init(year: ds.year, cell: Int32(cell), line: Int32(line), code: code))
        }
    }

    /// The warnings a good row can raise: a code out of force on its date, `-`.
    @inline(__always)
    private func noteCode(_ code: UInt8, _ day: Int32, _ line: Int) {
        let i = Int(code)
        if day > validTo[i] {
            if legacyLate[i].count == 0 { legacyLate[i].firstLine = line }
            legacyLate[i].count += 1
        }
        if day < validFrom[i] {
            if earlyNew[i].count == 0 { earlyNew[i].firstLine = line }
            earlyNew[i].count += 1
        }
        if isMissing[i] {
            if noMark.count == 0 { noMark.firstLine = line }
            noMark.count += 1
        }
    }

    private func report(_ d: Diagnostic) {
        problemCount += 1
        if problems.count < MarksLoader.cap { problems.append(d) }
    }

    // MARK: Reading

    /// Bytes below 0x2D (`,` `"` CR LF, and a few others): the high bit of each such byte.
    @inline(__always)
    static func lowBytes(_ w: UInt64) -> UInt64 {
        let hi: UInt64 = 0x8080_8080_8080_8080
        let t = ((w & ~hi) | hi) &- 0x2D2D_2D2D_2D2D_2D2D
        return ~t & ~w & hi
    }

    /// Reads the records that start in `start..<limit`.
    func read(from start: Int, to limit: Int) {
        let bytes = c.bytes
        let n = bytes.count
        guard let p = bytes.baseAddress else { end = start; return }
        let raw = UnsafeRawPointer(p)
        let iUPN = c.iUPN, iDate = c.iDate, iSession = c.iSession, iMark = c.iMark
        let iMinutes = c.iMinutes ?? Int.max
        let needed = c.needed
        let maxFields = 32
        let fs = UnsafeMutablePointer<Int>.allocate(capacity: maxFields + 2)
        defer { fs.deallocate() }
        let upns = c.upnIndex
        let table1 = c.codes.byteTable1
        let codes = c.codes
        let termDays = c.termDays

        // The dates seen: an open-addressing table on the packed date bytes (a register has a
        // few hundred distinct dates; past half full, new ones are worked out every time).
        let cacheSize = 8192
        var cacheKeys = [UInt64](repeating: 0, count: cacheSize * 2)
        var cacheSlots = [DateSlot](repeating: DateSlot(), count: cacheSize)
        var cacheUsed = 0
        /// Per entry: the entry of the date that came next last time (-1: none).
        var cacheNext = [Int32](repeating: -1, count: cacheSize)
        var lastEntry = -1

        var lastA: UInt64 = ~0, lastB: UInt64 = ~0, lastPupil = -1
        var lastK1: UInt64 = ~0, lastK2: UInt64 = ~0
        var lastSlot: DateSlot? = nil

        @inline(__always) func load64(_ i: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) }
        @inline(__always) func trim(_ s: inout Int, _ e: inout Int, _ blank: Bool) {
            guard blank else { return }
            while s < e && (p[s] == 32 || p[s] == 9) { s += 1 }
            while e > s && (p[e - 1] == 32 || p[e - 1] == 9) { e -= 1 }
        }

        var pos = start
        var line = 0
        rows: while pos < limit {
            // ---- fast path: split the row into fields a word at a time.
            fast: do {
                var i = pos
                var nf = 0
                fs[0] = pos
                var rowEnd = -1, next = -1
                // Whether the row has a space or tab anywhere: only then are fields trimmed.
                var blank = false
                // (Positions are within the file, so the arithmetic cannot overflow.)
                scan: while true {
                    guard i &+ 8 <= n else { break fast }
                    var m = Self.lowBytes(load64(i))
                    while m != 0 {
                        let q = i &+ (m.trailingZeroBitCount &>> 3)
                        let ch = p[q]
                        if ch == 44 {
                            nf &+= 1
                            if nf > maxFields { break fast }
                            fs[nf] = q &+ 1
                        } else if ch == 10 {
                            rowEnd = q; next = q &+ 1
                            break scan
                        } else if ch == 13 {
                            guard q &+ 1 < n && p[q &+ 1] == 10 else { break fast }
                            rowEnd = q; next = q &+ 2
                            break scan
                        } else if ch == 34 {
                            break fast
                        } else if ch == 32 || ch == 9 {
                            blank = true
                        }
                        m &= m &- 1
                    }
                    i &+= 8
                }
                guard nf >= needed, rowEnd > pos else { break fast }
                fs[nf + 1] = rowEnd + 1

                // UPN
                var us = fs[iUPN], ue = fs[iUPN + 1] - 1
                trim(&us, &ue, blank)
                let ulen = ue - us
                guard ulen >= 1 && ulen <= 15 && us + 16 <= n else { break fast }
                let key = UPNIndex.packLoaded(load64(us), load64(us + 8), ulen)
                let pupil: Int
                if key.a == lastA && key.b == lastB {
                    pupil = lastPupil
                } else {
                    pupil = upns.find(key.a, key.b)
                    guard pupil >= 0 else { break fast }
                    lastA = key.a; lastB = key.b; lastPupil = pupil
                }

                // Date
                var ds = fs[iDate], de = fs[iDate + 1] - 1
                trim(&ds, &de, blank)
                let dlen = de - ds
                guard dlen >= 8 && dlen <= 10 else { break fast }
                let k1 = load64(ds)
                var k2 = UInt64(dlen) << 16
                if dlen >= 9 { k2 |= UInt64(p[ds + 8]) }
                if dlen == 10 { k2 |= UInt64(p[ds + 9]) << 8 }
                let slot: DateSlot
                if k1 == lastK1 && k2 == lastK2, let s = lastSlot {
                    slot = s
                } else if lastEntry >= 0, case let guess = Int(cacheNext[lastEntry]), guess >= 0,
                          cacheKeys[2 * guess] == k1 && cacheKeys[2 * guess + 1] == k2 {
                    // The date that followed the previous one last time (each pupil's rows
                    // usually run through the same dates in the same order).
                    slot = cacheSlots[guess]
                    lastK1 = k1; lastK2 = k2; lastSlot = slot; lastEntry = guess
                } else {
                    // The top bits of the product depend on every byte of the date.
                    let hx = ((k1 ^ (k2 << 40)) &* 0x9E37_79B9_7F4A_7C15) ^ k2
                    var h = Int(truncatingIfNeeded: (hx &* 0xBF58_476D_1CE4_E5B9) >> 51)
                    var found = false
                    // k2 holds the length, so a used entry's second key is never 0.
                    while cacheKeys[2 * h + 1] != 0 {
                        if cacheKeys[2 * h] == k1 && cacheKeys[2 * h + 1] == k2 { found = true; break }
                        h = (h + 1) & (cacheSize - 1)
                    }
                    var entry = -1
                    if found {
                        slot = cacheSlots[h]
                        entry = h
                    } else {
                        guard let d = Day.parse(bytes, ds, de), !d.isWeekend else { break fast }
                        if let termDays, !termDays.contains(d) { break fast }
                        if exceedsYears(d) { break fast }
                        slot = dateSlot(d)
                        if cacheUsed < cacheSize / 2 {
                            cacheKeys[2 * h] = k1; cacheKeys[2 * h + 1] = k2
                            cacheSlots[h] = slot
                            cacheUsed += 1
                            entry = h
                        }
                    }
                    if lastEntry >= 0 { cacheNext[lastEntry] = Int32(entry) }
                    lastEntry = entry
                    lastK1 = k1; lastK2 = k2; lastSlot = slot
                }

                // Session
                var ss = fs[iSession], se = fs[iSession + 1] - 1
                trim(&ss, &se, blank)
                let pm: Bool
                let c0 = p[ss] | 0x20
                if se - ss == 2 && (p[ss + 1] | 0x20) == 0x6D {
                    if c0 == 0x61 { pm = false } else if c0 == 0x70 { pm = true } else { break fast }
                } else if se - ss == 1 {
                    if c0 == 0x61 { pm = false } else if c0 == 0x70 { pm = true } else { break fast }
                } else {
                    break fast
                }

                // Mark
                var ms = fs[iMark], me = fs[iMark + 1] - 1
                trim(&ms, &me, blank)
                let code: UInt8
                if me - ms == 1 { code = table1[Int(p[ms])] }
                else if me - ms == 2 { code = codes.pair(p[ms], p[ms + 1]) }
                else { break fast }
                guard code != 0 else { break fast }

                // Minutes late
                var minutes = 0
                if iMinutes <= nf {
                    var ns = fs[iMinutes], ne = fs[iMinutes + 1] - 1
                    trim(&ns, &ne, blank)
                    while ns < ne {
                        let dgt = p[ns] &- 48
                        guard dgt <= 9 else { break fast }
                        minutes = minutes * 10 + Int(dgt)
                        guard minutes <= 65535 else { break fast }
                        ns += 1
                    }
                }

                tally[1] += 1
                noteCode(code, slot.day, line)
                store(pupil, slot, pm, code, minutes, line)
                pos = next
                line += 1
                continue rows
            }
            // ---- the general reader
            pos = readRecord(at: pos, lineCursor: &line)
        }
        lines = line
        end = pos
    }

    /// Reads one record with the CSV scanner: every check, every message.
    private func readRecord(at pos: Int, lineCursor: inout Int) -> Int {
        let bytes = c.bytes
        let name = c.name
        var scanner = CSVScanner(bytes, from: pos, firstLine: lineCursor)
        guard scanner.next(&fields) else { return bytes.count }
        defer {
            lineCursor = scanner.currentLine
            if let l = scanner.unterminatedQuoteLine { unterminatedQuoteLine = l }
        }
        let line = scanner.recordLine
        if fields.count == 1 && fields[0].isEmpty { return scanner.position }
        tally[1] += 1
        var ok = true
        let iUPN = c.iUPN, iDate = c.iDate, iSession = c.iSession, iMark = c.iMark
        guard fields.count > c.needed else {
            // A short row: name the first missing field.
            let missing = [("upn", iUPN), ("date", iDate), ("session", iSession), ("mark", iMark)].first { $0.1 >= fields.count }!
            report(.missingMarkField(name, line: line, column: 1, name: missing.0))
            badRows += 1
            return scanner.position
        }
        // UPN
        let fu = fields[iUPN]
        let (us, ue) = scanner.trimmed(fu)
        let pupil = c.upnIndex.lookup(bytes, us, ue)
        if pupil == nil {
            if us == ue { report(.missingMarkField(name, line: line, column: scanner.column(of: fu), name: "upn")) }
            else if !c.pupils.rejectedUPNs.contains(scanner.trimmedString(fu)) {
                report(.unknownPupil(name, line: line, column: scanner.column(of: fu), upn: scanner.trimmedString(fu)))
            }
            ok = false
        }
        // Date
        let fd = fields[iDate]
        let (ds, de) = scanner.trimmed(fd)
        let day = Day.parse(bytes, ds, de)
        if day == nil {
            if ds == de { report(.missingMarkField(name, line: line, column: scanner.column(of: fd), name: "date")) }
            else { report(.malformedDate(name, line: line, column: scanner.column(of: fd), text: scanner.trimmedString(fd))) }
            ok = false
        } else if let d = day {
            if d.isWeekend {
                report(.weekendMark(name, line: line, column: scanner.column(of: fd), day: d)); ok = false
            } else if let termDays = c.termDays, !termDays.contains(d) {
                report(.outsideTerms(name, line: line, column: scanner.column(of: fd), day: d)); ok = false
            } else if exceedsYears(d) {
                report(.tooManyYears(name, line: line, column: scanner.column(of: fd), year: d.academicYear, limit: MarksLoader.maxAcademicYears)); ok = false
            }
        }
        // Session
        let fs = fields[iSession]
        let (ss, se) = scanner.trimmed(fs)
        let pm = MarksLoader.parseSession(bytes, ss, se)
        if pm == nil {
            if ss == se { report(.missingMarkField(name, line: line, column: scanner.column(of: fs), name: "session")) }
            else { report(.badSession(name, line: line, column: scanner.column(of: fs), text: scanner.trimmedString(fs))) }
            ok = false
        }
        // Mark
        let fm = fields[iMark]
        let (ms, me) = scanner.trimmed(fm)
        let code = c.codes.lookup(bytes, ms, me)
        if code == nil {
            if ms == me { report(.missingMarkField(name, line: line, column: scanner.column(of: fm), name: "mark")) }
            else { report(.unknownCode(name, line: line, column: scanner.column(of: fm), code: scanner.trimmedString(fm))) }
            ok = false
        }
        // Minutes late
        var minutes = 0
        if let iMinutes = c.iMinutes, iMinutes < fields.count {
            let (ns, ne) = scanner.trimmed(fields[iMinutes])
            if ns < ne {
                var v = 0
                var k = ns
                while k < ne {
                    let d = bytes[k] &- 48
                    // A whole number of minutes that fits the store (0…65535).
                    if d > 9 || v * 10 + Int(d) > 65_535 { v = -1; break }
                    v = v * 10 + Int(d)
                    k += 1
                }
                if v < 0 { report(.badMinutes(name, line: line, column: scanner.column(of: fields[iMinutes]))); ok = false }
                else { minutes = v }
            }
        }
        guard ok, let pupil, let day, let pm, let code else { badRows += 1; return scanner.position }
        noteCode(code.rawValue, day.number, line)
        store(pupil, dateSlot(day), pm, code.rawValue, minutes, line)
        return scanner.position
    }
}
