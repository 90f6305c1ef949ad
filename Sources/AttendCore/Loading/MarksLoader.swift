#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads marks.csv straight from bytes into a ``MarkGrid``: one code byte per pupil per
/// weekday session, by academic year. Rows may come in any order. No String is made for a
/// good row; every bad row is reported with file:line:column.
///
/// The file is cut at line ends into one part per core and the parts are read at once,
/// each writing its rows into the shared grid (see ``MarkChunkReader``). A row takes the
/// fast path when its fields are plain (no quotes, a 10-byte or d/m/yyyy date, `AM`/`PM`,
/// a known code); anything else, every quirk and every error included, goes through the
/// general reader, the same code for any row. Then the parts are joined: line numbers are
/// offset by the lines before each part, and repeated and clashing rows are judged in file
/// order. Two cases are read again in one part, so that every answer and message is what a
/// single pass gives: a cut that fell inside a quoted field that spans lines, and a session
/// written by rows in two different parts (a repeated or clashing row far apart).
struct MarksLoader {
    let file: FileBytes
    let pupils: PupilTable
    /// Days inside some term of calendar.csv, when one was given.
    let termDays: DaySet?
    let skipBadRows: Bool
    /// Mark text → code id (the register's codes.csv added to the national codes).
    var codes = CodeLookup.national
    /// Parts to read at once; nil: one per core, for a file of 4 MB or more.
    var parts: Int? = nil
    /// Every row through the general reader, none through the fast path (for the
    /// differential tests and measurements: the answers must not change).
    var generalReaderOnly = false

    /// What the marks file held, before the school days are known.
    struct Grid {
        var grid: MarkGrid
        /// Per year index: which weekday slots had any mark (the register's days).
        var usedSlots: [Int: [Bool]] = [:]
        /// Minutes late, first mark of a session only: (year index, pupil × 524 + session slot, minutes).
        var minutes: [MinuteEntry] = []
        var hasMinutesColumn = false
        var rowCount = 0
        var markCount = 0
        /// Sessions stored, by code id.
        var codeCounts = [Int](repeating: 0, count: 64)
        /// How the file was read, for measurements.
        var partsRead = 1
        /// Rows read by the general reader, not the fast path.
        var generalReaderRows = 0
    }

    struct MinuteEntry { var year: Int32; var cell: Int32; var minutes: UInt16 }

    static let cap = 10_000
    /// The most academic years one register may span.
    static let maxAcademicYears = 20

    func load(into diagnostics: inout [Diagnostic]) -> Grid? {
        file.withBytes { bytes -> Grid? in
            guard let opened = CSVScanner.opening(bytes, file: file.name, fullUTF8: false, table: HeaderMatching.markColumns,
                                                  required: ["upn", "date", "session", "mark"], diagnostics: &diagnostics) else { return nil }
            let scanner = opened.scanner
            let header = opened.header
            return read(bytes, header, from: scanner.position, line: scanner.currentLine, &diagnostics)
        }
    }

    private func read(_ bytes: UnsafeBufferPointer<UInt8>, _ h: ResolvedHeader, from bodyStart: Int, line bodyLine: Int,
                      _ diagnostics: inout [Diagnostic]) -> Grid {
        let grid = MarkGrid(pupilCount: pupils.count)
        let context = MarkChunkReader.Context(
            bytes: bytes, name: file.name, pupils: pupils, upnIndex: UPNIndex(pupils.upn), termDays: termDays, grid: grid,
            iUPN: h.index["upn"]!, iDate: h.index["date"]!, iSession: h.index["session"]!, iMark: h.index["mark"]!,
            iMinutes: h.index["minutes_late"], generalReaderOnly: generalReaderOnly, codes: codes)

        // Cut at line ends: each part starts just after a newline.
        let n = bytes.count
        let body = n - bodyStart
        let wanted = max(1, parts ?? (body < (1 << 22) ? 1 : Parallel.threads))
        var starts = [bodyStart]
        for k in 1..<max(1, wanted) {
            var i = bodyStart + body / wanted * k
            if i <= starts.last! { continue }
            while i < n && bytes[i - 1] != 10 { i += 1 }
            if i < n && i > starts.last! { starts.append(i) }
        }
        var results = readParts(context, starts)
        var partsRead = results.count
        let joined = results.count == 1 || (zip(results, starts.dropFirst()).allSatisfy { $0.end == $1 } && !contested(results))
        if !joined {
            // A cut fell inside a quoted field that spans lines, or one session has rows in two
            // parts: read the file again in one part.
            for r in results { r.releaseBitmaps() }
            grid.clear()
            results = readParts(context, [bodyStart])
            partsRead = 1
        }
        var out = merge(results, grid, firstLine: bodyLine, &diagnostics)
        out.hasMinutesColumn = context.iMinutes != nil
        out.partsRead = partsRead
        return out
    }

    private func readParts(_ context: MarkChunkReader.Context, _ starts: [Int]) -> [MarkChunkReader] {
        let n = context.bytes.count
        let k = starts.count
        let slots = UnsafeMutablePointer<MarkChunkReader?>.allocate(capacity: k)
        slots.initialize(repeating: nil, count: k)
        let shared = SharedPointer(slots)
        Parallel.forEach(k) { i in
            let reader = MarkChunkReader(context)
            reader.read(from: starts[i], to: i + 1 < k ? starts[i + 1] : n)
            shared.p[i] = reader
        }
        let out = (0..<k).map { slots[$0]! }
        slots.deinitialize(count: k)
        slots.deallocate()
        return out
    }

    /// Whether any session was written by rows of two different parts.
    private func contested(_ parts: [MarkChunkReader]) -> Bool {
        guard parts.count > 1 else { return false }
        let words = (pupils.count * MarkGrid.rowBytes + 63) >> 6
        for y in 0..<MarkGrid.yearCount {
            let maps = parts.compactMap { $0.written(y) }.map { SharedPointer($0) }
            guard maps.count > 1 else { continue }
            let found = Parallel.ranges(words, Parallel.threads).map { _ in SharedFlag() }
            let ranges = Parallel.ranges(words, Parallel.threads)
            Parallel.forEach(ranges.count) { r in
                var hit: UInt64 = 0
                for w in ranges[r] {
                    var seen: UInt64 = 0
                    for m in maps { hit |= seen & m.p[w]; seen |= m.p[w] }
                }
                found[r].value = hit != 0
            }
            if found.contains(where: { $0.value }) { return true }
        }
        return false
    }

    final class SharedFlag: @unchecked Sendable { var value = false }

    private struct CodeUse { var count = 0; var firstLine = 0 }

    /// Joins the parts in file order: lines made absolute, counts summed, repeated and
    /// clashing rows judged against the first row of their session, warnings and errors listed
    /// as one pass over the file lists them.
    private func merge(_ parts: [MarkChunkReader], _ grid: MarkGrid, firstLine: Int, _ diagnostics: inout [Diagnostic]) -> Grid {
        let name = file.name
        var out = Grid(grid: grid)
        var problems: [Diagnostic] = []
        var problemCount = 0
        var legacyLate = [CodeUse](repeating: CodeUse(), count: 64)
        var earlyNew = legacyLate
        var noMark = CodeUse(), repeated = CodeUse()
        var conflicts: [(pupil: Int, day: Day, pm: Bool, line: Int, code: UInt8)] = []
        var badRows = 0
        var unterminated: Int? = nil
        var base = firstLine
        for part in parts {
            for var d in part.problems {
                if problems.count >= Self.cap { break }
                d.location?.line += base
                problems.append(d)
            }
            problemCount += part.problemCount
            for c in 0..<64 {
                if part.legacyLate[c].count > 0 {
                    if legacyLate[c].count == 0 { legacyLate[c].firstLine = part.legacyLate[c].firstLine + base }
                    legacyLate[c].count += part.legacyLate[c].count
                }
                if part.earlyNew[c].count > 0 {
                    if earlyNew[c].count == 0 { earlyNew[c].firstLine = part.earlyNew[c].firstLine + base }
                    earlyNew[c].count += part.earlyNew[c].count
                }
                out.codeCounts[c] += part.codeCounts[c]
            }
            if part.noMark.count > 0 {
                if noMark.count == 0 { noMark.firstLine = part.noMark.firstLine + base }
                noMark.count += part.noMark.count
            }
            // Repeated sessions: the grid holds the first row's code (no session is in two parts).
            for e in part.duplicates {
                let block = grid.existingBlock(Int(e.year))!
                let first = block[Int(e.cell)]
                let line = Int(e.line) + base
                if first == e.code {
                    if repeated.count == 0 { repeated.firstLine = line }
                    repeated.count += 1
                } else {
                    let cell = Int(e.cell)
                    let slot = cell % MarkGrid.rowBytes
                    conflicts.append((cell / MarkGrid.rowBytes, MarkGrid.day(year: Int(e.year), slot: slot >> 1), slot & 1 == 1, line, e.code))
                }
            }
            if let u = part.unterminatedQuoteLine { unterminated = u + base }
            out.rowCount += part.rowCount
            out.generalReaderRows += part.generalReaderRows
            out.markCount += part.markCount
            badRows += part.badRows
            out.minutes += part.minutes
            for y in 0..<MarkGrid.yearCount {
                guard let used = part.usedSlots(y) else { continue }
                var merged = out.usedSlots[y] ?? [Bool](repeating: false, count: MarkGrid.weekdaySlots)
                for s in 0..<MarkGrid.weekdaySlots where used[s] != 0 { merged[s] = true }
                out.usedSlots[y] = merged
            }
            part.releaseBitmaps()
            base += part.lines
        }
        if let l = unterminated { problems.append(.unterminatedQuote(name, line: l)); problemCount += 1 }

        if !conflicts.isEmpty {
            resolveConflicts(conflicts, &problems, &problemCount, Self.cap)
            badRows += conflicts.count
        }
        for (raw, use) in legacyLate.enumerated().filter({ $0.element.count > 0 }).sorted(by: { $0.element.firstLine < $1.element.firstLine }) {
            let info = CodeID(rawValue: UInt8(raw)).info
            diagnostics.append(.legacyAfterWithdrawal(name, line: use.firstLine, code: info.code, count: use.count, withdrawn: info.validTo!))
        }
        for (raw, use) in earlyNew.enumerated().filter({ $0.element.count > 0 }).sorted(by: { $0.element.firstLine < $1.element.firstLine }) {
            let info = CodeID(rawValue: UInt8(raw)).info
            diagnostics.append(.codeBeforeIntroduction(name, line: use.firstLine, code: info.code, count: use.count, introduced: info.validFrom!))
        }
        if noMark.count > 0 { diagnostics.append(.noMarkRecorded(name, line: noMark.firstLine, count: noMark.count)) }
        if repeated.count > 0 { diagnostics.append(.repeatedMark(name, line: repeated.firstLine, count: repeated.count)) }
        problems.sort { ($0.location?.line ?? 0) < ($1.location?.line ?? 0) }
        diagnostics += problems
        if problemCount > problems.count { diagnostics.append(.tooManyProblems(name, shown: problems.count, total: problemCount)) }
        if out.rowCount == 0 { diagnostics.append(.noRows(name)) }
        if badRows > 0 && skipBadRows { diagnostics.append(.skippedRows(name, count: badRows)) }
        return out
    }

    /// Names both lines of each clash: rescans the file for the first row of each clashing
    /// session. Runs only when there are clashes.
    private func resolveConflicts(_ conflicts: [(pupil: Int, day: Day, pm: Bool, line: Int, code: UInt8)],
                                  _ problems: inout [Diagnostic], _ problemCount: inout Int, _ cap: Int) {
        var wanted: [SessionKey: (line: Int, code: UInt8)] = [:]
        for c in conflicts { wanted[SessionKey(pupil: c.pupil, day: c.day.number, pm: c.pm)] = (0, 0) }
        rescan { row in
            let k = SessionKey(pupil: row.pupil, day: row.day.number, pm: row.pm)
            if let w = wanted[k], w.line == 0 { wanted[k] = (row.line, row.code) }
            return true
        }
        for c in conflicts {
            let first = wanted[SessionKey(pupil: c.pupil, day: c.day.number, pm: c.pm)] ?? (0, 0)
            problemCount += 1
            if problems.count < cap {
                problems.append(.conflictingMarks(file.name, line: c.line, otherLine: first.line, upn: pupils.upn[c.pupil], day: c.day, pm: c.pm,
                                                  a: first.code == 0 ? "?" : CodeID(rawValue: first.code).code, b: CodeID(rawValue: c.code).code))
            }
        }
    }

    /// One session of one pupil.
    struct SessionKey: Hashable { let pupil: Int; let day: Int32; let pm: Bool }

    /// A good row found again by ``rescan(_:)``.
    struct FoundRow {
        let line: Int
        /// The column of the date field.
        let dateColumn: Int
        let pupil: Int
        let day: Day
        let pm: Bool
        let code: UInt8
    }

    /// Reads the file again, row by row, handing `visit` every row whose UPN, date, session
    /// and mark read (until it returns false). Only for naming lines once a check over the
    /// loaded marks has found something (clashing sessions, marks on closure days, dates far
    /// from the rest); never on the way of a clean load.
    func rescan(_ visit: (FoundRow) -> Bool) {
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
                      let pm = MarkFields.session(bytes.baseAddress!, ss, se), let code = codes.lookup(bytes, ms, me) else { continue }
                let row = FoundRow(line: scanner.recordLine, dateColumn: scanner.column(of: fields[iDate]), pupil: p, day: d, pm: pm, code: code.rawValue)
                if !visit(row) { return }
            }
        }
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
