/// The marks files of one register, read as one: `marks.csv`, or several (`marks*.csv`, or
/// the files of a `marks/` folder; schools export a year at a time). Each file is read by
/// its own ``MarksLoader`` (every row check, every message, naming that file); then the
/// files' grids are joined: a year only one file holds is moved across whole, a year two
/// files hold is joined session by session (the same mark twice is the repeated-session
/// warning D206; two different marks are an error D205 naming both file:line).
///
/// Then the checks over the whole register's marks: marks on calendar.csv's closure days
/// that are neither `#` nor a Y code (D216, a warning), and, without calendar.csv, dates far
/// from the rest of the register (D217, an error).
struct MarkFiles {
    let files: [FileBytes]
    let pupils: PupilTable
    /// Days inside some term of calendar.csv (terms stretched over their closures).
    let termDays: DaySet?
    /// The closures of calendar.csv, by day, with each row's name.
    let closures: [CalendarEntry]
    let skipBadRows: Bool
    /// Mark text → code id, with the register's codes.csv.
    let codes: CodeLookup
    var parts: Int? = nil
    /// Every row through the general reader (``MarksLoader/generalReaderOnly``).
    var generalReaderOnly = false

    func load(into diagnostics: inout [Diagnostic]) -> MarksLoader.Grid? {
        var read: [(loader: MarksLoader, grid: MarksLoader.Grid)] = []
        var failed = false
        for f in files {
            var loader = MarksLoader(file: f, pupils: pupils, termDays: termDays, skipBadRows: skipBadRows)
            loader.parts = parts
            loader.generalReaderOnly = generalReaderOnly
            loader.codes = codes
            if let g = loader.load(into: &diagnostics) { read.append((loader, g)) } else { failed = true }
        }
        guard !failed, var out = read.first?.grid else { return nil }
        for k in 1..<read.count { join(&out, read[k].grid, file: read[k].loader, earlier: read[..<k].map(\.loader), &diagnostics) }
        let loaders = read.map(\.loader)
        if let closureDays = ClosureDays.days(closures) { checkClosures(out, closureDays, loaders, &diagnostics) }
        // Without calendar.csv, dates far from the rest; unless the years cap (D215) has
        // already refused a register spread over decades.
        if termDays == nil && !diagnostics.contains(where: { $0.code == .tooManyYears }) { checkFarDates(&out, loaders, &diagnostics) }
        return out
    }

    /// The days with any mark, by year index and weekday slot.
    static func days(_ g: MarksLoader.Grid) -> [(year: Int, slot: Int, day: Day)] {
        g.usedSlots.keys.sorted().flatMap { y in
            (0..<MarkGrid.weekdaySlots).filter { g.usedSlots[y]![$0] }.map { (y, $0, MarkGrid.day(year: y, slot: $0)) }
        }
    }

    // MARK: Joining files

    private func join(_ out: inout MarksLoader.Grid, _ g: MarksLoader.Grid, file: MarksLoader, earlier: [MarksLoader],
                      _ diagnostics: inout [Diagnostic]) {
        let P = pupils.count
        var repeated: Set<MarksLoader.SessionKey> = []
        var clashes: [MarksLoader.SessionKey: UInt8] = [:]
        /// (year index, cell) of the sessions `g` repeats: their minutes are the first file's.
        var dropped: Set<Int64> = []
        var codeCounts = g.codeCounts
        var marks = g.markCount
        for y in g.grid.usedYears {
            guard let dst = out.grid.existingBlock(y) else {
                out.grid.adopt(y, from: g.grid)
                continue
            }
            let src = g.grid.existingBlock(y)!
            for cell in 0..<(P * MarkGrid.rowBytes) where src[cell] != 0 {
                let b = src[cell], a = dst[cell]
                if a == 0 { dst[cell] = b; continue }
                codeCounts[Int(b)] -= 1
                marks -= 1
                dropped.insert(Int64(y) << 32 | Int64(cell))
                let slot = cell % MarkGrid.rowBytes
                let key = MarksLoader.SessionKey(pupil: cell / MarkGrid.rowBytes, day: MarkGrid.day(year: y, slot: slot >> 1).number, pm: slot & 1 == 1)
                if a == b { repeated.insert(key) } else { clashes[key] = a }
            }
            g.grid.release(y)
        }
        for (y, used) in g.usedSlots {
            var merged = out.usedSlots[y] ?? [Bool](repeating: false, count: MarkGrid.weekdaySlots)
            for s in 0..<MarkGrid.weekdaySlots where used[s] { merged[s] = true }
            out.usedSlots[y] = merged
        }
        out.minutes += dropped.isEmpty ? g.minutes : g.minutes.filter { !dropped.contains(Int64($0.year) << 32 | Int64($0.cell)) }
        out.hasMinutesColumn = out.hasMinutesColumn || g.hasMinutesColumn
        out.rowCount += g.rowCount
        out.generalReaderRows += g.generalReaderRows
        out.markCount += marks
        for c in 0..<64 { out.codeCounts[c] += codeCounts[c] }
        out.partsRead = max(out.partsRead, g.partsRead)

        if !repeated.isEmpty {
            var first = 0
            file.rescan { row in
                if repeated.contains(.init(pupil: row.pupil, day: row.day.number, pm: row.pm)) { first = row.line; return false }
                return true
            }
            diagnostics.append(.repeatedMark(file.file.name, line: first, count: repeated.count))
        }
        guard !clashes.isEmpty else { return }
        // Both lines of each clash: the first row of the session in the earlier files (the
        // one whose mark the grid holds), and its row in this file.
        var firstAt: [MarksLoader.SessionKey: (file: String, line: Int)] = [:]
        for e in earlier {
            e.rescan { row in
                let k = MarksLoader.SessionKey(pupil: row.pupil, day: row.day.number, pm: row.pm)
                if let a = clashes[k], a == row.code, firstAt[k] == nil { firstAt[k] = (e.file.name, row.line) }
                return firstAt.count < clashes.count
            }
        }
        var problems: [Diagnostic] = []
        file.rescan { row in
            let k = MarksLoader.SessionKey(pupil: row.pupil, day: row.day.number, pm: row.pm)
            if let a = clashes[k], a != row.code, problems.count < MarksLoader.cap {
                let other = firstAt[k] ?? (earlier.first?.file.name ?? "?", 0)
                problems.append(.conflictingMarksAcrossFiles(file.file.name, line: row.line, otherFile: other.file, otherLine: other.line,
                                                             upn: pupils.upn[row.pupil], day: row.day, pm: row.pm,
                                                             a: CodeID(rawValue: a).code, b: CodeID(rawValue: row.code).code))
            }
            return true
        }
        diagnostics += problems
        if skipBadRows { diagnostics.append(.skippedRows(file.file.name, count: clashes.count)) }
    }

    // MARK: Checks over the whole register

    /// D216: marks on closure days that are neither `#` nor a Y code, one warning per file
    /// naming its first such row.
    private func checkClosures(_ g: MarksLoader.Grid, _ closureDays: DaySet, _ loaders: [MarksLoader], _ diagnostics: inout [Diagnostic]) {
        let P = pupils.count
        var odd = 0
        // ClosureDays.fitsClosure's verdict per code id, asked once per id seen (asked per
        // session, it copied the code's facts, strings and all, for every pupil).
        var fits = [Int8](repeating: -1, count: 256)
        for (y, slot, day) in Self.days(g) where closureDays.contains(day) {
            let block = g.grid.existingBlock(y)!
            for p in 0..<P {
                for h in 0..<2 {
                    let b = Int(block[p * MarkGrid.rowBytes + 2 * slot + h])
                    if fits[b] < 0 { fits[b] = ClosureDays.fitsClosure(UInt8(b)) ? 1 : 0 }
                    if fits[b] == 0 { odd += 1 }
                }
            }
        }
        guard odd > 0 else { return }
        for l in loaders {
            var count = 0
            var first: MarksLoader.FoundRow?
            l.rescan { row in
                if closureDays.contains(row.day) && !ClosureDays.fitsClosure(row.code) {
                    count += 1
                    if first == nil { first = row }
                }
                return true
            }
            if let first {
                let name = closures.first { $0.start <= first.day && first.day <= $0.end }?.name ?? ""
                diagnostics.append(.markOnClosureDay(l.file.name, line: first.line, count: count, day: first.day, closure: name))
            }
        }
    }

    /// D217: without calendar.csv, every row dated far from the rest of the register. With
    /// --skip-bad-rows those days are taken out of the grid.
    private func checkFarDates(_ g: inout MarksLoader.Grid, _ loaders: [MarksLoader], _ diagnostics: inout [Diagnostic]) {
        let all = Self.days(g)
        let far = Set(CalendarInference.farDays(all.map(\.day)))
        guard !far.isEmpty else { return }
        let kept = all.map(\.day).filter { !far.contains($0) }
        let from = kept.first?.academicYear ?? 0, to = kept.last?.academicYear ?? 0
        var problems: [Diagnostic] = []
        var total = 0
        for l in loaders {
            var bad = 0
            l.rescan { row in
                if far.contains(row.day) {
                    total += 1
                    bad += 1
                    if problems.count < MarksLoader.cap {
                        problems.append(.farDate(l.file.name, line: row.line, column: row.dateColumn, day: row.day, from: from, to: to))
                    }
                }
                return true
            }
            if bad > 0 && skipBadRows { problems.append(.skippedRows(l.file.name, count: bad)) }
        }
        diagnostics += problems
        if total > problems.count { diagnostics.append(.tooManyProblems(loaders[0].file.name, shown: problems.count, total: total)) }
        // The far days leave the grid (they are errors: the load goes on only with --skip-bad-rows).
        let P = pupils.count
        var droppedSlots: Set<Int64> = []
        for (y, slot, day) in all where far.contains(day) {
            let block = g.grid.existingBlock(y)!
            for p in 0..<P {
                for h in 0..<2 {
                    let cell = p * MarkGrid.rowBytes + 2 * slot + h
                    let c = block[cell]
                    guard c != 0 else { continue }
                    g.codeCounts[Int(c)] -= 1
                    g.markCount -= 1
                    block[cell] = 0
                }
            }
            g.usedSlots[y]![slot] = false
            droppedSlots.insert(Int64(y) << 32 | Int64(slot))
        }
        g.minutes = g.minutes.filter { !droppedSlots.contains(Int64($0.year) << 32 | Int64(Int($0.cell) % MarkGrid.rowBytes >> 1)) }
        for (y, used) in g.usedSlots where !used.contains(true) { g.usedSlots[y] = nil; g.grid.release(y) }
    }
}
