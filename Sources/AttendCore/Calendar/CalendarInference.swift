/// Builds the terms and half-terms of each academic year, from calendar.csv or, without
/// one, from the register: the school days of a year fall into half-terms separated by
/// breaks of a week or more; terms are pairs of half-terms.
enum CalendarInference {
    static let halfTermNames = ["Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"]
    static let termNames = ["Autumn", "Spring", "Summer"]

    /// Two consecutive school days this many days apart or more have a break of a week
    /// or more between them (Friday to the Monday after next is 10).
    static let breakGap = 8

    /// The longest school holiday, in days (the summer holiday runs six to seven weeks):
    /// marks further than this from the rest of the register, or an as-of date further than
    /// this after its last day, are not what a register of those years holds.
    static let longestHoliday = 49

    /// Without calendar.csv: the days with marks that lie outside the academic years the
    /// rest of the register spans by more than a holiday (a year typed wrong: 2036-01-07 in
    /// a 2025/26 register). The register is the longest run of days with no gap longer than
    /// a holiday; the academic years it spans, widened by a holiday at each end, take in any
    /// run that reaches into them, and so on; every day left is far from the rest.
    static func farDays(_ days: [Day]) -> [Day] {
        guard days.count > 1 else { return [] }
        var runs: [[Day]] = []
        for d in days.sorted() {
            if let last = runs.last?.last, last.distance(to: d) <= longestHoliday { runs[runs.count - 1].append(d) }
            else { runs.append([d]) }
        }
        guard runs.count > 1 else { return [] }
        let main = runs.indices.max { runs[$0].count < runs[$1].count }!
        var taken = Set([main])
        var first = runs[main].first!.academicYear, last = runs[main].last!.academicYear
        var grew = true
        while grew {
            grew = false
            let lo = MarkGrid.september1(first).advanced(by: -longestHoliday)
            let hi = MarkGrid.september1(last + 1).advanced(by: longestHoliday - 1)
            for (i, r) in runs.enumerated() where !taken.contains(i) && r.last! >= lo && r.first! <= hi {
                taken.insert(i)
                first = min(first, r.first!.academicYear)
                last = max(last, r.last!.academicYear)
                grew = true
            }
        }
        return runs.indices.filter { !taken.contains($0) }.flatMap { runs[$0] }
    }

    /// Runs of days separated by breaks.
    static func runs(_ days: [Day]) -> [[Day]] {
        var out: [[Day]] = []
        for d in days {
            if let last = out.last?.last, last.distance(to: d) < breakGap { out[out.count - 1].append(d) }
            else { out.append([d]) }
        }
        return out
    }

    /// Infers every academic year the register covers. Warns when a year has more than six
    /// runs of school days (then the shortest breaks are merged).
    static func infer(days: [Day], diagnostics: inout [Diagnostic]) -> [AcademicYear] {
        var byYear: [Int: [Day]] = [:]
        for d in days { byYear[d.academicYear, default: []].append(d) }
        var years: [AcademicYear] = []
        for (y, ds) in byYear.sorted(by: { $0.key < $1.key }) {
            var rs = runs(ds)
            if rs.count > 6 {
                diagnostics.append(.inferredHalfTerms(year: y, found: rs.count))
                while rs.count > 6 {
                    // Merge across the shortest break.
                    var best = 0
                    var bestGap = Int.max
                    for i in 0..<(rs.count - 1) {
                        let gap = rs[i].last!.distance(to: rs[i + 1].first!)
                        if gap < bestGap { bestGap = gap; best = i }
                    }
                    rs[best] += rs[best + 1]
                    rs.remove(at: best + 1)
                }
            }
            // A whole year has six runs, named in order. A register that starts or ends part
            // of the way through a year names each run by where it falls in the year.
            var slots: [Int] = []
            for (i, r) in rs.enumerated() {
                let slot = rs.count == 6 ? i + 1 : max(slotByDate(r.first!), (slots.last ?? 0) + 1)
                slots.append(min(slot, 6 - (rs.count - 1 - i)))
            }
            var halves: [Period] = []
            for (i, r) in rs.enumerated() {
                halves.append(Period(kind: .halfTerm, name: halfTermNames[slots[i] - 1], start: r.first!, end: r.last!, academicYear: y, number: slots[i]))
            }
            var terms: [Period] = []
            for t in 0..<3 {
                let parts = halves.filter { ($0.number - 1) / 2 == t }
                guard let first = parts.first, let last = parts.last else { continue }
                terms.append(Period(kind: .term, name: termNames[t], start: first.start, end: last.end, academicYear: y, number: t + 1))
            }
            years.append(AcademicYear(startYear: y, terms: terms, halfTerms: halves))
        }
        return years
    }

    /// The usual half-term (1…6) a run of school days starting on `d` belongs to.
    static func slotByDate(_ d: Day) -> Int {
        let (_, m, day) = d.civil
        switch m {
        case 8, 9: return 1
        case 10: return day >= 20 ? 2 : 1
        case 11, 12: return 2
        case 1: return 3
        case 2: return day >= 10 ? 4 : 3
        case 3: return 4
        case 4: return 5
        case 5: return day >= 25 ? 6 : 5
        default: return 6
        }
    }

    /// Academic years from calendar.csv. Half-terms missing from the file are inferred
    /// inside each term from the register's days.
    static func fromEntries(_ entries: [CalendarEntry], days: [Day]) -> (years: [AcademicYear], closures: [Period]) {
        var yearsSet = Set(entries.filter { $0.kind != .closure }.map { $0.start.academicYear })
        for d in days { yearsSet.insert(d.academicYear) }
        var years: [AcademicYear] = []
        for y in yearsSet.sorted() {
            let termEntries = entries.filter { $0.kind == .term && $0.start.academicYear == y }.sorted { $0.start < $1.start }
            let terms = termEntries.enumerated().map { i, e in
                Period(kind: .term, name: e.name.isEmpty ? (i < 3 ? termNames[i] : "Term \(i + 1)") : e.name,
                       start: e.start, end: e.end, academicYear: y, number: i + 1)
            }
            var halfEntries = entries.filter { $0.kind == .halfTerm && $0.start.academicYear == y }.sorted { $0.start < $1.start }
                .map { ($0.name, $0.start, $0.end) }
            // Terms with no half-terms given: split the term's register days at breaks.
            for t in terms where !halfEntries.contains(where: { t.contains($0.1) }) {
                let inTerm = days.filter { t.contains($0) }
                let rs = runs(inTerm)
                if rs.count == 2 {
                    halfEntries.append(("\(t.name) 1", t.start, rs[0].last!))
                    halfEntries.append(("\(t.name) 2", rs[1].first!, t.end))
                } else {
                    halfEntries.append((t.name, t.start, t.end))
                }
            }
            halfEntries.sort { $0.1 < $1.1 }
            let halves = halfEntries.enumerated().map { i, e in
                Period(kind: .halfTerm, name: e.0.isEmpty ? (i < 6 ? halfTermNames[i] : "Half-term \(i + 1)") : e.0,
                       start: e.1, end: e.2, academicYear: y, number: i + 1)
            }
            if terms.isEmpty && halves.isEmpty { continue }
            years.append(AcademicYear(startYear: y, terms: terms, halfTerms: halves))
        }
        let closures = entries.filter { $0.kind == .closure }.map {
            Period(kind: .closure, name: $0.name, start: $0.start, end: $0.end, academicYear: $0.start.academicYear, number: 0)
        }
        return (years, closures)
    }
}
