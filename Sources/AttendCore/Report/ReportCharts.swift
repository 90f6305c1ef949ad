/// The report's drawings, as inline SVG and HTML: cards, bars, a line and tables. Every
/// chart has a title, axis labels, its values written beside the marks (so it reads in
/// greyscale and on paper) and on hover (`<title>`); the comparison (national, last year)
/// is told apart by pattern and dashes, never by colour alone.
enum ReportCharts {
    // MARK: Cards

    static func card(_ label: String, _ value: String, _ detail: String? = nil) -> String {
        "<div class=\"card\"><div class=\"label\">\(HTML.escape(label))</div><div class=\"v\">\(value)</div>"
            + (detail.map { "<div class=\"detail\">\(HTML.escape($0))</div>" } ?? "") + "</div>"
    }

    /// `summary [compared with …]`: the headline figures of the `all` row, and the
    /// comparison row's beside them.
    static func cards(summary t: ResultTable) -> String {
        let all = t.rows[0]
        let other = t.rows.count > 1 ? t.rows[1] : nil
        func v(_ name: String, _ row: [Value]) -> String? {
            guard let i = t.column(named: name), !row[i].isEmpty else { return nil }
            return HTML.value(row[i], t.columns[i].kind)
        }
        let label = other.flatMap { r -> String? in if case .text(let s) = r[0] { s } else { nil } } ?? ""
        var out = "<div class=\"cards\">"
        out += card("attendance rate", (v("rate", all) ?? "–") + "%", v("rate", other ?? []).map { "\(label): \($0)%" })
        out += card("persistently absent pupils", (v("PA %", all) ?? "–") + "%", [v("PA", all).map { "\($0) pupils" }, v("PA %", other ?? []).map { "\(label): \($0)%" }].compactMap { $0 }.joined(separator: "; "))
        out += card("pupils", v("pupils", all) ?? "–")
        out += card("possible sessions", v("possible", all) ?? "–")
        out += card("authorised absence (sessions)", v("authorised", all) ?? "–")
        out += card("unauthorised absence (sessions)", v("unauthorised", all) ?? "–")
        return out + "</div>"
    }

    static func countCard(label: String, value: Value, footer: [String]) -> String {
        // `of 1,162 pupils on roll`: the count's share of them beside it.
        var of = footer.first { $0.hasPrefix("of ") }
        if let o = of, let total = Int(o.dropFirst(3).prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)), total > 0, let n = value.number {
            of = "\(ResultFormatter.display(.number(n * 100 / Double(total)), .percent))% \(o)"
        }
        return "<div class=\"cards\">" + card(label, HTML.value(value, .integer), of) + "</div>"
    }

    // MARK: Bars

    /// A result by category: one bar per group with its value written at its end; a
    /// comparison row (`national`, a reference area) is a hatched bar and a dashed line
    /// across the chart, labelled.
    static func bars(_ t: ResultTable, title: String) -> String {
        let vi = t.columns.count - 1
        let heading = t.columns[vi].name
        var groups: [(String, Double?)] = []
        var comparison: (String, Double)?
        let hasPupils = t.column(named: "pupils")
        for row in t.rows {
            let label: String = if case .text(let s) = row[0] { s } else { ResultFormatter.display(row[0], t.columns[0].kind) }
            let isComparison = hasPupils.map { row[$0].isEmpty } ?? false
            if isComparison, let v = row[vi].number { comparison = (label, v); continue }
            groups.append((label, row[vi].number))
        }
        let isRate = heading.hasPrefix("rate")
        let values = groups.compactMap(\.1) + (comparison.map { [$0.1] } ?? [])
        let hi = isRate ? 100.0 : max(1, ((values.max() ?? 1) * 1.15).rounded(.up))
        let lo = isRate ? max(0, ((values.min() ?? 0) / 5).rounded(.down) * 5 - 5) : 0
        let left = 120.0, right = 560.0, rowH = 22.0, top = 30.0
        let rows = groups.count + (comparison == nil ? 0 : 1)
        let height = top + Double(rows) * rowH + 50
        func x(_ v: Double) -> Double { left + (right - left) * (min(max(v, lo), hi) - lo) / (hi - lo) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 640 \(HTML.n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        svg += "<title>\(HTML.escape(title))</title>"
        svg += "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-width=\"2\"/></pattern></defs>"
        // Axis ticks.
        let step = (hi - lo) <= 20 ? 2.5 : (hi - lo) <= 50 ? 10 : 20
        var tick = lo
        while tick <= hi + 0.001 {
            let tx = x(tick)
            svg += "<line x1=\"\(HTML.n(tx))\" y1=\"\(HTML.n(top - 4))\" x2=\"\(HTML.n(tx))\" y2=\"\(HTML.n(top + Double(rows) * rowH))\" class=\"grid\"/>"
            svg += "<text x=\"\(HTML.n(tx))\" y=\"\(HTML.n(top + Double(rows) * rowH + 14))\" class=\"tick\" text-anchor=\"middle\">\(HTML.n(tick))</text>"
            tick += step
        }
        var y = top
        for (label, v) in groups {
            svg += "<text x=\"\(HTML.n(left - 6))\" y=\"\(HTML.n(y + 15))\" text-anchor=\"end\" class=\"label\">\(HTML.escape(label))</text>"
            if let v {
                let value = ResultFormatter.display(.number(v), .percent)
                svg += "<rect x=\"\(HTML.n(left))\" y=\"\(HTML.n(y + 3))\" width=\"\(HTML.n(max(1, x(v) - left)))\" height=\"\(HTML.n(rowH - 6))\" class=\"bar\"><title>\(HTML.escape(label)): \(value)%</title></rect>"
                svg += "<text x=\"\(HTML.n(x(v) + 4))\" y=\"\(HTML.n(y + 15))\" class=\"value\">\(value)</text>"
            } else {
                svg += "<text x=\"\(HTML.n(left + 4))\" y=\"\(HTML.n(y + 15))\" class=\"value\">no possible sessions</text>"
            }
            y += rowH
        }
        if let (label, v) = comparison {
            let value = ResultFormatter.display(.number(v), .percent)
            svg += "<text x=\"\(HTML.n(left - 6))\" y=\"\(HTML.n(y + 15))\" text-anchor=\"end\" class=\"label\">\(HTML.escape(label))</text>"
            svg += "<rect x=\"\(HTML.n(left))\" y=\"\(HTML.n(y + 3))\" width=\"\(HTML.n(max(1, x(v) - left)))\" height=\"\(HTML.n(rowH - 6))\" fill=\"url(#hatch)\" stroke=\"#000\"><title>\(HTML.escape(label)): \(value)%</title></rect>"
            svg += "<text x=\"\(HTML.n(x(v) + 4))\" y=\"\(HTML.n(y + 15))\" class=\"value\">\(value)</text>"
            svg += "<line x1=\"\(HTML.n(x(v)))\" y1=\"\(HTML.n(top - 8))\" x2=\"\(HTML.n(x(v)))\" y2=\"\(HTML.n(y))\" class=\"ref\"><title>\(HTML.escape(label)): \(value)%</title></line>"
            svg += "<text x=\"\(HTML.n(x(v)))\" y=\"\(HTML.n(top - 12))\" text-anchor=\"middle\" class=\"reflabel\">\(HTML.escape(label)) \(value)</text>"
        }
        let axis = (isRate ? "attendance rate (%)" : heading.hasPrefix("absence") ? "absence rate (%)" : heading) + (lo > 0 ? ", the axis starts at \(HTML.n(lo))" : "")
        svg += "<text x=\"\(HTML.n((left + right) / 2))\" y=\"\(HTML.n(top + Double(rows) * rowH + 34))\" text-anchor=\"middle\" class=\"axis\">\(HTML.escape(axis))</text>"
        svg += "<text x=\"12\" y=\"\(HTML.n(top + Double(rows) * rowH / 2))\" class=\"axis\" transform=\"rotate(-90 12 \(HTML.n(top + Double(rows) * rowH / 2)))\" text-anchor=\"middle\">\(HTML.escape(t.columns[0].name))</text>"
        svg += "</svg>"
        return "<figure><figcaption>\(HTML.escape(title))</figcaption>\(svg)</figure>"
    }

    /// `codes`: the absence codes' sessions as bars (the reasons for absence).
    static func reasons(_ t: ResultTable, sessions: Int, countsAs: Int, title: String) -> String {
        var rows: [(String, Int)] = []
        for r in t.rows {
            guard case .text(let kind) = r[countsAs], kind.contains("absence"), case .integer(let n) = r[sessions] else { continue }
            let code: String = if case .text(let c) = r[0] { c } else { "" }
            var meaning = ""
            if t.columns.count > 1, case .text(let m) = r[1] { meaning = m }
            rows.append(("\(code) \(meaning)", n))
        }
        rows.sort { $0.1 > $1.1 }
        let total = rows.reduce(0) { $0 + $1.1 }
        let left = 300.0, right = 560.0, rowH = 20.0, top = 10.0
        let hi = Double(max(1, rows.first?.1 ?? 1))
        let height = top + Double(rows.count) * rowH + 40
        var svg = "<svg class=\"chart\" viewBox=\"0 0 640 \(HTML.n(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
        var y = top
        for (label, n) in rows {
            let share = total > 0 ? Double(n) * 100 / Double(total) : 0
            let w = (right - left) * Double(n) / hi
            let text = "\(NumberText.grouped(n)) sessions, \(ResultFormatter.display(.number(share), .percent))% of absence"
            svg += "<text x=\"\(HTML.n(left - 6))\" y=\"\(HTML.n(y + 14))\" text-anchor=\"end\" class=\"label\">\(HTML.escape(String(label.prefix(48))))</text>"
            svg += "<rect x=\"\(HTML.n(left))\" y=\"\(HTML.n(y + 3))\" width=\"\(HTML.n(max(1, w)))\" height=\"\(HTML.n(rowH - 6))\" class=\"bar\"><title>\(HTML.escape(label)): \(text)</title></rect>"
            svg += "<text x=\"\(HTML.n(left + max(1, w) + 4))\" y=\"\(HTML.n(y + 14))\" class=\"value\">\(NumberText.grouped(n))</text>"
            y += rowH
        }
        svg += "<text x=\"\(HTML.n((left + right) / 2))\" y=\"\(HTML.n(y + 24))\" text-anchor=\"middle\" class=\"axis\">sessions of absence, by code</text></svg>"
        return "<figure><figcaption>\(HTML.escape(title)): absence by reason</figcaption>\(svg)</figure>"
    }

    // MARK: Line

    /// A result by time period: the first column is the period (its first day), each
    /// further percent column a line. The first line is solid with round marks, the
    /// others dashed with square marks; each is labelled at its end.
    static func line(_ t: ResultTable, title: String) -> String {
        let series = t.columns.indices.dropFirst().filter { t.columns[$0].kind == .percent }
        let values = t.rows.flatMap { r in series.compactMap { r[$0].number } }
        guard !t.rows.isEmpty, !values.isEmpty else { return "<p>No figures for \(HTML.escape(title)).</p>" }
        let lo = max(0, ((values.min()! - 1) / 5).rounded(.down) * 5), hi = min(100, ((values.max()! + 1) / 5).rounded(.up) * 5)
        let left = 60.0, right = 600.0, top = 20.0, bottom = 230.0
        let n = t.rows.count
        func x(_ i: Int) -> Double { n == 1 ? (left + right) / 2 : left + (right - left) * Double(i) / Double(n - 1) }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (v - lo) / max(0.001, hi - lo) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 640 290\" role=\"img\" aria-label=\"\(HTML.escape(title))\"><title>\(HTML.escape(title))</title>"
        var tick = lo
        while tick <= hi + 0.001 {
            svg += "<line x1=\"\(HTML.n(left))\" y1=\"\(HTML.n(y(tick)))\" x2=\"\(HTML.n(right))\" y2=\"\(HTML.n(y(tick)))\" class=\"grid\"/>"
            svg += "<text x=\"\(HTML.n(left - 6))\" y=\"\(HTML.n(y(tick) + 4))\" text-anchor=\"end\" class=\"tick\">\(HTML.n(tick))</text>"
            tick += (hi - lo) <= 10 ? 1 : 5
        }
        let every = max(1, n / 8)
        for i in stride(from: 0, to: n, by: every) {
            if case .date(let d) = t.rows[i][0] {
                let c = d.civil
                svg += "<text x=\"\(HTML.n(x(i)))\" y=\"\(HTML.n(bottom + 16))\" text-anchor=\"middle\" class=\"tick\">\(c.day) \(Day.monthNames[c.month - 1].prefix(3))</text>"
            }
        }
        for (k, col) in series.enumerated() {
            var path = ""
            var marks = ""
            var lastPoint: (Double, Double)?
            for (i, r) in t.rows.enumerated() {
                guard let v = r[col].number else { continue }
                let px = x(i), py = y(v)
                path += (path.isEmpty ? "M" : " L") + "\(HTML.n(px)) \(HTML.n(py))"
                let when: String = if case .date(let d) = r[0] { "w/c \(d.shortEnglish)" } else { ResultFormatter.display(r[0], t.columns[0].kind) }
                let tip = "<title>\(HTML.escape(when)), \(HTML.escape(t.columns[col].name)): \(ResultFormatter.display(.number(v), .percent))%</title>"
                marks += k == 0 ? "<circle cx=\"\(HTML.n(px))\" cy=\"\(HTML.n(py))\" r=\"3\" class=\"mark\">\(tip)</circle>"
                                : "<rect x=\"\(HTML.n(px - 3))\" y=\"\(HTML.n(py - 3))\" width=\"6\" height=\"6\" class=\"mark2\">\(tip)</rect>"
                lastPoint = (px, py)
            }
            guard !path.isEmpty else { continue }
            svg += "<path d=\"\(path)\" class=\"\(k == 0 ? "line" : "line2")\"/>" + marks
            if let (px, py) = lastPoint {
                svg += "<text x=\"\(HTML.n(px))\" y=\"\(HTML.n(py + (k == 0 ? -8 : 16)))\" text-anchor=\"end\" class=\"value\">\(HTML.escape(t.columns[col].name))</text>"
            }
        }
        svg += "<text x=\"\(HTML.n((left + right) / 2))\" y=\"\(HTML.n(bottom + 40))\" text-anchor=\"middle\" class=\"axis\">\(HTML.escape(t.columns[0].name)) beginning</text>"
        svg += "<text x=\"14\" y=\"\(HTML.n((top + bottom) / 2))\" class=\"axis\" transform=\"rotate(-90 14 \(HTML.n((top + bottom) / 2)))\" text-anchor=\"middle\">attendance rate (%)</text>"
        svg += "</svg>"
        return "<figure><figcaption>\(HTML.escape(title))</figcaption>\(svg)</figure>"
    }

    // MARK: Tables

    static func table(_ t: ResultTable) -> String {
        var out = "<table class=\"data\"><thead><tr>"
        for c in t.columns { out += "<th>\(HTML.escape(c.name))</th>" }
        out += "</tr></thead><tbody>"
        for r in t.rows {
            out += "<tr>"
            for (i, v) in r.enumerated() {
                let numeric = [.integer, .number, .percent].contains(t.columns[i].kind)
                out += numeric ? "<td class=\"num\">\(HTML.value(v, t.columns[i].kind))</td>" : "<td>\(HTML.value(v, t.columns[i].kind))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }
}
