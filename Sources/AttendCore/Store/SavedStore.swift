#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loaded register saved in one binary file (`attend save`), reopened by mapping the file:
/// the mark matrix and the class bit matrices are used in place, the pupils table and the
/// calendar are decoded, and nothing is parsed or rebuilt.
///
/// Layout (little-endian; see Docs/performance.md):
///
///     0   header, 64 bytes: magic "ATNDSTOR", format version (u32), header size (u32),
///         file size (u64), section count (u32), 0 (u32), XXH64 of the section table (u64),
///         XXH64 of header bytes 0..<40 (u64), 16 bytes of zeros
///     64  section table: per section kind (u32), 0 (u32), offset (u64), length (u64),
///         XXH64 of the section's bytes (u64)
///         sections, each at a 64-byte boundary
///
/// Reopening refuses, with a message saying which: a file that is not a store (D401), one
/// of another format version (D402), one cut short or whose header, table or any section
/// does not match its checksum (D403), and a store whose register files have changed since
/// it was saved (D404: size, modification time, or the checksums of their first and last
/// 64 KB differ). Files that are gone are a warning (D405): the store is the register as
/// saved.
public enum SavedStore {
    public static let formatVersion: UInt32 = 3
    static let magic: [UInt8] = Array("ATNDSTOR".utf8)
    static let headerSize = 64
    static let tableEntrySize = 32

    enum Kind: UInt32 {
        case meta = 1, pupils = 2, marks = 3, minutesOffsets = 8, minutesSessions = 9, minutesValues = 10, defaultOrder = 11
        /// Class matrix `c` is kind `classBase + c.rawValue`.
        static let classBase: UInt32 = 16
    }

    /// Whether `path` names a file (not a folder): `--data` then means a saved store.
    public static func isFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFDIR
    }

    // MARK: Saving

    /// Writes `register` to `path` (mode 0600, through a temporary file renamed into place),
    /// by ``SafeFileWriter``'s rule: an existing file only with `replace`, never a device or
    /// a file of the register.
    public static func save(_ register: Register, to path: String, replace: Bool = false) throws(Diagnostic) {
        try SafeFileWriter.check(path, replace: replace)
        var sections: [(kind: UInt32, bytes: Chunk)] = []
        sections.append((Kind.meta.rawValue, .owned(encodeMeta(register))))
        sections.append((Kind.pupils.rawValue, .owned(encodePupils(register.pupils))))
        sections.append((Kind.marks.rawValue, .column(register.marks)))
        for c in MarkClass.allCases { sections.append((Kind.classBase + UInt32(c.rawValue), .column(register.matrix(c).words))) }
        if let m = register.minutesLate {
            sections.append((Kind.minutesOffsets.rawValue, .owned(m.offsets.withUnsafeBytes { Array($0) })))
            sections.append((Kind.minutesSessions.rawValue, .owned(m.sessions.withUnsafeBytes { Array($0) })))
            sections.append((Kind.minutesValues.rawValue, .owned(m.minutes.withUnsafeBytes { Array($0) })))
        }
        sections.append((Kind.defaultOrder.rawValue, .owned(register.defaultOrderRank.withUnsafeBytes { Array($0) })))

        // Offsets, then every section's checksum (in parallel).
        let tableEnd = headerSize + sections.count * tableEntrySize
        var offsets: [Int] = []
        var at = align(tableEnd)
        for s in sections {
            offsets.append(at)
            at = align(at + s.bytes.count)
        }
        let fileSize = offsets.last.map { $0 + sections.last!.bytes.count } ?? tableEnd
        let sums = checksums(sections.map { $0.bytes.raw })

        var table = StoreEncoder()
        for (i, s) in sections.enumerated() {
            table.u32(s.kind)
            table.u32(0)
            table.u64(UInt64(offsets[i]))
            table.u64(UInt64(s.bytes.count))
            table.u64(sums[i])
        }
        var header = StoreEncoder()
        header.bytes.append(contentsOf: magic)
        header.u32(formatVersion)
        header.u32(UInt32(headerSize))
        header.u64(UInt64(fileSize))
        header.u32(UInt32(sections.count))
        header.u32(0)
        header.u64(XXHash64.hash(table.bytes))
        header.u64(XXHash64.hash(header.bytes))
        header.bytes.append(contentsOf: [UInt8](repeating: 0, count: headerSize - header.bytes.count))

        let out = try SafeFileWriter.Stream(path, replace: replace)
        do {
            try out.write(header.bytes)
            try out.write(table.bytes)
            var written = tableEnd
            for (i, s) in sections.enumerated() {
                try out.write([UInt8](repeating: 0, count: offsets[i] - written))
                try out.write(s.bytes.raw.p)
                written = offsets[i] + s.bytes.count
            }
            try out.finish()
        } catch {
            out.abandon()
            throw error
        }
        withExtendedLifetime(sections) {}
    }

    static func align(_ n: Int) -> Int { (n + 63) & ~63 }

    /// The checksum the store uses (XXH64), for measuring its cost.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 { XXHash64.hash(bytes) }

    /// Bytes of a section: a column of the store, or bytes encoded here, kept alive by
    /// their storage while the file is written.
    struct Chunk {
        let raw: SharedRaw
        let storage: AnyObject
        var count: Int { raw.p.count }

        static func owned(_ bytes: [UInt8]) -> Chunk { column(StoreArray(bytes)) }

        static func column<T>(_ a: StoreArray<T>) -> Chunk {
            Chunk(raw: a.withUnsafeBytes { SharedRaw($0) }, storage: a.storage)
        }
    }

    struct SharedRaw: @unchecked Sendable {
        let p: UnsafeRawBufferPointer
        init(_ p: UnsafeRawBufferPointer) { self.p = p }
    }

    static func checksums(_ parts: [SharedRaw]) -> [UInt64] {
        let out = UnsafeMutablePointer<UInt64>.allocate(capacity: max(1, parts.count))
        defer { out.deallocate() }
        let shared = SharedPointer(out)
        // Largest first, so two cores finish together.
        let order = parts.indices.sorted { parts[$0].p.count > parts[$1].p.count }
        let threads = min(Parallel.threads, parts.count)
        Parallel.forEach(threads) { t in
            var load = 0
            for (k, i) in order.enumerated() where k % threads == t {
                shared.p[i] = XXHash64.hash(parts[i].p)
                load += parts[i].p.count
            }
            _ = load
        }
        return (0..<parts.count).map { out[$0] }
    }

    /// Old code id → new, when this run gave a store's own codes other ids than the run that
    /// saved it (it had loaded other registers' codes first); nil when they are the same.
    static func codeRemap(saved: [Int], now: [CodeID]) -> [UInt8]? {
        guard zip(saved, now).contains(where: { $0 != Int($1.rawValue) }) else { return nil }
        var table = (0..<256).map { UInt8($0) }
        for (s, n) in zip(saved, now) { table[s] = n.rawValue }
        return table
    }

    static func encodeMeta(_ r: Register) -> [UInt8] {
        var e = StoreEncoder()
        e.string(r.name)
        e.int(r.pupilCount)
        e.int(r.sessionCount)
        e.int(Int(time(nil)))
        e.count(r.sources.count)
        for s in r.sources {
            e.string(s.role)
            e.string(s.path)
            e.int(s.size)
            e.u64(UInt64(bitPattern: s.modified))
            e.u64(s.headHash)
            e.u64(s.tailHash)
        }
        let cal = r.calendar
        e.count(cal.days.count)
        for d in cal.days { e.day(d) }
        for b in cal.possibleDay { e.bool(b) }
        e.count(cal.years.count)
        for y in cal.years {
            e.int(y.startYear)
            e.periods(y.terms)
            e.periods(y.halfTerms)
        }
        e.periods(cal.closures)
        e.bool(cal.inferred)
        e.days(r.onRollFrom)
        e.days(r.onRollUntil)
        e.count(r.diagnostics.count)
        for d in r.diagnostics { e.diagnostic(d) }
        let s = r.loadStatistics
        e.int(s.markRows)
        e.int(s.marks)
        e.int(s.noMarkEntries)
        let codes = s.codesUsed.sorted { $0.key < $1.key }
        e.count(codes.count)
        for (k, v) in codes { e.string(k); e.int(v) }
        e.bool(r.minutesLate != nil)
        // The own codes by id, to give them ids again on reopening.
        e.count(r.schoolCodes.codes.count)
        for id in r.schoolCodes.codes {
            e.int(Int(id.rawValue))
            e.string(id.code)
            e.string(id.statutoryCode)
        }
        return e.bytes
    }

    /// The pupils section: the schema's columns in schema order (UPNs first), each written as
    /// its kind is stored; then lines, the other columns, the schema's column names (a store
    /// written under another schema does not decode), present columns and rejected UPNs.
    static func encodePupils(_ t: PupilTable) -> [UInt8] {
        var e = StoreEncoder()
        e.count(t.count)
        for c in PupilSchema.columns {
            switch c.kind.storage {
            case .text: e.strings(t.texts[c.slot])
            case .year: e.bytes.append(contentsOf: t.years[c.slot].map { UInt8(bitPattern: $0) })
            case .flag: e.bytes.append(contentsOf: t.flags[c.slot].map { $0 == nil ? 0 : ($0! ? 2 : 1) })
            case .send:
                e.bytes.append(contentsOf: t.sends[c.slot].map { s -> UInt8 in
                    switch s { case .none: 0; case .support: 1; case .ehcPlan: 2; case .unknown: 3 }
                })
            case .date: e.days(t.dates[c.slot])
            }
        }
        e.count(t.line.count)
        for l in t.line { e.i32(l) }
        e.count(t.extraColumns.count)
        for c in t.extraColumns {
            e.string(c.name)
            e.string(c.header)
            e.strings(c.values)
        }
        e.strings(PupilSchema.columns.map { "\($0.name):\($0.kind)" })
        e.strings(t.presentColumns.sorted())
        e.strings(t.rejectedUPNs.sorted())
        return e.bytes
    }

    // MARK: Reopening

    /// Reopens a store written by ``save(_:to:)``. Refuses it whole (see the type's notes)
    /// rather than read anything it cannot trust.
    public static func open(_ path: String) throws(DiagnosticList) -> Register {
        let file: FileBytes
        do { file = try FileBytes(path: path) } catch { throw DiagnosticList([error]) }
        var warnings: [Diagnostic] = []
        let result = file.withBytes { b -> Result<Register, Diagnostic> in
            do throws(Diagnostic) { return .success(try read(UnsafeRawBufferPointer(b), file, path, &warnings)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let r):
            RegisterFiles.record(path)
            for s in r.sources { RegisterFiles.record(s.path) }
            return r
        case .failure(let d): throw DiagnosticList([d])
        }
    }

    private static func read(_ b: UnsafeRawBufferPointer, _ owner: FileBytes, _ path: String,
                             _ warnings: inout [Diagnostic]) throws(Diagnostic) -> Register {
        // Header.
        guard b.count >= 8, Array(b[0..<8]) == magic else { throw .notAStore(path) }
        guard b.count >= headerSize else { throw .storeDamaged(path, "it is cut short (\(b.count) bytes, not even a header)") }
        func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: b.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
        func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: b.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        // The version first: another format may lay out the rest of its header differently.
        let version = u32(8)
        guard version == formatVersion else { throw .storeVersion(path, found: version, supported: formatVersion) }
        if XXHash64.hash(UnsafeRawBufferPointer(rebasing: b[0..<40])) != u64(40) {
            throw .storeDamaged(path, "its header does not match its checksum")
        }
        let fileSize = Int(u64(16))
        let count = Int(u32(24))
        guard b.count >= fileSize else {
            throw .storeDamaged(path, "it is cut short (\(NumberText.grouped(b.count)) of \(NumberText.grouped(fileSize)) bytes)")
        }
        guard b.count == fileSize else { throw .storeDamaged(path, "it has \(NumberText.grouped(b.count - fileSize)) bytes too many") }
        let tableEnd = headerSize + count * tableEntrySize
        guard count < 1000, tableEnd <= b.count,
              XXHash64.hash(UnsafeRawBufferPointer(rebasing: b[headerSize..<tableEnd])) == u64(32) else {
            throw .storeDamaged(path, "its table of sections does not match its checksum")
        }

        // Sections, each checked against its checksum (in parallel).
        var sections: [UInt32: UnsafeRawBufferPointer] = [:]
        var sums: [UInt64] = []
        var parts: [SharedRaw] = []
        var kinds: [UInt32] = []
        for i in 0..<count {
            let o = headerSize + i * tableEntrySize
            let kind = u32(o), offset = Int(u64(o + 8)), length = Int(u64(o + 16))
            guard offset >= tableEnd, length >= 0, offset <= b.count, length <= b.count - offset, offset % 8 == 0 else {
                throw .storeDamaged(path, "a section lies outside the file")
            }
            let part = UnsafeRawBufferPointer(rebasing: b[offset..<(offset + length)])
            sections[kind] = part
            parts.append(SharedRaw(part))
            sums.append(u64(o + 24))
            kinds.append(kind)
        }
        // Check every checksum and decode the pupils table at once (two hashing tasks, the
        // table, its UPN index): nothing decoded is used unless every checksum matches.
        let work = ReopenWork(count)
        let pupilsSection = sections[Kind.pupils.rawValue].map { SharedRaw($0) }
        let order = parts.indices.sorted { parts[$0].p.count > parts[$1].p.count }
        var groups: [[Int]] = [[], []]
        var load = [0, 0]
        for i in order {
            let g = load[0] <= load[1] ? 0 : 1
            groups[g].append(i)
            load[g] += parts[i].p.count
        }
        let hashGroups = groups
        let hashParts = parts
        Parallel.forEach(4) { task in
            switch task {
            case 0, 1:
                for i in hashGroups[task] { work.sums[i] = XXHash64.hash(hashParts[i].p) }
            case 2:
                if let b = pupilsSection?.p { work.pupils = Result { () throws(StoreDecoder.Failure) in try decodePupils(b) } }
            default:
                if let b = pupilsSection?.p { work.upnIndex = Result { () throws(StoreDecoder.Failure) in try decodeUPNIndex(b) } }
            }
        }
        for i in 0..<count where work.sums[i] != sums[i] {
            throw .storeDamaged(path, "its \(sectionName(kinds[i])) section does not match its checksum")
        }

        do {
            guard let decoded = work.pupils, let index = work.upnIndex else {
                throw StoreDecoder.Failure(detail: "its pupils section is missing")
            }
            var pupils = try decoded.get()
            pupils.indexByUPN = try index.get()
            return try decode(sections, pupils, owner, path, &warnings)
        } catch let f as StoreDecoder.Failure {
            throw .storeDamaged(path, f.detail)
        } catch let d as Diagnostic {
            throw d
        } catch {
            throw .storeDamaged(path, "\(error)")
        }
    }

    /// What the reopening tasks hand back, each in its own field.
    /// What the parallel tasks of a reopen hand back. Each task writes its own slots of
    /// `sums` (raw memory, so two tasks never touch one Swift array at once) or its own field.
    final class ReopenWork: @unchecked Sendable {
        let sums: UnsafeMutableBufferPointer<UInt64>
        var pupils: Result<PupilTable, StoreDecoder.Failure>?
        var upnIndex: Result<[String: Int32], StoreDecoder.Failure>?
        init(_ n: Int) {
            sums = .allocate(capacity: max(1, n))
            sums.initialize(repeating: 0)
        }
        deinit { sums.deallocate() }
    }

    static func sectionName(_ kind: UInt32) -> String {
        switch kind {
        case Kind.meta.rawValue: "register"
        case Kind.pupils.rawValue: "pupils"
        case Kind.marks.rawValue: "marks"
        case Kind.minutesOffsets.rawValue, Kind.minutesSessions.rawValue, Kind.minutesValues.rawValue: "minutes late"
        case Kind.defaultOrder.rawValue: "pupil order"
        case Kind.classBase..<(Kind.classBase + 6): "\(MarkClass(rawValue: Int(kind - Kind.classBase))!) sessions"
        default: "unknown (\(kind))"
        }
    }

    private static func decode(_ sections: [UInt32: UnsafeRawBufferPointer], _ pupils: PupilTable, _ owner: FileBytes, _ path: String,
                               _ warnings: inout [Diagnostic]) throws -> Register {
        func section(_ k: UInt32) throws(StoreDecoder.Failure) -> UnsafeRawBufferPointer {
            guard let s = sections[k] else { throw StoreDecoder.Failure(detail: "its \(sectionName(k)) section is missing") }
            return s
        }
        var m = StoreDecoder(try section(Kind.meta.rawValue), section: "register")
        let name = try m.string()
        let P = try m.int(), S = try m.int()
        let savedAt = try m.int()
        var sources: [SourceFileIdentity] = []
        for _ in 0..<(try m.count()) {
            sources.append(SourceFileIdentity(role: try m.string(), path: try m.string(), size: try m.int(),
                                              modified: Int64(bitPattern: try m.u64()), headHash: try m.u64(), tailHash: try m.u64()))
        }
        // The register's files, if they are still there, must be the ones it was saved from.
        try checkSources(sources, path, savedAt, &warnings)

        let dayCount = try m.count(each: 4)
        var days: [Day] = []
        days.reserveCapacity(dayCount)
        for _ in 0..<dayCount { guard let d = try m.day() else { throw m.fail("a school day") }; days.append(d) }
        var possibleDay: [Bool] = []
        possibleDay.reserveCapacity(dayCount)
        for _ in 0..<dayCount { possibleDay.append(try m.bool()) }
        var years: [AcademicYear] = []
        for _ in 0..<(try m.count()) {
            years.append(AcademicYear(startYear: try m.int(), terms: try m.periods(), halfTerms: try m.periods()))
        }
        let closures = try m.periods()
        let inferred = try m.bool()
        let from = try m.days(), until = try m.days()
        var diagnostics: [Diagnostic] = []
        for _ in 0..<(try m.count()) { diagnostics.append(try m.diagnostic()) }
        var stats = Register.LoadStatistics()
        stats.markRows = try m.int()
        stats.marks = try m.int()
        stats.noMarkEntries = try m.int()
        for _ in 0..<(try m.count()) { stats.codesUsed[try m.string()] = try m.int() }
        let hasMinutes = try m.bool()
        // The own codes: the ids this run gives them, and how the saved ids map onto those.
        var schoolCodes = SchoolCodeList()
        var savedIDs: [Int] = []
        for _ in 0..<(try m.count()) {
            let saved = try m.int(), code = try m.string(), meansText = try m.string()
            guard saved > CodeTable.all.count && saved < 64, let means = CodeID(meansText), let id = SchoolCodes.id(code: code, means: means) else {
                throw m.fail("an own code")
            }
            schoolCodes.codes.append(id)
            savedIDs.append(saved)
        }
        let remap = codeRemap(saved: savedIDs, now: schoolCodes.codes)
        guard S == dayCount * 2, from.count == P, until.count == P else { throw m.fail("sizes disagree") }

        guard pupils.count == P else { throw StoreDecoder.Failure(detail: "its pupils section has \(pupils.count) pupils, not \(P)") }

        // The big columns, in place.
        let marksBytes = try section(Kind.marks.rawValue)
        guard marksBytes.count == P * S else { throw StoreDecoder.Failure(detail: "its marks section has the wrong size") }
        var marks = StoreArray<UInt8>(mapped: marksBytes.baseAddress ?? UnsafeRawPointer(RegisterLoader.noBytes), count: P * S, owner: owner)
        if let remap {
            // This run gave the own codes other ids than the run that saved the store (it
            // had loaded other registers' codes first): the marks are copied with the new ids.
            var copy = StoreArray<UInt8>(uninitialized: P * S)
            copy.withUnsafeMutableBufferPointer { dst in
                marks.withUnsafeBufferPointer { src in for i in 0..<(P * S) { dst[i] = remap[Int(src[i])] } }
            }
            marks = copy
        }
        let wpr = BitMatrix.wordsPerRow(columns: S)
        var matrices: [BitMatrix] = []
        for c in MarkClass.allCases {
            let w = try section(Kind.classBase + UInt32(c.rawValue))
            guard w.count == P * wpr * 8 else { throw StoreDecoder.Failure(detail: "its \(c) sessions section has the wrong size") }
            let words = StoreArray<UInt64>(mapped: w.baseAddress ?? UnsafeRawPointer(RegisterLoader.noBytes), count: P * wpr, owner: owner)
            matrices.append(BitMatrix(rows: P, columns: S, words: words))
        }
        var minutes: MinutesLate? = nil
        if hasMinutes {
            func ints<T: FixedWidthInteger>(_ k: Kind, _: T.Type) throws(StoreDecoder.Failure) -> [T] {
                let s = try section(k.rawValue)
                guard s.count % MemoryLayout<T>.size == 0 else { throw StoreDecoder.Failure(detail: "its minutes late section has the wrong size") }
                return (0..<(s.count / MemoryLayout<T>.size)).map { T(littleEndian: s.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
            }
            let offsets = try ints(.minutesOffsets, Int32.self), sessionList = try ints(.minutesSessions, Int32.self)
            let values = try ints(.minutesValues, UInt16.self)
            guard offsets.count == P + 1, sessionList.count == values.count, offsets.last.map({ Int($0) == values.count }) ?? false,
                  zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }), sessionList.allSatisfy({ $0 >= 0 && Int($0) < S }) else {
                throw StoreDecoder.Failure(detail: "its minutes late section is inconsistent")
            }
            minutes = MinutesLate(offsets: offsets, sessions: sessionList, minutes: values)
        }
        let calendar = SchoolCalendar(days: days, possibleDay: possibleDay, years: years, closures: closures, inferred: inferred)
        let register = Register(name: name, pupils: pupils, calendar: calendar, marks: marks, classMatrices: matrices,
                                minutesLate: minutes, onRollFrom: from, onRollUntil: until, diagnostics: diagnostics + warnings,
                                statistics: stats, sources: sources, schoolCodes: schoolCodes)
        if let order = sections[Kind.defaultOrder.rawValue], order.count == P * 4 {
            var rank = [Int32](repeating: 0, count: P)
            var pupil = [Int32](repeating: -1, count: P)
            var valid = true
            for p in 0..<P {
                let r = Int32(littleEndian: order.loadUnaligned(fromByteOffset: 4 * p, as: Int32.self))
                guard r >= 0 && Int(r) < P && pupil[Int(r)] < 0 else { valid = false; break }
                rank[p] = r
                pupil[Int(r)] = Int32(p)
            }
            if valid { register.indexes.withLock { $0.defaultOrder = (rank, pupil) } }
        }
        return register
    }

    static func decodePupils(_ bytes: UnsafeRawBufferPointer) throws(StoreDecoder.Failure) -> PupilTable {
        var d = StoreDecoder(bytes, section: "pupils")
        let n = try d.count(each: 4)
        var t = PupilTable()
        func byteColumn<T>(_ what: String, _ value: (UInt8) -> T?) throws(StoreDecoder.Failure) -> [T] {
            var out: [T] = []
            out.reserveCapacity(n)
            for _ in 0..<n {
                guard let v = value(try d.u8()) else { throw d.fail(what) }
                out.append(v)
            }
            return out
        }
        for c in PupilSchema.columns {
            switch c.kind.storage {
            case .text: t.texts[c.slot] = try d.strings()
            case .year: t.years[c.slot] = try byteColumn("a year group") { Int8(bitPattern: $0) }
            case .flag:
                t.flags[c.slot] = try byteColumn("a yes/no value") { b -> Bool?? in
                    switch b { case 0: .some(nil); case 1: false; case 2: true; default: nil }
                }
            case .send:
                t.sends[c.slot] = try byteColumn("an SEN status") { b -> SENDStatus? in
                    switch b { case 0: SENDStatus.none; case 1: .support; case 2: .ehcPlan; case 3: .unknown; default: nil }
                }
            case .date: t.dates[c.slot] = try d.days()
            }
        }
        let lines = try d.count(each: 4)
        t.line = []
        t.line.reserveCapacity(lines)
        for _ in 0..<lines { t.line.append(try d.i32()) }
        for _ in 0..<(try d.count()) {
            t.extraColumns.append(PupilTable.TextColumn(name: try d.string(), header: try d.string(), values: try d.strings()))
        }
        guard try d.strings() == PupilSchema.columns.map({ "\($0.name):\($0.kind)" }) else { throw d.fail("the pupils.csv columns of another version") }
        t.presentColumns = Set(try d.strings())
        t.rejectedUPNs = Set(try d.strings())
        guard t.count == n, t.columnsAgree else { throw d.fail("columns of different lengths") }
        return t
    }

    /// UPN → pupil, from the pupils section's first column (built beside the rest of the table).
    static func decodeUPNIndex(_ bytes: UnsafeRawBufferPointer) throws(StoreDecoder.Failure) -> [String: Int32] {
        var d = StoreDecoder(bytes, section: "pupils")
        _ = try d.count(each: 4)
        let upns = try d.strings()
        var index: [String: Int32] = [:]
        index.reserveCapacity(upns.count)
        for (i, u) in upns.enumerated() { index[u] = Int32(i) }
        return index
    }

    /// Refuses the store when a file it was saved from has changed; warns when one is gone.
    static func checkSources(_ sources: [SourceFileIdentity], _ path: String, _ savedAt: Int,
                             _ warnings: inout [Diagnostic]) throws(Diagnostic) {
        let saved = Day(number: Int32(savedAt / 86400)).iso
        for s in sources {
            var st = stat()
            guard stat(s.path, &st) == 0 else {
                warnings.append(.storeSourceMissing(path, file: s.path, saved: saved))
                continue
            }
            if Int(st.st_size) != s.size {
                throw .storeSourceChanged(path, file: s.path, what: "its size was \(NumberText.grouped(s.size)) bytes and is now \(NumberText.grouped(Int(st.st_size)))")
            }
            if FileBytes.modified(st) != s.modified {
                throw .storeSourceChanged(path, file: s.path, what: "it was modified after the store was saved")
            }
            // Same size and time: compare the first and last 64 KB too.
            if let f = try? FileBytes(path: s.path) {
                let (head, tail) = f.withBytes { SourceFileIdentity.edgeHashes(UnsafeRawBufferPointer($0)) }
                if head != s.headHash || tail != s.tailHash {
                    throw .storeSourceChanged(path, file: s.path, what: "its contents differ")
                }
            }
        }
    }
}
