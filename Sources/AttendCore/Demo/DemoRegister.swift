import Dispatch

/// What to generate.
public struct DemoOptions: Sendable, Hashable {
    /// Pupils on the register (all enrolments, joiners and leavers included).
    public var pupils: Int = 1200
    /// The random seed: the same options always give byte-identical files.
    public var seed: UInt64 = 1
    /// The academic year, named by its first calendar year: 2025 means 2025/26.
    public var academicYear: Int = 2025
    /// The shape of pupils.csv and marks.csv (the register is the same in every style).
    public var style: DemoStyle = []

    public init(pupils: Int = 1200, seed: UInt64 = 1, academicYear: Int = 2025, style: DemoStyle = []) {
        self.pupils = pupils
        self.seed = seed
        self.academicYear = academicYear
        self.style = style
    }

    /// The largest register `write(to:)` accepts (about 380 million marks).
    public static let maxPupils = 1_000_000

    /// Throws a usage diagnostic when the options cannot make a register.
    public func validate() throws {
        if pupils < 0 || pupils > DemoOptions.maxPupils {
            throw Diagnostic.demoPupilCount(pupils, max: DemoOptions.maxPupils)
        }
        if !DemoCalendar.supportedYears.contains(academicYear) {
            throw Diagnostic.demoYear(academicYear, supported: DemoCalendar.supportedYears)
        }
    }
}

/// The three register files, as bytes (UTF-8; LF line ends and no byte-order mark unless
/// the options' style says otherwise).
public struct DemoFiles: Sendable, Hashable {
    public var pupils: [UInt8]
    public var marks: [UInt8]
    public var calendar: [UInt8]

    public init(pupils: [UInt8], marks: [UInt8], calendar: [UInt8]) {
        self.pupils = pupils
        self.marks = marks
        self.calendar = calendar
    }
}

/// A scripted pupil of the demo register and the pattern they show: material for examples
/// and for `attend demo` to suggest queries.
public struct DemoHighlight: Sendable, Hashable {
    public var upn: String
    public var forename: String
    public var surname: String
    public var year: Int
    public var form: String
    public var pattern: String
}

/// A realistic, deterministic synthetic register for one academic year: pupils.csv,
/// marks.csv and calendar.csv in the formats of the register-files spec.
///
/// See ``DemoCalendar`` for the calendar rules. Every code of the 2024 set appears (and `-`),
/// with lateness, term-time holidays, illness spells, suspensions, part-time timetables,
/// dual registration, joiners and leavers, Monday/Friday patterns, a snow day (`Y4`), INSET
/// days (`#`) and pupils from 100% attendance to severe absence. ``highlights(_:)`` lists
/// the scripted pupils behind each pattern.
public enum DemoRegister {
    public static let pupilsFileName = "pupils.csv"
    public static let marksFileName = "marks.csv"
    public static let calendarFileName = "calendar.csv"

    /// The header lines of the three files.
    public static let pupilsHeader = "upn,forename,surname,year,form,dob,sex,send,fsm,pp,eal,admitted,left,contact_name,contact_email,contact_phone,address"
    public static let marksHeader = "upn,date,session,mark,minutes_late"
    public static let calendarHeader = "kind,name,start,end"

    /// The whole register in memory (for `--demo` and tests). A register of 1,200 pupils is
    /// about 14 MB of marks.
    public static func files(_ options: DemoOptions) -> DemoFiles {
        let plan = DemoPlan(options)
        var marks: [UInt8] = []
        marks.reserveCapacity(64 + plan.pupils.count * plan.calendar.schoolDays.count * 2 * 31)
        forEachStyledMarksChunk(plan) { marks.append(contentsOf: $0) }
        return DemoFiles(pupils: styledPupilsCSV(plan), marks: marks, calendar: calendarCSV(plan.calendar))
    }

    /// The last school day in the register: the as-of date at which the demo register is
    /// "today" (the unresolved `N` codes of the calling list fall on it).
    public static func lastDay(_ options: DemoOptions) -> Day {
        DemoCalendar(academicYear: options.academicYear).lastDay
    }

    /// The calendar the register follows.
    public static func calendar(_ options: DemoOptions) -> DemoCalendar {
        DemoCalendar(academicYear: options.academicYear)
    }

    /// The scripted pupils, in UPN order. They exist for every seed; with fewer than about
    /// 150 pupils some are left out.
    public static func highlights(_ options: DemoOptions) -> [DemoHighlight] {
        let plan = DemoPlan(options)
        return plan.pupils.filter { $0.role != .none }.map {
            DemoHighlight(upn: String(decoding: DemoPlan.upn($0.index), as: UTF8.self), forename: $0.forename,
                          surname: $0.surname, year: $0.year, form: formName($0), pattern: $0.role.pattern)
        }
    }

    /// marks.csv in pieces, header first, in file order: for a loader that builds the
    /// register in memory without holding the text of a large file.
    public static func streamMarks(_ options: DemoOptions, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try forEachStyledMarksChunk(DemoPlan(options), body)
    }

    /// pupils.csv in the options' style.
    static func styledPupilsCSV(_ plan: DemoPlan) -> [UInt8] {
        let plain = pupilsCSV(plan)
        let style = plan.options.style
        return style.isEmpty ? plain : DemoStyleWriter(style: style, seed: plan.options.seed).rewrite(plain)
    }

    /// marks.csv in the options' style, in pieces, header first. Rows in date order or
    /// shuffled need the plain file whole in memory first (about 31 bytes a mark).
    static func forEachStyledMarksChunk(_ plan: DemoPlan, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let style = plan.options.style
        if style.isEmpty { return try forEachMarksChunk(plan, body) }
        let writer = DemoStyleWriter(style: style, seed: plan.options.seed)
        try writer.marksHeader().withUnsafeBytes { try body($0) }
        if style.contains(.dateOrder) || style.contains(.shuffled) {
            var plain: [UInt8] = []
            plain.reserveCapacity(plan.pupils.count * plan.calendar.schoolDays.count * 2 * 31)
            var header = true
            forEachMarksChunk(plan) { if header { header = false } else { plain.append(contentsOf: $0) } }
            try writer.reorderedRows(plain, body)
            return
        }
        var header = true
        var row = 0
        var out: [UInt8] = []
        try forEachMarksChunk(plan) { raw in
            if header { header = false; return }
            out.removeAll(keepingCapacity: true)
            writer.rows(raw, row: &row, into: &out)
            try out.withUnsafeBytes { try body($0) }
        }
    }

    // MARK: marks

    /// Longest row: 13 + 1 + 10 + 1 + 2 + 1 + 2 + 1 + 2 + 1 bytes.
    static let maxRow = 34
    /// Spare bytes after a buffer for the 16-byte stores of the row writer.
    static let slack = 32

    /// Generates marks.csv in chunks of `chunkPupils` pupils, `batch` chunks at a time in
    /// parallel, and hands them to `body` in file order. The bytes do not depend on either
    /// number: each pupil's marks come from their own random stream.
    static func forEachMarksChunk(_ plan: DemoPlan, chunkPupils: Int = 512, batch: Int = 8,
                                  _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        let header = Array((marksHeader + "\n").utf8)
        try header.withUnsafeBytes { try body($0) }
        let n = plan.pupils.count
        guard n > 0 else { return }
        let chunkPupils = max(1, chunkPupils)
        let chunks = (n + chunkPupils - 1) / chunkPupils
        let slots = ChunkSlots(count: min(max(1, batch), chunks),
                               capacity: chunkPupils * plan.calendar.schoolDays.count * 2 * maxRow + slack)
        defer { slots.deallocate() }
        let tables = RowTables(plan.calendar)
        var first = 0
        while first < chunks {
            let k = min(slots.count, chunks - first)
            let base = first
            if k == 1 {
                slots.lengths[0] = writeChunk(plan, tables, (base * chunkPupils)..<min(n, (base + 1) * chunkPupils), slots.buffers[0])
            } else {
                DispatchQueue.concurrentPerform(iterations: k) { j in
                    let lo = (base + j) * chunkPupils
                    slots.lengths[j] = writeChunk(plan, tables, lo..<min(n, lo + chunkPupils), slots.buffers[j])
                }
            }
            for j in 0..<k { try body(UnsafeRawBufferPointer(start: slots.buffers[j], count: slots.lengths[j])) }
            first += k
        }
    }

    /// Output buffers for one batch of chunks. Each parallel iteration writes only its own
    /// slot (buffer and length), and the caller reads them after the batch has finished.
    final class ChunkSlots: @unchecked Sendable {
        let count: Int
        let buffers: [UnsafeMutablePointer<UInt8>]
        let lengths: UnsafeMutablePointer<Int>
        init(count: Int, capacity: Int) {
            self.count = count
            buffers = (0..<count).map { _ in UnsafeMutablePointer<UInt8>.allocate(capacity: capacity) }
            lengths = .allocate(capacity: count)
            lengths.initialize(repeating: 0, count: count)
        }
        func deallocate() {
            for b in buffers { b.deallocate() }
            lengths.deallocate()
        }
    }

    /// Precomputed bytes: `2025-09-03,AM,` for every session, and each mark with its
    /// trailing `,` (and `\n` when it has no minutes).
    struct RowTables: Sendable {
        /// 16 bytes per session; 14 used.
        let sessions: [UInt8]
        /// 4 bytes per (code, session parity), little-endian, and the used length.
        let marks: [UInt32]
        let markLengths: [UInt8]

        init(_ cal: DemoCalendar) {
            var sessions = [UInt8](repeating: 0, count: cal.schoolDays.count * 32)
            for (d, day) in cal.schoolDays.enumerated() {
                let iso = Array(day.iso.utf8)
                for half in 0..<2 {
                    let o = (2 * d + half) * 16
                    for (i, b) in iso.enumerated() { sessions[o + i] = b }
                    sessions[o + 10] = 44
                    sessions[o + 11] = half == 0 ? 65 : 80   // A / P
                    sessions[o + 12] = 77                     // M
                    sessions[o + 13] = 44
                }
            }
            self.sessions = sessions
            var marks = [UInt32](repeating: 0, count: DemoMark.text.count * 2)
            var lengths = [UInt8](repeating: 0, count: DemoMark.text.count * 2)
            for (c, text) in DemoMark.text.enumerated() {
                for half in 0..<2 {
                    var bytes = Array((c == Int(DemoMark.present) && half == 1 ? "\\" : text).utf8) + [44]
                    if c != Int(DemoMark.L) && c != Int(DemoMark.U) { bytes.append(10) }
                    var v: UInt32 = 0
                    for (i, b) in bytes.enumerated() where i < 4 { v |= UInt32(b) << (8 * UInt32(i)) }
                    marks[c * 2 + half] = v
                    lengths[c * 2 + half] = UInt8(min(4, bytes.count))
                }
            }
            self.marks = marks
            markLengths = lengths
        }
    }

    /// Draws and writes the marks of pupils `range` into `out`; returns the bytes written.
    static func writeChunk(_ plan: DemoPlan, _ tables: RowTables, _ range: Range<Int>, _ out: UnsafeMutablePointer<UInt8>) -> Int {
        let sessionCount = plan.calendar.schoolDays.count * 2
        let codes = UnsafeMutablePointer<UInt8>.allocate(capacity: sessionCount)
        let minutes = UnsafeMutablePointer<UInt8>.allocate(capacity: sessionCount)
        defer { codes.deallocate(); minutes.deallocate() }
        var drawer = DemoMarkDrawer(plan: plan, codes: codes, minutes: minutes)
        let raw = UnsafeMutableRawPointer(out)
        var at = 0
        var upn = [UInt8](repeating: 0, count: 16)
        tables.sessions.withUnsafeBytes { sessionBytes in
            tables.marks.withUnsafeBufferPointer { marks in
                tables.markLengths.withUnsafeBufferPointer { markLengths in
                    for i in range {
                        let p = plan.pupils[i]
                        drawer.draw(p)
                        let u = DemoPlan.upn(i)
                        for k in 0..<13 { upn[k] = u[k] }
                        upn[13] = 44
                        let (upnLo, upnHi) = upn.withUnsafeBytes {
                            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                        }
                        var s = 2 * p.firstRow
                        let end = 2 * (p.leave + 1)
                        while s < end {
                            let c = codes[s]
                            if c != DemoMark.none {
                                raw.storeBytes(of: upnLo, toByteOffset: at, as: UInt64.self)
                                raw.storeBytes(of: upnHi, toByteOffset: at + 8, as: UInt64.self)
                                at += 14
                                let so = s * 16
                                raw.storeBytes(of: sessionBytes.loadUnaligned(fromByteOffset: so, as: UInt64.self), toByteOffset: at, as: UInt64.self)
                                raw.storeBytes(of: sessionBytes.loadUnaligned(fromByteOffset: so + 8, as: UInt64.self), toByteOffset: at + 8, as: UInt64.self)
                                at += 14
                                let m = Int(c) * 2 + (s & 1)
                                raw.storeBytes(of: marks[m], toByteOffset: at, as: UInt32.self)
                                at += Int(markLengths[m])
                                if c == DemoMark.L || c == DemoMark.U {
                                    let v = Int(minutes[s])
                                    if v >= 10 { out[at] = UInt8(48 + v / 10); at += 1 }
                                    out[at] = UInt8(48 + v % 10)
                                    out[at + 1] = 10
                                    at += 2
                                }
                            }
                            s += 1
                        }
                    }
                }
            }
        }
        return at
    }

    // MARK: pupils.csv and calendar.csv

    static func formName(_ p: DemoPupil) -> String {
        "\(p.year)" + String(UnicodeScalar(UInt8(65 + p.form)))
    }

    static func pupilsCSV(_ plan: DemoPlan) -> [UInt8] {
        var w = CSVByteWriter()
        w.bytes.reserveCapacity(200 * (plan.pupils.count + 1))
        w.line(pupilsHeader)
        for p in plan.pupils {
            var rng = DemoRandom(seed: plan.options.seed, stream: .contact, index: p.index)
            w.bytes.append(contentsOf: DemoPlan.upn(p.index)); w.comma()
            w.field(p.forename); w.comma()
            w.field(p.surname); w.comma()
            w.field("\(p.year)"); w.comma()
            w.field(formName(p)); w.comma()
            w.day(p.dob); w.comma()
            w.field(p.female ? "F" : "M"); w.comma()
            w.bytes.append(p.send); w.comma()
            w.field(p.fsm ? "Y" : "N"); w.comma()
            w.field(p.pp ? "Y" : "N"); w.comma()
            w.field(p.eal ? "Y" : "N"); w.comma()
            w.day(p.admitted); w.comma()
            if let left = p.left { w.day(left) }
            w.comma()
            // Contact: a parent, usually sharing the pupil's surname.
            let parentFemale = rng.chance(0.7)
            let parentForename = parentFemale ? rng.pick(DemoNames.femaleForenames) : rng.pick(DemoNames.maleForenames)
            let parentSurname = rng.chance(0.8) ? p.surname : rng.pick(DemoNames.surnames)
            w.field(parentForename + " " + parentSurname); w.comma()
            let domain = ["example.com", "example.org", "example.net"][rng.below(3)]
            let number = rng.int(1...99)
            if !p.emptyEmail {
                w.field(DemoNames.slug(parentForename) + "." + DemoNames.slug(parentSurname) + "\(number)@" + domain)
            }
            w.comma()
            w.field("07700 900" + String(rng.below(1000) + 1000).dropFirst()); w.comma()
            var address = ""
            if rng.chance(0.15) { address += "Flat \(rng.int(1...24)), " }
            address += "\(rng.int(1...180)) \(rng.pick(DemoNames.streets)), \(rng.pick(DemoNames.towns)), NB\(rng.int(1...9)) "
            address += "\(rng.int(1...9))"
            address += String(UnicodeScalar(rng.pick(DemoNames.postcodeLetters)))
            address += String(UnicodeScalar(rng.pick(DemoNames.postcodeLetters)))
            w.field(address)
            w.newline()
        }
        return w.bytes
    }

    static func calendarCSV(_ cal: DemoCalendar) -> [UInt8] {
        var w = CSVByteWriter()
        w.line(calendarHeader)
        for e in cal.entries {
            w.field(e.kind.rawValue); w.comma()
            w.field(e.name); w.comma()
            w.day(e.start); w.comma()
            w.day(e.end)
            w.newline()
        }
        return w.bytes
    }
}

/// Appends CSV text as UTF-8 bytes, quoting fields by RFC 4180 where needed.
struct CSVByteWriter {
    var bytes: [UInt8] = []

    mutating func line(_ s: String) { bytes.append(contentsOf: s.utf8); newline() }
    mutating func comma() { bytes.append(44) }
    mutating func newline() { bytes.append(10) }

    mutating func field(_ s: String) {
        let u = s.utf8
        if u.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
            bytes.append(34)
            for b in u {
                bytes.append(b)
                if b == 34 { bytes.append(34) }
            }
            bytes.append(34)
        } else {
            bytes.append(contentsOf: u)
        }
    }

    mutating func day(_ d: Day) {
        let c = d.civil
        func two(_ v: Int) { bytes.append(UInt8(48 + v / 10)); bytes.append(UInt8(48 + v % 10)) }
        two(c.year / 100); two(c.year % 100)
        bytes.append(45); two(c.month); bytes.append(45); two(c.day)
    }
}
