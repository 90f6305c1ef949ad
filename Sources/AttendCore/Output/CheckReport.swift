/// The summary `attend check` prints after loading a register: what was loaded, the codes
/// used, and the calendar with its terms and half-terms.
public enum CheckReport {
    public static func render(_ r: Register) -> String {
        var out: [String] = []
        let cal = r.calendar
        let stats = r.loadStatistics
        out.append("register \(r.name)")
        let leavers = (0..<r.pupilCount).filter { r.pupils.left[$0] != nil }.count
        let joiners = (0..<r.pupilCount).filter { p in
            guard let a = r.pupils.admitted[p], let first = cal.firstSchoolDay else { return false }
            return a > first
        }.count
        out.append("  pupils       \(NumberText.grouped(r.pupilCount)) (\(NumberText.grouped(joiners)) admitted during the register, \(NumberText.grouped(leavers)) left)")
        let marksFiles = r.sources.filter { $0.role == "marks.csv" }.count
        out.append("  marks        \(NumberText.grouped(stats.marks)) sessions from \(NumberText.grouped(stats.markRows)) rows\(marksFiles > 1 ? " in \(marksFiles) files" : "")")
        if let f = cal.firstSchoolDay, let l = cal.lastSchoolDay {
            out.append("  dates        \(f.iso) to \(l.iso) (\(f.shortEnglish) to \(l.shortEnglish))")
        }
        let closed = cal.possibleDay.filter { !$0 }.count
        out.append("  school days  \(NumberText.grouped(cal.days.count))\(closed > 0 ? " (\(closed) with no possible session: closures)" : "")")
        out.append("  no mark (-)  \(NumberText.grouped(stats.noMarkEntries))")
        out.append("  minutes late \(r.minutesLate == nil ? "no column" : "recorded")")
        let codes = (CodeTable.all + r.schoolCodes.codes.map(\.info)).filter { stats.codesUsed[$0.code] != nil }
        out.append("  codes used   " + codes.map { "\($0.code) \(NumberText.grouped(stats.codesUsed[$0.code]!))" }.joined(separator: ", "))
        if !r.schoolCodes.codes.isEmpty {
            out.append("  own codes    " + r.schoolCodes.codes.map { "\($0.code) = \($0.statutoryCode)" }.joined(separator: ", ") + " (codes.csv)")
        }
        out.append("")
        out.append(calendar(r))
        return out.joined(separator: "\n")
    }

    /// The calendar: years, terms and half-terms with their dates, and closures.
    public static func calendar(_ r: Register) -> String {
        let cal = r.calendar
        var out: [String] = []
        out.append("calendar (\(cal.inferred ? "inferred from the register: no calendar.csv" : "from calendar.csv"))")
        for y in cal.years {
            out.append("  \(Period.yearLabel(y.startYear))")
            for t in y.terms {
                out.append("    term \(t.number)  \(pad(t.name, 10)) \(t.start.iso) .. \(t.end.iso)")
                for h in y.halfTerms where t.contains(h.start) {
                    out.append("      half-term \(h.number)  \(pad(h.name, 10)) \(h.start.iso) .. \(h.end.iso)  \(cal.dayRange(from: h.start, through: h.end).count) days")
                }
            }
        }
        if !cal.closures.isEmpty {
            out.append("  closures: " + cal.closures.map { "\($0.name.isEmpty ? "closure" : $0.name) \($0.start.iso)\($0.end != $0.start ? ".." + $0.end.iso : "")" }.joined(separator: ", "))
        }
        return out.joined(separator: "\n")
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}

/// Descriptions of a register for the REPL's `.columns`, `.codes` and `.calendar`.
extension CheckReport {
    /// The pupils.csv columns a query can name, with their kind and an example of the values.
    public static func columns(_ r: Register) -> ResultTable {
        var t = ResultTable(columns: [.init("column", .text), .init("kind", .text), .init("values", .text)])
        let p = r.pupils
        func distinct(_ values: [String]) -> String {
            var seen: [String] = []
            for v in values where !v.isEmpty && !seen.contains(v) {
                seen.append(v)
                if seen.count == 6 { break }
            }
            return seen.joined(separator: ", ") + (Set(values).count > 6 ? ", …" : "")
        }
        for c in p.columns {
            let name = c.name
            switch c.kind {
            case _ where [PupilColumn.upn, .forename, .surname].contains(c):
                t.rows.append([.text(name), .text("text"), .text("(personal data: not shown)")])
            case .year: t.rows.append([.text(name), .text("year group"), .text(Set(p.years[c.slot]).sorted().map(PupilSchema.yearLabel).joined(separator: ", "))])
            case .send: t.rows.append([.text(name), .text("N, K or E"), .text("N none, K SEN support, E EHC plan")])
            case .flag: t.rows.append([.text(name), .text("yes/no"), .text("use alone: `pupils where \(name)`")])
            case .date: t.rows.append([.text(name), .text("date"), .text("")])
            case .text where c == .form: t.rows.append([.text(name), .text("text"), .text(distinct(p.form.sorted { Value.naturalLess($0, $1) }))])
            case .capitals: t.rows.append([.text(name), .text("text"), .text(distinct(p.texts[c.slot]))])
            case .text, .lines: t.rows.append([.text(name), .text("text"), .text("(not shown)")])
            }
        }
        for e in p.extraColumns { t.rows.append([.text(e.name), .text("text"), .text("(not shown)")]) }
        return t
    }

    /// Every code, what it means and how it counts; then the register's own codes (codes.csv).
    public static func codes(_ r: Register? = nil) -> ResultTable {
        var t = ResultTable(columns: [.init("code", .text), .init("meaning", .text), .init("counts as", .text), .init("in force", .text)])
        for c in CodeTable.all + (r?.schoolCodes.codes.map(\.info) ?? []) {
            let force: String
            switch (c.validFrom, c.validTo) {
            case (let f?, nil): force = "from \(f.shortEnglish)"
            case (nil, let u?): force = "until \(u.shortEnglish)"
            case (let f?, let u?): force = "\(f.shortEnglish) to \(u.shortEnglish)"
            default: force = ""
            }
            t.rows.append([.text(c.code), .text(c.meaning), .text(c.counts.description), .text(force)])
        }
        return t
    }
}
