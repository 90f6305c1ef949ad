/// `explain` for grouping by time and windows side by side.
extension Explainer {
    func periodLines(_ s: BoundPeriodSeries) -> [String] {
        var lines: [String] = []
        let figure: String
        switch s.figure {
        case .measure(let item): figure = Self.measurePhrase(item.expr)
        case .summary: figure = "possible, present, AEA, authorised, unauthorised, rate and persistent absence"
        }
        if let unit = s.unit {
            let n = s.periods.count
            lines.append("  → \(figure) for each \(unit.rawValue) of \(Self.windowPhrase(s.window)): \(n) \(unit.rawValue)\(n == 1 ? "" : "s") with school days, in date order, each clipped to the window"
                         + (unit == .week ? " (weeks run Monday to Sunday)" : ""))
            if let first = s.periods.first, let last = s.periods.last {
                lines.append("  → from \(first.label) (\(first.from.iso)..\(first.through.iso)) to \(last.label) (\(last.from.iso)..\(last.through.iso))")
            }
        } else {
            lines.append("  → \(figure) for each window, side by side:")
            for p in s.periods { lines.append("      \(p.label): \(p.from.iso)..\(p.through.iso)") }
        }
        lines.append("  → each over the pupils with a possible session in it, as a group: sums over pupils (not an average of their rates)")
        return lines
    }

    func sideBySideLines(_ s: BoundSideBySide) -> [String] {
        var lines = ["  → \(s.items.first.map { Self.measurePhrase($0.expr) } ?? "") for each \(s.by), one column per window:"]
        for item in s.items {
            if let w = item.expr.window { lines.append("      \(item.heading): over \(Self.windowPhrase(w))") }
        }
        if s.items.count == 2, let a = s.items[0].expr.window, let b = s.items[1].expr.window {
            lines.append("  → change: \(b.label) minus \(a.label)\(s.items[0].expr.unit == .percent ? ", in percentage points" : "")")
        }
        lines.append("  → each window over the pupils with a possible session in it, as a group: sums over pupils")
        return lines
    }
}
