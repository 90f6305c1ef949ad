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
        public init(skipBadRows: Bool = false) { self.skipBadRows = skipBadRows }
    }

    public static func load(_ source: RegisterSource, options: Options = Options()) throws(DiagnosticList) -> Register {
        var diagnostics: [Diagnostic] = []

        var entries: [CalendarEntry]? = nil
        var calendarFailed = false
        if let cal = source.calendar {
            entries = CalendarLoader(file: cal).load(into: &diagnostics)
            calendarFailed = entries == nil
        }
        let pupils = PupilsLoader(file: source.pupils, skipBadRows: options.skipBadRows).load(into: &diagnostics)
        var grid: MarksLoader.Grid? = nil
        // No pupils (a header only, or every row bad): every mark would be an unknown UPN.
        if let pupils, pupils.count > 0 {
            let termDays = entries.map { e in DaySet(ranges: e.filter { $0.kind == .term }.map { $0.start...$0.end }) }
            let hasTerms = entries?.contains { $0.kind == .term } ?? false
            grid = MarksLoader(file: source.marks, pupils: pupils, termDays: hasTerms ? termDays : nil,
                               skipBadRows: options.skipBadRows).load(into: &diagnostics)
        }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        guard let pupils, let grid, !calendarFailed, !hasErrors || options.skipBadRows else {
            throw DiagnosticList(diagnostics)
        }
        return build(name: source.name, pupils: pupils, grid: grid, entries: entries, marksFile: source.marks.name, diagnostics: diagnostics)
    }

    static func build(name: String, pupils: PupilTable, grid: MarksLoader.Grid, entries: [CalendarEntry]?,
                      marksFile: String, diagnostics: [Diagnostic]) -> Register {
        var diagnostics = diagnostics
        let P = pupils.count
        let slot = MarksLoader.daysPerYearSlot * 2

        // 1. The register's days: any day with any row.
        var days: [Day] = []
        for (y, codes) in grid.years.sorted(by: { $0.key < $1.key }) {
            var used = [Bool](repeating: false, count: MarksLoader.daysPerYearSlot)
            codes.withUnsafeBufferPointer { c in
                for p in 0..<P {
                    let base = p * slot
                    for d in 0..<MarksLoader.daysPerYearSlot where !used[d] && (c[base + 2 * d] != 0 || c[base + 2 * d + 1] != 0) {
                        used[d] = true
                    }
                }
            }
            let start = MarksLoader.yearStart(y)
            for d in 0..<MarksLoader.daysPerYearSlot where used[d] { days.append(start.advanced(by: d)) }
        }
        let S = days.count * 2

        // 2. The mark matrix, pupil-major over register sessions.
        var marks = [UInt8](repeating: 0, count: P * S)
        var dayIndex = 0
        for (y, codes) in grid.years.sorted(by: { $0.key < $1.key }) {
            let start = MarksLoader.yearStart(y)
            let first = dayIndex
            while dayIndex < days.count && days[dayIndex].academicYear == y { dayIndex += 1 }
            let offsets = (first..<dayIndex).map { start.distance(to: days[$0]) }
            codes.withUnsafeBufferPointer { c in
                marks.withUnsafeMutableBufferPointer { m in
                    for p in 0..<P {
                        let src = p * slot, dst = p * S
                        for (k, off) in offsets.enumerated() {
                            m[dst + 2 * (first + k)] = c[src + 2 * off]
                            m[dst + 2 * (first + k) + 1] = c[src + 2 * off + 1]
                        }
                    }
                }
            }
        }

        // 3. Dates on roll: admitted/left when given, else from the first and last marks that
        //    are not Z (prospective pupil); a pupil whose marks stop before the register's last
        //    day has left.
        let zCode = CodeID("Z")!.rawValue
        let lastDay = days.last
        var from = [Day?](repeating: nil, count: P)
        var until = [Day?](repeating: nil, count: P)
        for p in 0..<P {
            var firstReal: Int? = nil, lastReal: Int? = nil
            let base = p * S
            for s in 0..<S where marks[base + s] != 0 && marks[base + s] != zCode {
                if firstReal == nil { firstReal = s }
                lastReal = s
            }
            from[p] = pupils.admitted[p] ?? firstReal.map { days[$0 >> 1] }
            if let l = pupils.left[p] { until[p] = l }
            else if let lr = lastReal, days[lr >> 1] < lastDay! { until[p] = days[lr >> 1] }
        }

        // 4. Class matrices, within the dates on roll; and which days had any possible session.
        var matrices = MarkClass.allCases.map { _ in BitMatrix(rows: P, columns: S) }
        var possibleDay = [Bool](repeating: false, count: days.count)
        var offRoll = 0
        var stats = Register.LoadStatistics()
        stats.markRows = grid.rowCount
        stats.marks = grid.markCount
        var codeCounts = [Int](repeating: 0, count: 256)
        let classes = CodeTable.classByID
        for p in 0..<P {
            let base = p * S
            let f = from[p], u = until[p]
            for s in 0..<S {
                let raw = marks[base + s]
                if raw == 0 { continue }
                codeCounts[Int(raw)] += 1
                let c = classes[Int(raw)]
                let d = days[s >> 1]
                if c.isPossible { possibleDay[s >> 1] = true }
                if (f.map { d < $0 } ?? false) || (u.map { d > $0 } ?? false) {
                    if c.isPossible { offRoll += 1 }
                    continue
                }
                for m in MarkClass.allCases where m.includes(c, raw: raw) { matrices[m.rawValue].set(p, s) }
            }
        }
        for (i, n) in codeCounts.enumerated() where n > 0 { stats.codesUsed[CodeTable.all[i - 1].code] = n }
        stats.noMarkEntries = stats.codesUsed["-"] ?? 0
        if offRoll > 0 { diagnostics.append(.marksOffRoll(marksFile, count: offRoll)) }

        // 5. The calendar.
        let calendar: SchoolCalendar
        if let entries, entries.contains(where: { $0.kind == .term }) {
            let built = CalendarInference.fromEntries(entries, days: days)
            calendar = SchoolCalendar(days: days, possibleDay: possibleDay, years: built.years, closures: built.closures, inferred: false)
        } else {
            let years = CalendarInference.infer(days: days, diagnostics: &diagnostics)
            let closures = entries.map { CalendarInference.fromEntries($0, days: days).closures } ?? []
            calendar = SchoolCalendar(days: days, possibleDay: possibleDay, years: years, closures: closures, inferred: true)
        }

        // 6. Minutes late, sparse, on roll only.
        var minutes: MinutesLate? = nil
        if grid.hasMinutesColumn {
            var perPupil = [[(Int32, UInt16)]](repeating: [], count: P)
            for m in grid.minutes {
                guard let di = calendar.index(of: m.day) else { continue }
                let p = Int(m.pupil)
                if !((from[p].map { m.day < $0 } ?? false) || (until[p].map { m.day > $0 } ?? false)) {
                    perPupil[p].append((Int32(di * 2 + (m.pm ? 1 : 0)), m.minutes))
                }
            }
            var offsets: [Int32] = [0], sessions: [Int32] = [], values: [UInt16] = []
            for list in perPupil {
                for (s, v) in list.sorted(by: { $0.0 < $1.0 }) { sessions.append(s); values.append(v) }
                offsets.append(Int32(sessions.count))
            }
            minutes = MinutesLate(offsets: offsets, sessions: sessions, minutes: values)
        }

        return Register(name: name, pupils: pupils, calendar: calendar, marks: marks, classMatrices: matrices,
                        minutesLate: minutes, onRollFrom: from, onRollUntil: until, diagnostics: diagnostics, statistics: stats)
    }
}
