/// Draws a ``Chart`` in text for the terminal: Unicode blocks with eighths for precision,
/// every value written beside its bar (or above its column), a title line, sized to a
/// width in characters. No colour is used, so it reads the same on paper and in a pipe.
///
/// Categories are horizontal bars, one line each. Periods are columns left to right, ten
/// lines high; when there are too many periods for the width, they are drawn as bars too.
/// The scale starts at 0: percentages run to 100%, counts to the largest value. The longest
/// line leaves the last column free, as a terminal may wrap a line that fills it.
public struct ChartRenderer: Sendable {
    public var width: Int
    /// Lines of a column chart's plot.
    public var height = 10

    public init(width: Int) { self.width = max(40, width) }

    /// A scale figure: whole numbers without decimals (1,200), others to one place.
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? ResultFormatter.displayGrouped(.integer(Int(x)), .integer) : ResultFormatter.oneDecimal(x)
    }

    /// Words of `text` in lines of at most `width` characters (a longer word on its own line).
    static func wrapped(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }

    static let horizontalEighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    static let verticalEighths: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇"]

    public func render(_ t: ResultTable, _ c: Chart) -> String {
        let kind = t.columns[c.valueColumn].kind
        // A summary's last row `all` is the total, not a group: said under the chart.
        let total = t.rows.last.map { ResultFormatter.display($0[c.labelColumn], .text) == "all" } ?? false
        let rows = total ? Array(t.rows.dropLast()) : t.rows
        let items: [(label: String, value: Double?, text: String)] = rows.map { row in
            let v = row[c.valueColumn]
            let label = ResultFormatter.display(row[c.labelColumn], t.columns[c.labelColumn].kind).replacingControlCharacters()
            return (label, v.number, v.isEmpty ? "no value" : ResultFormatter.displayGrouped(v, kind) + (kind == .percent ? "%" : ""))
        }
        let top = kind == .percent ? 100 : max(1, items.compactMap(\.value).max() ?? 1)
        var lines = Self.wrapped(c.title, width)
        if items.isEmpty {
            lines.append("(no rows)")
        } else if c.isSeries, let columns = columnChart(items, top: top, percent: kind == .percent) {
            lines += columns
        } else {
            lines += bars(items, top: top)
        }
        lines.append(kind == .percent ? "scale: 0 to 100%" : "scale: 0 to \(Self.number(top))")
        if total, let last = t.rows.last {
            lines.append("all: " + ResultFormatter.displayGrouped(last[c.valueColumn], kind) + (kind == .percent ? "%" : ""))
        }
        return lines.joined(separator: "\n")
    }

    /// `7    ████████████████████▌ 92.5%`.
    func bars(_ items: [(label: String, value: Double?, text: String)], top: Double) -> [String] {
        let labelWidth = min(24, items.map(\.label.count).max() ?? 0)
        let textWidth = items.map(\.text.count).max() ?? 0
        let barWidth = max(10, width - labelWidth - textWidth - 3)
        return items.map { item in
            var label = item.label
            if label.count > labelWidth { label = String(label.prefix(labelWidth - 1)) + "…" }
            label += String(repeating: " ", count: labelWidth - label.count)
            let eighths = Int(((max(0, item.value ?? 0) / top) * Double(barWidth * 8)).rounded())
            let bar = String(repeating: "█", count: min(barWidth, eighths / 8)) + (eighths / 8 < barWidth ? Self.horizontalEighths[eighths % 8] : "")
            return label + " " + bar + String(repeating: " ", count: max(0, barWidth - bar.count)) + " "
                + String(repeating: " ", count: textWidth - item.text.count) + item.text
        }
    }

    /// Columns, oldest period on the left: an axis with 0, half and the top; each value
    /// above its column when there is room, else the lowest and highest said below; the
    /// first and last periods named under the axis. Nil when the periods do not fit.
    func columnChart(_ items: [(label: String, value: Double?, text: String)], top: Double, percent: Bool) -> [String]? {
        let axis = percent ? ["100%", "50%", "0%"] : [Self.number(top), Self.number(top / 2), "0"]
        let axisWidth = axis.map(\.count).max()! + 1
        let room = width - axisWidth - 1
        guard items.count <= room else { return nil }
        let textWidth = items.map(\.text.count).max() ?? 1
        let step = max(1, min(room / items.count, textWidth + 1))
        let colWidth = max(1, step - 1)
        let labelled = step >= textWidth + 1
        // Height of each column in eighths of a line.
        let levels = items.map { Int(((max(0, $0.value ?? 0) / top) * Double(height * 8)).rounded()) }
        var lines: [String] = []
        if labelled {
            var line = String(repeating: " ", count: axisWidth + 1)
            for item in items { line += item.text.padding(to: step) }
            lines.append(line.trailingSpacesTrimmed())
        }
        for r in stride(from: height - 1, through: 0, by: -1) {
            let tick = r == height - 1 ? axis[0] : (r == height / 2 ? axis[1] : (r == 0 ? axis[2] : ""))
            var line = String(repeating: " ", count: axisWidth - tick.count) + tick + "┤"
            for level in levels {
                let fill = level - r * 8
                let ch: Character = fill >= 8 ? "█" : (fill <= 0 ? " " : Self.verticalEighths[fill])
                line += String(repeating: ch, count: colWidth) + String(repeating: " ", count: step - colWidth)
            }
            lines.append(line.trailingSpacesTrimmed())
        }
        lines.append(String(repeating: " ", count: axisWidth) + "└" + String(repeating: "─", count: step * items.count))
        let first = items.first!.label, last = items.last!.label
        let span = step * items.count
        var under = String(repeating: " ", count: axisWidth + 1) + first
        if items.count > 1 {
            let gap = span - first.count - last.count
            under += gap >= 1 ? String(repeating: " ", count: gap) + last : " … " + last
        }
        lines.append(under)
        if !labelled {
            let valued = items.filter { $0.value != nil }
            if let lo = valued.min(by: { $0.value! < $1.value! }), let hi = valued.max(by: { $0.value! < $1.value! }) {
                lines.append("lowest \(lo.text) (\(lo.label)); highest \(hi.text) (\(hi.label))")
            }
        }
        return lines
    }
}

extension String {
    func padding(to n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
    func trailingSpacesTrimmed() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
