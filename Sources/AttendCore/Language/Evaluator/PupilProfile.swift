/// `pupil UPN`: one pupil's record: rates by half-term, how often each code was used this
/// year, and a week-by-week grid of marks. Shows the pupil's details because the user asked
/// for this pupil by UPN.
struct PupilProfile {
    let evaluator: Evaluator
    let pupil: Int
    let window: BoundWindow

    func table() -> ResultTable {
        let r = evaluator.register
        let t = r.pupils
        let p = pupil
        let cal = r.calendar
        let asOf = evaluator.asOf
        var header: [String] = []
        header.append("\(t.forename[p]) \(t.surname[p])  UPN \(t.upn[p])  year \(PupilTable.yearLabel(t.year[p]))\(t.form[p].isEmpty ? "" : "  form \(t.form[p])")")
        var facts: [String] = []
        // SEND and the yes/no columns the register has: `SEND K  FSM Y  PP -`.
        for c in t.columns where c.kind == .send || c.kind == .flag {
            let v = t.text(c, p)
            facts.append("\(c.name.uppercased()) \(v.isEmpty ? "-" : v)")
        }
        if let a = r.onRollFrom[p] { facts.append("on roll from \(a.iso)") }
        if let u = r.onRollUntil[p] { facts.append("until \(u.iso)") }
        if !r.isOnRoll(p, on: asOf) { facts.append("not on roll on \(asOf.iso)") }
        if !facts.isEmpty { header.append(facts.joined(separator: "  ")) }

        // Rates by half-term, up to the as-of date.
        let cols: [ResultTable.Column] = [.init("half-term", .text), .init("from", .date), .init("to", .date), .init("possible", .integer),
                                          .init("attended", .integer), .init("authorised", .integer), .init("unauthorised", .integer), .init("rate", .percent)]
        var rows: [[Value]] = []
        for h in cal.allHalfTerms where h.start <= window.through && h.end >= window.from {
            let through = min(h.end, window.through)
            let from = max(h.start, window.from)
            let s = cal.sessionRange(from: from, through: through)
            let poss = r.matrix(.possible).count(p, s.lowerBound, s.upperBound)
            let att = r.matrix(.attended).count(p, s.lowerBound, s.upperBound)
            rows.append([.text("\(h.name) \(Period.yearLabel(h.academicYear))"), .date(from), .date(through), .integer(poss), .integer(att),
                         .integer(r.matrix(.authorised).count(p, s.lowerBound, s.upperBound)),
                         .integer(r.matrix(.unauthorised).count(p, s.lowerBound, s.upperBound)),
                         poss > 0 ? .number(Double(att) * 100 / Double(poss)) : .empty])
        }
        var result = ResultTable(columns: cols, rows: rows, pupils: nil)
        result.header = header

        // Codes over the window, and the grid.
        let span = window.sessions.clamped(to: r.onRollSessions(p).lowerBound..<r.sessionCount)
        var counts: [Int: Int] = [:]
        for s in span { let c = Int(r.marks[p * r.sessionCount + s]); if c != 0 { counts[c, default: 0] += 1 } }
        var footer: [String] = []
        footer.append("codes \(window.label): " + counts.keys.sorted().map { "\(CodeID(rawValue: UInt8($0)).code) \(counts[$0]!)" }.joined(separator: ", "))
        footer += projectionLines()
        footer.append("")
        footer.append("week of      Mon    Tue    Wed    Thu    Fri")
        for week in cal.schoolWeeks(through: window.through) where week.monday >= window.from.monday {
            var cells = [String](repeating: "  ·  ", count: 5)
            for d in week.days {
                let wd = cal.days[d].weekday - 1
                guard wd < 5 else { continue }
                let am = r.code(p, 2 * d).code, pm = r.code(p, 2 * d + 1).code
                cells[wd] = pad(am.isEmpty ? "·" : am, 2) + " " + pad(pm.isEmpty ? "·" : pm, 2)
            }
            var line = "\(week.monday.iso)  " + cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            footer.append(line)
        }
        footer += caseworkLines()
        result.footer = footer
        return result
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
