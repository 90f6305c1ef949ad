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
/// word arithmetic (a field may be quoted, `"…"` or `""`, when it holds no line end or
/// escaped quote), packs the UPN into two words for the open-addressing table (or reuses the
/// previous row's pupil), looks the date up in ``MarkDateCache`` (any row order), and stores
/// the code. It reads each field with the general reader's rules (``CSVScanner/trimmed(_:_:_:)``,
/// ``MarkFields``, ``CodeTable/lookup(_:_:_:)``). Any row it cannot take whole goes to
/// ``readRecord(at:lineCursor:)``, the general reader, which also gives every message.
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
        /// Every row through the general reader (``MarksLoader/generalReaderOnly``).
        let generalReaderOnly: Bool
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
    /// The slots of ``tally``.
    private enum Tally {
        static let marks = 0
        static let rows = 1
        /// Sessions stored with code id `id`.
        static func code(_ id: UInt8) -> Int { 2 + Int(id) }
        static let count = 2 + 64
    }
    /// Counters the hot loop bumps, kept in raw memory (no exclusivity or uniqueness checks).
    private let tally: UnsafeMutablePointer<Int>
    var markCount: Int { tally[Tally.marks] }
    var rowCount: Int { tally[Tally.rows] }
    var codeCounts: [Int] { (0..<64).map { tally[Tally.code(UInt8($0))] } }
    /// The code facts of ``CodeTable`` by code id, copied for the hot loop.
    private let validFrom: UnsafeMutablePointer<Int32>
    private let validTo: UnsafeMutablePointer<Int32>
    private let isMissing: UnsafeMutablePointer<Bool>
    private(set) var badRows = 0
    /// Records read by ``readRecord(at:lineCursor:)``.
    private(set) var generalReaderRows = 0
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
        tally = .allocate(capacity: Tally.count)
        tally.initialize(repeating: 0, count: Tally.count)
        pending = .allocate(capacity: Self.batch)
        sorted = .allocate(capacity: Self.batch)
        order = .allocate(capacity: 6)
        order.initialize(repeating: 0, count: 6)
        order[4] = -1
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
        pending.deallocate()
        sorted.deallocate()
        order.deallocate()
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

    // MARK: Storing in pupil order

    /// A good row waiting to be stored (see ``store(_:_:_:_:_:_:)``).
    private struct Pending {
        var cell: Int32
        var line: Int32
        var year: UInt16
        var minutes: UInt16
        var code: UInt8
    }

    /// Rows held before they are stored, when the part's rows are not in pupil order.
    private static let batch = 1 << 18
    /// Rows between two looks at the order of the rows, when storing them at once.
    private static let window = 1 << 14
    /// Pupils whose grid rows are stored together (about 0.5 MB of grid and 64 kB of bitmap:
    /// they stay in the core's cache).
    private static let bucketShift = 10

    /// The rows held, and room to sort them.
    private let pending: UnsafeMutablePointer<Pending>
    private let sorted: UnsafeMutablePointer<Pending>
    /// The order state, in raw memory: [0] rows held, [1] held (1) or stored at once (0),
    /// [2] the row count (``Tally/rows``) at the last look, [3] rows since then that changed
    /// pupil, [4] the last pupil the general reader stored, [5] whether any row was held (the
    /// duplicates then need sorting).
    private let order: UnsafeMutablePointer<Int>

    /// Stores a good row. Rows in pupil order are stored at once: each pupil's grid row stays
    /// in the cache. Rows in another order (by date, shuffled) would make each store a cache
    /// miss, so they are held, a batch at a time, and stored bucket by bucket of pupils, each
    /// bucket in file order (so the first row of a session is still the one kept). The order
    /// is looked at after each batch and, while rows are stored at once, at the first change of
    /// pupil ``window`` rows after the last look (``pupilChanged()``: the fast path calls it
    /// when the UPN differs from the last row's, the general reader through
    /// ``storeChecked(_:_:_:_:_:_:)``).
    @inline(__always)
    private func store(_ pupil: Int, _ ds: DateSlot, _ pm: Bool, _ code: UInt8, _ minutes: Int, _ line: Int) {
        let cell = pupil * MarkGrid.rowBytes + Int(ds.offset) + (pm ? 1 : 0)
        if order[1] != 0 {
            pending[order[0]] = Pending(cell: Int32(cell), line: Int32(line), year: UInt16(ds.year), minutes: UInt16(minutes), code: code)
            order[0] += 1
            if order[0] == Self.batch { flush() }
        } else {
            write(cell, Int(ds.offset) >> 1, ds.year, ds.block, ds.written, ds.used, code, minutes, line)
        }
    }

    /// Counts a row whose pupil is not the row before's, and looks at the order when
    /// ``window`` rows have gone by since the last look and rows are stored at once (held
    /// rows are looked at after each batch). Rows of one pupil cannot change the verdict, so
    /// the look waits for a change of pupil: a file in pupil order pays nothing per row.
    @inline(__always)
    private func pupilChanged() {
        order[3] += 1
        if order[1] == 0 && tally[Tally.rows] - order[2] >= Self.window { lookAtOrder() }
    }

    /// ``store(_:_:_:_:_:_:)`` for a row of the general reader, which notes its own changes
    /// of pupil.
    private func storeChecked(_ pupil: Int, _ ds: DateSlot, _ pm: Bool, _ code: UInt8, _ minutes: Int, _ line: Int) {
        if pupil != order[4] { order[4] = pupil; pupilChanged() }
        store(pupil, ds, pm, code, minutes, line)
    }

    /// Holds rows from now on when most rows since the last look changed pupil.
    private func lookAtOrder() {
        let rows = tally[Tally.rows]
        order[1] = order[3] * 8 > rows - order[2] ? 1 : 0
        if order[1] != 0 { order[5] = 1 }
        order[2] = rows
        order[3] = 0
    }

    /// Stores the rows held: sorted by bucket of pupils (a counting sort, stable), then each
    /// written as ``write`` does.
    private func flush() {
        let count = order[0]
        order[0] = 0
        defer { lookAtOrder() }
        guard count > 0 else { return }
        let buckets = (c.grid.pupilCount >> Self.bucketShift) + 1
        var starts = [Int](repeating: 0, count: buckets + 1)
        starts.withUnsafeMutableBufferPointer { st in
            for i in 0..<count { st[(Int(pending[i].cell) / MarkGrid.rowBytes) >> Self.bucketShift + 1] += 1 }
            for b in 0..<buckets { st[b + 1] += st[b] }
            for i in 0..<count {
                let b = (Int(pending[i].cell) / MarkGrid.rowBytes) >> Self.bucketShift
                sorted[st[b]] = pending[i]
                st[b] += 1
            }
        }
        var year = -1
        var block = UnsafeMutablePointer<UInt8>(bitPattern: 8)!
        var written = UnsafeMutablePointer<UInt64>(bitPattern: 8)!
        var used = UnsafeMutablePointer<UInt8>(bitPattern: 8)!
        for i in 0..<count {
            let r = sorted[i]
            if Int(r.year) != year {
                year = Int(r.year)
                block = c.grid.block(year)
                written = writtenMaps[year]!
                used = usedMaps[year]!
            }
            let cell = Int(r.cell)
            write(cell, (cell % MarkGrid.rowBytes) >> 1, Int32(year), block, written, used, r.code, Int(r.minutes), Int(r.line))
        }
    }

    /// Stores a good row at once: the first row of a session writes the grid, a later one is
    /// kept as a duplicate. `slot`: the cell's weekday slot.
    @inline(__always)
    private func write(_ cell: Int, _ slot: Int, _ year: Int32, _ block: UnsafeMutablePointer<UInt8>, _ written: UnsafeMutablePointer<UInt64>,
                       _ used: UnsafeMutablePointer<UInt8>, _ code: UInt8, _ minutes: Int, _ line: Int) {
        let bit: UInt64 = 1 << UInt64(cell & 63)
        let w = written[cell >> 6]
        if w & bit == 0 {
            written[cell >> 6] = w | bit
            block[cell] = code
            used[slot] = 1
            tally[Tally.marks] += 1
            tally[Tally.code(code)] += 1
            if minutes > 0 { self.minutes.append(.init(year: year, cell: Int32(cell), minutes: UInt16(minutes))) }
        } else {
            duplicates.append(.init(year: year, cell: Int32(cell), line: Int32(line), code: code))
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

    /// The most fields a row may have to take the fast path.
    static let maxFastFields = 32

    /// What the fast path reads on every row, copied out of the context once per part into a
    /// local value: read through `self`, each would be loaded again after every store the
    /// row makes to raw memory (the grid, the bitmaps, the tallies), since the compiler cannot
    /// tell those stores from a change to the reader's fields. (This was most of the second
    /// wave's 13% over the first wave's loader: see Docs/performance.md.)
    private struct FastPlan {
        let p: UnsafePointer<UInt8>
        let n: Int
        let iUPN: Int, iDate: Int, iSession: Int, iMark: Int
        /// `Int.max` when the file has no minutes column.
        let iMinutes: Int
        let needed: Int
        let upns: UPNIndex
        let codes: CodeLookup
        let tally: UnsafeMutablePointer<Int>

        init(_ r: MarkChunkReader, _ p: UnsafePointer<UInt8>) {
            let c = r.c
            self.p = p
            n = c.bytes.count
            iUPN = c.iUPN; iDate = c.iDate; iSession = c.iSession; iMark = c.iMark
            iMinutes = c.iMinutes ?? Int.max
            needed = c.needed
            upns = c.upnIndex
            codes = c.codes
            tally = r.tally
        }
    }

    /// Where the fast path's state lives while a part is read: the field starts of the row
    /// at hand, the previous row's pupil, the dates seen.
    private struct FastState {
        /// `starts[k]`: where field k starts; `starts[fieldCount]`: the row's end + 1.
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: MarkChunkReader.maxFastFields + 2)
        var dates = MarkDateCache()
        var lastA: UInt64 = ~0, lastB: UInt64 = ~0, lastPupil = -1
        /// Whether the last row's pupil followed the one before it (then the next row's pupil
        /// is guessed to follow it too).
        var guessNext = false
        func deallocate() { starts.deallocate(); dates.deallocate() }
    }

    /// Reads the records that start in `start..<limit`.
    func read(from start: Int, to limit: Int) {
        guard let base = c.bytes.baseAddress else { end = start; return }
        var st = FastState()
        defer { st.deallocate() }
        let plan = FastPlan(self, base)
        let fast = !c.generalReaderOnly
        var pos = start
        var line = 0
        while pos < limit {
            if fast, let next = fastRow(at: pos, line: line, plan, &st) {
                pos = next
                line += 1
            } else {
                pos = readRecord(at: pos, lineCursor: &line)
            }
        }
        flush()
        // Held rows were stored bucket by bucket: put their duplicates back in file order.
        if order[5] != 0 { duplicates.sort { $0.line < $1.line } }
        lines = line
        end = pos
    }

    /// The row ``split(at:_:_:)`` found, as a local value (not in ``FastState``: stores to the
    /// field starts would make the compiler load it again for every field).
    private struct SplitRow {
        /// Where the next row starts.
        let next: Int
        /// The last field's index.
        let lastField: Int
        /// Whether the row has a space or tab anywhere (only then are fields trimmed), or a
        /// quoted field (only then are fields looked at for quotes).
        let blank: Bool, quoted: Bool
    }

    /// Splits the row at `pos` into fields a word at a time (into `starts`); returns where
    /// the next row starts and what it holds, or nil when the row is not for the fast path: a quote that does
    /// not open a field, a quoted field holding a line end or an escaped quote, or text after
    /// a closing quote (a comma inside quotes is part of the field); a lone CR; more than ``maxFastFields`` fields; the file's
    /// last 8 bytes.
    @inline(__always)
    private func split(at pos: Int, _ k: FastPlan, _ fs: UnsafeMutablePointer<Int>) -> SplitRow? {
        let p = k.p
        let n = k.n
        let raw = UnsafeRawPointer(p)
        var i = pos
        var nf = 0
        fs[0] = pos
        var blank = false
        var quoted = false
        var inQuote = false
        // (Positions are within the file, so the arithmetic cannot overflow.) One pass over
        // the row's words: a row without quotes pays one well-predicted test a delimiter.
        // (A separate loop for the inside of quotes, resuming the row's words after each
        // closing quote, counted fewer instructions but took 14% longer on every-field-
        // quoted files: it reloads a word at every closing quote.)
        while true {
            guard i &+ 8 <= n else { return nil }
            var m = Self.lowBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            while m != 0 {
                let q = i &+ (m.trailingZeroBitCount &>> 3)
                let ch = p[q]
                if inQuote {
                    if ch == 34 {
                        // The closing quote: a delimiter or line end must follow at once.
                        guard q &+ 1 < n else { return nil }
                        let after = p[q &+ 1]
                        guard after == 44 || after == 10 || after == 13 else { return nil }
                        inQuote = false
                    } else if ch == 10 || ch == 13 {
                        return nil   // a line end inside quotes: the general reader counts lines
                    } else if CSVScanner.isBlank(ch) {
                        blank = true
                    }
                } else if ch == 44 {
                    nf &+= 1
                    if nf > Self.maxFastFields { return nil }
                    fs[nf] = q &+ 1
                } else if ch == 10 {
                    guard q > pos else { return nil }
                    fs[nf &+ 1] = q &+ 1
                    return SplitRow(next: q &+ 1, lastField: nf, blank: blank, quoted: quoted)
                } else if ch == 13 {
                    guard q > pos, q &+ 1 < n && p[q &+ 1] == 10 else { return nil }
                    fs[nf &+ 1] = q &+ 1
                    return SplitRow(next: q &+ 2, lastField: nf, blank: blank, quoted: quoted)
                } else if ch == 34 {
                    guard q == fs[nf] else { return nil }
                    quoted = true
                    inQuote = true
                } else if CSVScanner.isBlank(ch) {
                    blank = true
                }
                m &= m &- 1
            }
            i &+= 8
        }
    }

    /// Field `k` of the row split last: without its quotes (a quoted field on the fast path
    /// closes just before its delimiter), trimmed when the row has blanks.
    @inline(__always)
    private func field(_ i: Int, _ k: FastPlan, _ fs: UnsafeMutablePointer<Int>, _ row: SplitRow) -> (Int, Int) {
        var s = fs[i], e = fs[i &+ 1] &- 1
        if row.quoted || row.blank {
            let p = k.p
            if row.quoted && e > s && p[s] == 34 { s &+= 1; e &-= 1 }
            if row.blank { return CSVScanner.trimmed(p, s, e) }
        }
        return (s, e)
    }

    /// Takes the row at `pos` whole when it is plain and good: stores it and returns where
    /// the next row starts. Nil: the row (quirk or error) is for the general reader, which
    /// has stored nothing of it.
    @inline(__always)
    private func fastRow(at pos: Int, line: Int, _ k: FastPlan, _ st: inout FastState) -> Int? {
        let fs = st.starts
        guard let row = split(at: pos, k, fs), row.lastField >= k.needed else { return nil }
        let p = k.p
        let n = k.n

        // UPN: two words for the open-addressing table, or the previous row's pupil, or the next.
        let (us, ue) = field(k.iUPN, k, fs, row)
        let ulen = ue - us
        guard ulen >= 1 && ulen <= 15 && us + 16 <= n else { return nil }
        let raw = UnsafeRawPointer(p)
        let key = UPNIndex.packLoaded(raw.loadUnaligned(fromByteOffset: us, as: UInt64.self),
                                      raw.loadUnaligned(fromByteOffset: us + 8, as: UInt64.self), ulen)
        let pupil: Int
        if key.a == st.lastA && key.b == st.lastB {
            pupil = st.lastPupil
        } else {
            // The pupil after the last one while that guess keeps coming true (rows in date
            // order), else the table. (A guess costs a cache miss when rows are shuffled.)
            let next = st.lastPupil + 1
            if st.guessNext && k.upns.isPupil(next, key.a, key.b) {
                pupil = next
            } else {
                pupil = k.upns.find(key.a, key.b)
                guard pupil >= 0 else { return nil }
                st.guessNext = pupil == next
            }
            st.lastA = key.a; st.lastB = key.b; st.lastPupil = pupil
            pupilChanged()
        }

        // Date
        let (ds, de) = field(k.iDate, k, fs, row)
        guard de - ds >= 8 && de - ds <= 10 else { return nil }
        let (k1, k2) = MarkDateCache.key(p, ds, de)
        let slot: DateSlot
        if let s = st.dates.find(k1, k2) {
            slot = s
        } else {
            guard let d = Day.parse(c.bytes, ds, de), !d.isWeekend else { return nil }
            if let termDays = c.termDays, !termDays.contains(d) { return nil }
            if exceedsYears(d) { return nil }
            slot = dateSlot(d)
            st.dates.remember(k1, k2, slot)
        }

        let (ss, se) = field(k.iSession, k, fs, row)
        guard let pm = MarkFields.session(p, ss, se) else { return nil }
        let (ms, me) = field(k.iMark, k, fs, row)
        guard let code = k.codes.lookup(UnsafeBufferPointer(start: p, count: n), ms, me)?.rawValue else { return nil }
        var minutes = 0
        if k.iMinutes <= row.lastField {
            let (ns, ne) = field(k.iMinutes, k, fs, row)
            guard let v = MarkFields.minutes(p, ns, ne) else { return nil }
            minutes = v
        }

        k.tally[Tally.rows] += 1
        noteCode(code, slot.day, line)
        store(pupil, slot, pm, code, minutes, line)
        return row.next
    }

    /// Reads one record with the CSV scanner: every check, every message.
    private func readRecord(at pos: Int, lineCursor: inout Int) -> Int {
        let bytes = c.bytes
        let name = c.name
        var scanner = CSVScanner(bytes, from: pos, firstLine: lineCursor)
        guard scanner.next(&fields) else { return bytes.count }
        generalReaderRows += 1
        defer {
            lineCursor = scanner.currentLine
            if let l = scanner.unterminatedQuoteLine { unterminatedQuoteLine = l }
        }
        let line = scanner.recordLine
        if fields.count == 1 && fields[0].isEmpty { return scanner.position }
        tally[Tally.rows] += 1
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
        let pm = MarkFields.session(bytes.baseAddress!, ss, se)
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
            if let v = MarkFields.minutes(bytes.baseAddress!, ns, ne) { minutes = v }
            else { report(.badMinutes(name, line: line, column: scanner.column(of: fields[iMinutes]))); ok = false }
        }
        guard ok, let pupil, let day, let pm, let code else { badRows += 1; return scanner.position }
        noteCode(code.rawValue, day.number, line)
        storeChecked(pupil, dateSlot(day), pm, code.rawValue, minutes, line)
        return scanner.position
    }
}
