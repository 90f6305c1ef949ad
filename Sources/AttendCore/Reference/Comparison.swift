/// `summary … compared with national` and `rate by … compared with national`: the
/// statement's table gains a row of published figures (the DfE's, or the `--reference`
/// file's), chosen for the window's period and the school's phase, and a note for
/// each figure used saying which it is, its year, its series and its publication.
///
/// Which figure: for each measure, the figures of the school's phase (or, when that phase
/// has none, of all schools); among them the window's own period (autumn, spring or summer
/// term when the window lies in one term, else the full year), the latest year first, the
/// school census before the daily data. When the table has no figure for the window's
/// period, the latest published term is used and the note says it is not the same period.
public struct Comparison: Sendable {
    public var table: ReferenceTable
    /// The row's label: `national`, or the reference file's area.
    public var label: String
    /// The school's phase: `primary`, `secondary`, `special` or `all`.
    public var phase: String

    /// The figures `compared with NAME` names, or why not.
    public static func resolve(_ name: NameSyntax, statement s: Statement, reference: ReferenceTable?, phase: String) throws(Diagnostic) -> Comparison {
        let key = name.text.lowercased()
        if key == "national" || key == "england" {
            return Comparison(table: ReferenceTable.national, label: "national", phase: phase)
        }
        guard let reference else {
            if key == "reference" { throw .noReferenceFile(at: s.site(name.span)) }
            throw .unknownComparison(name.text, areas: [], suggestion: Suggestion.nearest(to: key, in: ["national", "reference"]), at: s.site(name.span))
        }
        let areas = reference.areas
        if key == "reference" || areas.contains(where: { $0.lowercased() == key }) {
            let area = key == "reference" ? (areas.first ?? "reference") : areas.first { $0.lowercased() == key }!
            var t = reference
            t.figures = t.figures.filter { $0.area.lowercased() == area.lowercased() }
            return Comparison(table: t, label: area, phase: phase)
        }
        throw .unknownComparison(name.text, areas: areas, suggestion: Suggestion.nearest(to: key, in: ["national", "reference"] + areas.map { $0.lowercased() }), at: s.site(name.span))
    }

    /// The school's phase: `phase = …` in school.conf, else from the year groups on roll
    /// (Reception to year 6 only: primary; year 7 and over only: secondary; else all).
    public static func phase(school: SchoolSettings, register: Register) -> String {
        let set = school.value("phase").lowercased()
        if ReferenceTable.phases.contains(set) { return set }
        var lo = Int8.max, hi = Int8.min
        for y in register.pupils.year where y >= 0 { lo = min(lo, y); hi = max(hi, y) }
        if lo > hi { return "all" }
        if hi <= 6 { return "primary" }
        if lo >= 7 { return "secondary" }
        return "all"
    }

    /// `autumn`, `spring`, `summer` when the window lies within one term, else `year`.
    static func periodKind(_ w: BoundWindow, _ calendar: SchoolCalendar) -> String {
        guard let a = calendar.term(containing: w.from) ?? calendar.term(containing: calendar.days.first { $0 >= w.from } ?? w.from),
              let b = calendar.term(containing: w.through) ?? calendar.term(containing: calendar.days.last { $0 <= w.through } ?? w.through),
              a == b else { return "year" }
        return a.number == 1 ? "autumn" : a.number == 2 ? "spring" : a.number == 3 ? "summer" : "year"
    }

    /// The figure for a measure, and whether it is for the window's own period.
    public func figure(_ measure: String, period: String) -> (ReferenceTable.Figure, samePeriod: Bool)? {
        let candidates = table.figures.filter { $0.measure == measure && ($0.phase == phase || $0.phase == "all") }
        guard !candidates.isEmpty else { return nil }
        let periodOrder = ["autumn": 0, "spring": 1, "summer": 2, "year": 3]
        let best = candidates.max { a, b in
            func key(_ f: ReferenceTable.Figure) -> [Int] {
                [f.period == period ? 1 : 0, f.phase == phase ? 1 : 0, f.year, periodOrder[f.period] ?? 0, f.series == "census" ? 1 : 0]
            }
            return key(a).lexicographicallyPrecedes(key(b))
        }!
        return (best, best.period == period)
    }

    /// Adds the comparison row to `t`, the table of the bound statement `b`.
    public func apply(to t: inout ResultTable, bound b: BoundStatement, statement s: Statement, register: Register, at name: NameSyntax) throws(Diagnostic) {
        let window: BoundWindow
        var cells: [(column: String, measure: String, fromAbsence: Bool)] = []
        switch b {
        case .summary(_, let w, _, _, _):
            window = w
            cells = [("rate", "overall", true), ("PA %", "persistent", false)]
        case .groupMeasure(let item, _, _, _, _):
            switch item.expr {
            case .rate(let w): window = w; cells = [(item.heading, "overall", true)]
            case .absence(let w): window = w; cells = [(item.heading, "overall", false)]
            default: throw .nothingToCompareWithFigures(at: s.site(name.span))
            }
        default:
            throw .nothingToCompareWithFigures(at: s.site(name.span))
        }
        let period = Self.periodKind(window, register.calendar)
        var row = [Value](repeating: .empty, count: t.columns.count)
        if !row.isEmpty { row[0] = .text(label) }
        var lines: [String] = []
        for c in cells {
            guard let col = t.column(named: c.column) else { continue }
            guard let (f, same) = figure(c.measure, period: period) else {
                lines.append("\(label): no published \(Self.measureText(c.measure)) figure in \(table.file) for \(c.column)")
                continue
            }
            row[col] = .number(c.fromAbsence ? 100 - f.value : f.value)
            var line = "\(label) \(c.column): \(Self.measureText(c.measure)) \(Self.percent(f.value))"
            if c.fromAbsence { line += " (attendance \(Self.percent(100 - f.value)))" }
            line += ", \(f.area) \(f.phase == "all" ? "all state-funded schools" : f.phase + " schools"), \(f.periodText), \(f.series == "census" ? "school census" : "daily attendance data")"
            if !same { line += "; not the same period as \(window.label) (the latest published figure)" }
            line += "; \(f.publication)\(f.url.isEmpty ? "" : " \(f.url)")"
            lines.append(line)
        }
        t.rows.append(row)
        t.notes += lines
    }

    static func measureText(_ m: String) -> String {
        switch m {
        case "overall": "overall absence"
        case "persistent": "persistent absence"
        case "severe": "severe absence"
        case "illness": "illness absence"
        default: "\(m) absence"
        }
    }

    /// 6.7 → `6.7%`.
    static func percent(_ v: Double) -> String {
        ResultFormatter.display(.number(v), .percent) + "%"
    }
}
