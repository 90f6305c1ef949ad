/// Reads marks.csv straight from bytes into a grid of one code byte per pupil per
/// calendar-day session, grouped by academic year. Rows may come in any order. No String
/// is made for a good row; every bad row is reported with file:line:column.
struct MarksLoader {
    let file: FileBytes
    let pupils: PupilTable
    /// Days inside some term of calendar.csv, when one was given.
    let termDays: DaySet?
    let skipBadRows: Bool

    /// What the marks file held, before the school days are known.
    struct Grid {
        /// Academic year → codes, pupil-major: `[pupil * 732 + dayOffset * 2 + pm]`.
        var years: [Int: [UInt8]] = [:]
        /// Minutes late as (pupil, day, pm, minutes).
        var minutes: [(pupil: Int32, day: Day, pm: Bool, minutes: UInt16)] = []
        var hasMinutesColumn = false
        var rowCount = 0
        var markCount = 0
    }

    static let daysPerYearSlot = 366
    /// The most academic years one register may span.
    static let maxAcademicYears = 20

    /// First day of the academic year `y` (1 September).
    static func yearStart(_ y: Int) -> Day { Day(year: y, month: 9, day: 1)! }

    func load(into diagnostics: inout [Diagnostic]) -> Grid? {
        file.withBytes { bytes -> Grid? in
            if let problem = TextCheck.problem(in: bytes, file: file.name, fullUTF8: false) {
                diagnostics.append(problem)
                return nil
            }
            if bytes.isEmpty { diagnostics.append(.emptyFile(file.name)); return nil }
            var scanner = CSVScanner(bytes)
            guard let header = scanner.readHeader(file: file.name, table: HeaderMatching.markColumns,
                                                  required: ["upn", "date", "session", "mark"], diagnostics: &diagnostics)
            else { return nil }
            return read(&scanner, header, bytes, &diagnostics)
        }
    }

    private struct CodeUse { var count = 0; var firstLine = 0 }

    private func read(_ scanner: inout CSVScanner, _ h: ResolvedHeader, _ bytes: UnsafeBufferPointer<UInt8>,
                      _ diagnostics: inout [Diagnostic]) -> Grid? {
        let name = file.name
        let iUPN = h.index["upn"]!, iDate = h.index["date"]!, iSession = h.index["session"]!, iMark = h.index["mark"]!
        let iMinutes = h.index["minutes_late"]
        let needed = max(iUPN, iDate, iSession, iMark)
        var grid = Grid()
        grid.hasMinutesColumn = iMinutes != nil
        let stride = Self.daysPerYearSlot * 2
        let pupilCount = pupils.count
        let upnIndex = UPNIndex(pupils.upn)

        var problems: [Diagnostic] = []
        var problemCount = 0
        let cap = 10_000
        func report(_ d: Diagnostic) {
            problemCount += 1
            if problems.count < cap { problems.append(d) }
        }

        var legacyLate: [UInt8: CodeUse] = [:]
        var earlyNew: [UInt8: CodeUse] = [:]
        var noMark = CodeUse()
        var repeated = CodeUse()
        var conflicts: [(pupil: Int, day: Day, pm: Bool, line: Int, code: UInt8)] = []
        var badRows = 0
        var lastYear = Int.min
        var lastYearStart = Day(number: 0)

        var fields: [CSVField] = []
        fields.reserveCapacity(8)
        while scanner.next(&fields) {
            let line = scanner.recordLine
            if fields.count == 1 && fields[0].isEmpty { continue }
            grid.rowCount += 1
            var ok = true
            guard fields.count > needed else {
                // A short row: name the first missing field.
                let missing = [("upn", iUPN), ("date", iDate), ("session", iSession), ("mark", iMark)].first { $0.1 >= fields.count }!
                report(.missingMarkField(name, line: line, column: 1, name: missing.0))
                badRows += 1
                continue
            }
            // UPN
            let fu = fields[iUPN]
            let (us, ue) = scanner.trimmed(fu)
            let pupil = upnIndex.lookup(bytes, us, ue)
            if pupil == nil {
                if us == ue { report(.missingMarkField(name, line: line, column: scanner.column(of: fu), name: "upn")) }
                else if !pupils.rejectedUPNs.contains(scanner.trimmedString(fu)) {
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
                } else if let termDays, !termDays.contains(d) {
                    report(.outsideTerms(name, line: line, column: scanner.column(of: fd), day: d)); ok = false
                }
            }
            // Session
            let fs = fields[iSession]
            let (ss, se) = scanner.trimmed(fs)
            let pm = Self.parseSession(bytes, ss, se)
            if pm == nil {
                if ss == se { report(.missingMarkField(name, line: line, column: scanner.column(of: fs), name: "session")) }
                else { report(.badSession(name, line: line, column: scanner.column(of: fs), text: scanner.trimmedString(fs))) }
                ok = false
            }
            // Mark
            let fm = fields[iMark]
            let (ms, me) = scanner.trimmed(fm)
            let code = CodeTable.lookup(bytes, ms, me)
            if code == nil {
                if ms == me { report(.missingMarkField(name, line: line, column: scanner.column(of: fm), name: "mark")) }
                else { report(.unknownCode(name, line: line, column: scanner.column(of: fm), code: scanner.trimmedString(fm))) }
                ok = false
            }
            // Minutes late
            var minutes: UInt16? = nil
            if let iMinutes, iMinutes < fields.count {
                let (ns, ne) = scanner.trimmed(fields[iMinutes])
                if ns < ne {
                    var v = 0
                    var k = ns
                    while k < ne {
                        let c = bytes[k] &- 48
                        if c > 9 || v > 10_000 { v = -1; break }
                        v = v * 10 + Int(c)
                        k += 1
                    }
                    if v < 0 { report(.badMinutes(name, line: line, column: scanner.column(of: fields[iMinutes]))); ok = false }
                    else { minutes = UInt16(v) }
                }
            }
            guard ok, let pupil, let day, let pm, let code else { badRows += 1; continue }

            // Code in force on the day?
            let info = CodeTable.all[Int(code.rawValue) - 1]
            if let to = info.validTo, day > to { legacyLate[code.rawValue, default: CodeUse(firstLine: line)].count += 1 }
            if let from = info.validFrom, day < from { earlyNew[code.rawValue, default: CodeUse(firstLine: line)].count += 1 }
            if info.counts == .missing { noMark.count += 1; if noMark.firstLine == 0 { noMark.firstLine = line } }

            // Store.
            let y = day.academicYear
            if y != lastYear {
                if grid.years[y] == nil {
                    // Each year holds pupils × 732 bytes: a few rows dated across the centuries
                    // must not take gigabytes.
                    guard grid.years.count < Self.maxAcademicYears else {
                        report(.tooManyYears(name, line: line, column: scanner.column(of: fd), year: y, limit: Self.maxAcademicYears))
                        badRows += 1
                        continue
                    }
                    grid.years[y] = [UInt8](repeating: 0, count: pupilCount * stride)
                }
                lastYear = y
                lastYearStart = Self.yearStart(y)
            }
            let offset = pupil * stride + lastYearStart.distance(to: day) * 2 + (pm ? 1 : 0)
            let existing = grid.years[y]![offset]
            if existing == 0 { grid.years[y]![offset] = code.rawValue }
            if existing == 0 {
                grid.markCount += 1
                if let minutes, minutes > 0 { grid.minutes.append((Int32(pupil), day, pm, minutes)) }
            } else if existing == code.rawValue {
                repeated.count += 1
                if repeated.firstLine == 0 { repeated.firstLine = line }
            } else {
                conflicts.append((pupil, day, pm, line, code.rawValue))
            }
        }
        if let l = scanner.unterminatedQuoteLine { problems.append(.unterminatedQuote(name, line: l)); problemCount += 1 }

        if !conflicts.isEmpty {
            resolveConflicts(conflicts, &problems, &problemCount, cap)
            badRows += conflicts.count
        }
        for (raw, use) in legacyLate.sorted(by: { $0.value.firstLine < $1.value.firstLine }) {
            let info = CodeTable.all[Int(raw) - 1]
            diagnostics.append(.legacyAfterWithdrawal(name, line: use.firstLine, code: info.code, count: use.count, withdrawn: info.validTo!))
        }
        for (raw, use) in earlyNew.sorted(by: { $0.value.firstLine < $1.value.firstLine }) {
            let info = CodeTable.all[Int(raw) - 1]
            diagnostics.append(.codeBeforeIntroduction(name, line: use.firstLine, code: info.code, count: use.count, introduced: info.validFrom!))
        }
        if noMark.count > 0 { diagnostics.append(.noMarkRecorded(name, line: noMark.firstLine, count: noMark.count)) }
        if repeated.count > 0 { diagnostics.append(.repeatedMark(name, line: repeated.firstLine, count: repeated.count)) }
        problems.sort { ($0.location?.line ?? 0) < ($1.location?.line ?? 0) }
        diagnostics += problems
        if problemCount > problems.count { diagnostics.append(.tooManyProblems(name, shown: problems.count, total: problemCount)) }
        if grid.rowCount == 0 { diagnostics.append(.noRows(name)) }
        if badRows > 0 && skipBadRows { diagnostics.append(.skippedRows(name, count: badRows)) }
        return grid
    }

    /// Names both lines of each clash: rescans the file for the first row of each clashing
    /// session. Runs only when there are clashes.
    private func resolveConflicts(_ conflicts: [(pupil: Int, day: Day, pm: Bool, line: Int, code: UInt8)],
                                  _ problems: inout [Diagnostic], _ problemCount: inout Int, _ cap: Int) {
        struct Key: Hashable { let pupil: Int; let day: Int32; let pm: Bool }
        var wanted: [Key: (line: Int, code: UInt8)] = [:]
        for c in conflicts { wanted[Key(pupil: c.pupil, day: c.day.number, pm: c.pm)] = (0, 0) }
        file.withBytes { bytes in
            var scanner = CSVScanner(bytes)
            var fields: [CSVField] = []
            var dl: [Diagnostic] = []
            guard let h = scanner.readHeader(file: file.name, table: HeaderMatching.markColumns, required: ["upn", "date", "session", "mark"], diagnostics: &dl) else { return }
            let upnIndex = UPNIndex(pupils.upn)
            let iUPN = h.index["upn"]!, iDate = h.index["date"]!, iSession = h.index["session"]!, iMark = h.index["mark"]!
            while scanner.next(&fields) {
                guard fields.count > max(iUPN, iDate, iSession, iMark) else { continue }
                let (us, ue) = scanner.trimmed(fields[iUPN]); let (ds, de) = scanner.trimmed(fields[iDate])
                let (ss, se) = scanner.trimmed(fields[iSession]); let (ms, me) = scanner.trimmed(fields[iMark])
                guard let p = upnIndex.lookup(bytes, us, ue), let d = Day.parse(bytes, ds, de),
                      let pm = Self.parseSession(bytes, ss, se), let code = CodeTable.lookup(bytes, ms, me) else { continue }
                let k = Key(pupil: p, day: d.number, pm: pm)
                if let w = wanted[k], w.line == 0 { wanted[k] = (scanner.recordLine, code.rawValue) }
            }
        }
        for c in conflicts {
            let first = wanted[Key(pupil: c.pupil, day: c.day.number, pm: c.pm)] ?? (0, 0)
            problemCount += 1
            if problems.count < cap {
                problems.append(.conflictingMarks(file.name, line: c.line, otherLine: first.line, upn: pupils.upn[c.pupil], day: c.day, pm: c.pm,
                                                  a: first.code == 0 ? "?" : CodeID(rawValue: first.code).code, b: CodeID(rawValue: c.code).code))
            }
        }
    }

    /// `AM`/`PM`, `A`/`P`, `morning`/`afternoon`, any case → pm?
    @inline(__always)
    static func parseSession(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool? {
        let n = e - s
        guard n >= 1 else { return nil }
        let c0 = p[s] | 0x20
        if n == 2 && (p[s + 1] | 0x20) == 0x6D {   // ?m
            if c0 == 0x61 { return false }
            if c0 == 0x70 { return true }
            return nil
        }
        if n == 1 { return c0 == 0x61 ? false : (c0 == 0x70 ? true : nil) }
        var word = ""
        for i in s..<e { word.unicodeScalars.append(Unicode.Scalar(p[i] | 0x20)) }
        if word == "morning" { return false }
        if word == "afternoon" { return true }
        return nil
    }
}

/// UPN bytes → pupil index without making a String per row: UPNs of up to 16 bytes are
/// packed into two integers; longer ones fall back to a String key.
struct UPNIndex {
    struct Key: Hashable { let a: UInt64; let b: UInt64 }
    private var packed: [Key: Int] = [:]
    private var long: [String: Int] = [:]

    init(_ upns: [String]) {
        packed.reserveCapacity(upns.count)
        for (i, u) in upns.enumerated() {
            let bytes = Array(u.utf8)
            if bytes.count <= 16 {
                bytes.withUnsafeBufferPointer { packed[Self.pack($0, 0, $0.count)] = i }
            } else {
                long[u] = i
            }
        }
    }

    @inline(__always)
    static func pack(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Key {
        var a: UInt64 = 0, b: UInt64 = 0
        var i = s
        while i < e && i < s + 8 { a = a << 8 | UInt64(p[i]); i += 1 }
        while i < e { b = b << 8 | UInt64(p[i]); i += 1 }
        return Key(a: a, b: b ^ UInt64(e - s) << 60)
    }

    @inline(__always)
    func lookup(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        guard e > s else { return nil }
        if e - s <= 16 { return packed[Self.pack(p, s, e)] }
        return long[String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)]
    }
}

/// A set of days as a bitmap over a range.
struct DaySet: Sendable {
    let first: Day
    private var bits: [Bool]
    init(ranges: [ClosedRange<Day>]) {
        let lo = ranges.map(\.lowerBound).min() ?? Day(number: 0)
        let hi = ranges.map(\.upperBound).max() ?? Day(number: 0)
        first = lo
        bits = [Bool](repeating: false, count: max(0, lo.distance(to: hi) + 1))
        for r in ranges { for d in stride(from: r.lowerBound, through: r.upperBound, by: 1) { bits[first.distance(to: d)] = true } }
    }
    func contains(_ d: Day) -> Bool {
        let i = first.distance(to: d)
        return i >= 0 && i < bits.count && bits[i]
    }
}
