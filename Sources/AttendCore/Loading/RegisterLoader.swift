/// Loads a register: pupils.csv, calendar.csv (when given) and marks.csv, checked row by
/// row, then builds the store (``Register``): the school days, the mark matrix, the class
/// bit matrices, the dates on roll and the calendar.
///
/// Every problem in every file is reported, not just the first. With errors the load fails
/// (``DiagnosticList`` holding all of them) unless `skipBadRows`, when the bad rows are left
/// out, still listed, and counted.
public enum RegisterLoader {
    public struct Options: Sendable {
        public var skipBadRows = false
        /// Parts of pupils.csv and marks.csv to read at once (nil: one per core). For tests and
        /// measurements.
        public var parts: Int?
        /// Every marks.csv row through the general reader, none through the fast path: the
        /// same register and messages, slower. For the differential tests and measurements.
        public var generalReaderOnly = false
        public init(skipBadRows: Bool = false, parts: Int? = nil, generalReaderOnly: Bool = false) {
            self.skipBadRows = skipBadRows
            self.parts = parts
            self.generalReaderOnly = generalReaderOnly
        }
    }

    public static func load(_ source: RegisterSource, options: Options = Options()) throws(DiagnosticList) -> Register {
        var diagnostics: [Diagnostic] = []
        var phases = PhaseClock()

        var entries: [CalendarEntry]? = nil
        var calendarFailed = false
        if let cal = source.calendar {
            // Closures outside every term (INSET days before a term's first day) belong to
            // the nearest term: the terms are stretched over them.
            entries = CalendarLoader(file: cal).load(into: &diagnostics).map(ClosureDays.stretchingTerms)
            calendarFailed = entries == nil
        }
        var schoolCodes = SchoolCodeList()
        var codesFailed = false
        if let file = source.codes {
            if let list = CodesLoader(file: file).load(into: &diagnostics) { schoolCodes = list } else { codesFailed = true }
        }
        let pupils = PupilsLoader(file: source.pupils, skipBadRows: options.skipBadRows, parts: options.parts).load(into: &diagnostics)
        phases.lap("pupils.csv and calendar.csv")
        var grid: MarksLoader.Grid? = nil
        // No pupils (a header only, or every row bad): every mark would be an unknown UPN.
        if let pupils, pupils.count > 0 {
            let termDays = entries.map { e in DaySet(ranges: e.filter { $0.kind == .term }.map { $0.start...$0.end }) }
            let hasTerms = entries?.contains { $0.kind == .term } ?? false
            var files = MarkFiles(files: source.marksFiles, pupils: pupils, termDays: hasTerms ? termDays : nil,
                                  closures: entries?.filter { $0.kind == .closure } ?? [], skipBadRows: options.skipBadRows,
                                  codes: CodeLookup.national.adding(schoolCodes.codes))
            files.parts = options.parts
            files.generalReaderOnly = options.generalReaderOnly
            grid = files.load(into: &diagnostics)
            phases.lap("marks.csv")
        }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        guard let pupils, let grid, !calendarFailed, !codesFailed, !hasErrors || options.skipBadRows else {
            throw DiagnosticList(diagnostics)
        }
        let sources = ([source.pupils.identity(role: "pupils.csv")] + source.marksFiles.map { $0.identity(role: "marks.csv") }
                       + [source.calendar?.identity(role: "calendar.csv"), source.codes?.identity(role: "codes.csv")]).compactMap { $0 }
        return build(name: source.name, pupils: pupils, grid: grid, entries: entries, marksFile: source.marks.name,
                     diagnostics: diagnostics, phases: phases, sources: sources, schoolCodes: schoolCodes)
    }

    /// Wall-clock time of each step of a load, for `LoadStatistics.phases`.
    struct PhaseClock {
        private var last = ContinuousClock.now
        private(set) var laps: [(String, Duration)] = []
        mutating func lap(_ name: String) {
            let now = ContinuousClock.now
            laps.append((name, now - last))
            last = now
        }
    }

    /// A valid pointer for an empty mark matrix.
    nonisolated(unsafe) static let noBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 8)

    static func build(name: String, pupils: PupilTable, grid g: MarksLoader.Grid, entries: [CalendarEntry]?,
                      marksFile: String, diagnostics: [Diagnostic], phases: PhaseClock = PhaseClock(),
                      sources: [SourceFileIdentity] = [], schoolCodes: SchoolCodeList = SchoolCodeList()) -> Register {
        var diagnostics = diagnostics
        var phases = phases
        let P = pupils.count
        let threads = Parallel.threads

        // 1. The register's days: any day with any mark, by year.
        var days: [Day] = []
        let years = g.usedSlots.keys.sorted()
        /// Per year: (year index, first register day index, weekday slot of each of its days).
        var yearDays: [(year: Int, first: Int, slots: [Int])] = []
        for y in years {
            let used = g.usedSlots[y]!
            let slots = (0..<MarkGrid.weekdaySlots).filter { used[$0] }
            yearDays.append((y, days.count, slots))
            for s in slots { days.append(MarkGrid.day(year: y, slot: s)) }
        }
        let S = days.count * 2
        let lastDay = days.last
        let (registerDays, gather) = (days, yearDays)

        // 2. The mark matrix, pupil-major over register sessions, gathered from the grid a
        //    pupil at a time (AM and PM together); with each pupil's first and last marks that
        //    are not Z, for the dates on roll.
        var marks = StoreArray<UInt8>(uninitialized: P * S)
        let zCode = CodeID("Z")!.rawValue
        var from = [Day?](repeating: nil, count: P)
        var until = [Day?](repeating: nil, count: P)
        var lastMark = [Day?](repeating: nil, count: P)
        let blocks = yearDays.map { SharedPointer(g.grid.existingBlock($0.year)!) }
        let pupilRanges = Parallel.ranges(P, threads * 4)
        // Finer parts for the copy, each handing its grid pages back when done.
        let copyRanges = Parallel.ranges(P, max(threads * 4, P / 2048))
        let grid = g.grid
        if P > 0 {
        marks.withUnsafeMutableBufferPointer { mb in
            let m = SharedPointer(mb.baseAddress ?? Self.noBytes)
            from.withUnsafeMutableBufferPointer { fb in
                until.withUnsafeMutableBufferPointer { ub in
                  lastMark.withUnsafeMutableBufferPointer { lb in
                    let f = SharedPointer(fb.baseAddress!), u = SharedPointer(ub.baseAddress!), lm = SharedPointer(lb.baseAddress!)
                    Parallel.forEach(copyRanges.count) { r in
                        defer { for yd in gather { grid.discard(yd.year, pupils: copyRanges[r]) } }
                        for p in copyRanges[r] {
                            let row = m.p + p * S
                            for (k, yd) in gather.enumerated() {
                                let src = UnsafeRawPointer(blocks[k].p + p * MarkGrid.rowBytes)
                                let dst = UnsafeMutableRawPointer(row + 2 * yd.first)
                                for (j, slot) in yd.slots.enumerated() {
                                    dst.storeBytes(of: src.loadUnaligned(fromByteOffset: 2 * slot, as: UInt16.self), toByteOffset: 2 * j, as: UInt16.self)
                                }
                            }
                            var firstReal = -1
                            var s = 0
                            while s < S { let c = row[s]; if c != 0 && c != zCode { firstReal = s; break }; s += 1 }
                            let lastReal = firstReal >= 0 ? StoppedMarks.lastMarkedSession(row, sessions: S, from: firstReal) : -1
                            f.p[p] = pupils.admitted[p] ?? (firstReal >= 0 ? registerDays[firstReal >> 1] : nil)
                            // Without a leaving date a pupil stays on roll to the register's
                            // last day, whenever their marks stop (see ``StoppedMarks``).
                            if let l = pupils.left[p] { u.p[p] = l }
                            if lastReal >= 0 { lm.p[p] = registerDays[lastReal >> 1] }
                        }
                    }
                  }
                }
            }
        }
        }
        for yd in yearDays { g.grid.release(yd.year) }
        if let stopped = StoppedMarks.find(lastMark: lastMark, pupils: pupils, lastDay: lastDay) {
            diagnostics.append(.marksStopEarly(marksFile, count: stopped.pupils.count, after: stopped.after, lastDay: lastDay!,
                                               upns: stopped.pupils.map { pupils.upn[$0] }))
        }
        phases.lap("mark matrix and dates on roll")

        // 3. Class matrices, within the dates on roll, a word (64 sessions) at a time; and
        //    which days had any possible session.
        var stats = Register.LoadStatistics()
        stats.markRows = g.rowCount
        stats.marks = g.markCount
        stats.partsRead = g.partsRead
        stats.generalReaderRows = g.generalReaderRows
        let built = ClassMatrixBuilder.build(marks: marks, pupils: P, sessions: S, days: days, from: from, until: until, ranges: pupilRanges)
        for (i, n) in g.codeCounts.enumerated() where n > 0 && i > 0 { stats.codesUsed[CodeID(rawValue: UInt8(i)).code] = n }
        stats.noMarkEntries = stats.codesUsed["-"] ?? 0
        if built.offRoll > 0 { diagnostics.append(.marksOffRoll(marksFile, count: built.offRoll)) }
        phases.lap("class bit matrices")

        // 4. The calendar.
        let calendar: SchoolCalendar
        if let entries, entries.contains(where: { $0.kind == .term }) {
            let cal = CalendarInference.fromEntries(entries, days: days)
            calendar = SchoolCalendar(days: days, possibleDay: built.possibleDay, years: cal.years, closures: cal.closures, inferred: false)
        } else {
            let years = CalendarInference.infer(days: days, diagnostics: &diagnostics)
            let closures = entries.map { CalendarInference.fromEntries($0, days: days).closures } ?? []
            calendar = SchoolCalendar(days: days, possibleDay: built.possibleDay, years: years, closures: closures, inferred: true)
        }

        // 5. Minutes late, sparse, on roll only, in session order per pupil.
        var minutes: MinutesLate? = nil
        if g.hasMinutesColumn {
            // Register day of each (year, weekday slot).
            var dayOfSlot = [Int32](repeating: -1, count: MarkGrid.yearCount * MarkGrid.weekdaySlots)
            for yd in yearDays {
                for (j, slot) in yd.slots.enumerated() { dayOfSlot[yd.year * MarkGrid.weekdaySlots + slot] = Int32(yd.first + j) }
            }
            // Each pupil's sessions on roll, as for the class matrices.
            let roll = (0..<P).map { ClassMatrixBuilder.onRollSessions(days, from[$0], until[$0]) }
            var entries: [(pupil: Int32, session: Int32, minutes: UInt16)] = []
            entries.reserveCapacity(g.minutes.count)
            for m in g.minutes {
                let cell = Int(m.cell)
                let p = cell / MarkGrid.rowBytes, slot = cell % MarkGrid.rowBytes
                let di = Int(dayOfSlot[Int(m.year) * MarkGrid.weekdaySlots + slot >> 1])
                let session = 2 * di + (slot & 1)
                guard roll[p].contains(session) else { continue }
                entries.append((Int32(p), Int32(session), m.minutes))
            }
            minutes = MinutesLate(pupils: P, entries)
        }

        phases.lap("calendar and minutes late")
        stats.phases = phases.laps
        return Register(name: name, pupils: pupils, calendar: calendar, marks: marks, classMatrices: built.matrices,
                        minutesLate: minutes, onRollFrom: from, onRollUntil: until, diagnostics: diagnostics, statistics: stats,
                        sources: sources, schoolCodes: schoolCodes)
    }
}
