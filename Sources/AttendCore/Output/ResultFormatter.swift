/// Output formats for results. `xlsx` is a file format only (``XlsxWorkbook``): on the
/// screen it is refused by scripts (U050) and shown as a table at the prompt.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, tsv, json, markdown, xlsx

    /// The format a file name asks for (`.csv`, `.tsv`, `.json`, `.md`), when it does.
    public init?(fileExtensionOf path: String) {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "json": self = .json
        case "md", "markdown": self = .markdown
        case "txt": self = .table
        case "xlsx": self = .xlsx
        default: return nil
        }
    }
}

/// Renders a ``ResultTable`` in one of the ``OutputFormat``s. The table format rounds
/// numbers to one decimal place; CSV, TSV and JSON carry raw values.
public struct ResultFormatter: Sendable {
    public var format: OutputFormat
    /// Box-drawing characters for the table format (plain ASCII when false).
    public var unicode: Bool
    /// At most this many rows in the table format; nil for all.
    public var maxRows: Int?
    /// Characters across, for charts in the table format (the terminal's width; 80 when
    /// the output is not a terminal).
    public var width = 80

    public init(format: OutputFormat, unicode: Bool = true, maxRows: Int? = nil) {
        self.format = format
        self.unicode = unicode
        self.maxRows = maxRows
    }

    public func render(_ t: ResultTable) -> String {
        switch format {
        case .table, .xlsx: table(t)
        case .csv: delimited(t, separator: ",")
        case .tsv: delimited(t, separator: "\t")
        case .json: json(t)
        case .markdown: markdown(t)
        }
    }

    /// A result's notes as printed after it (on the screen, or on stderr beside CSV), one
    /// line each; nothing when it has none.
    /// "1 row", "2 rows", "1,200 rows": the one way a count of rows is said.
    public static func rows(_ n: Int) -> String { "\(NumberText.grouped(n)) row\(n == 1 ? "" : "s")" }

    public static func noteLines(_ t: ResultTable) -> String? {
        t.notes.isEmpty ? nil : t.notes.map { "note: \($0)" }.joined(separator: "\n")
    }

    // MARK: Display values

    /// A value as shown to a person: one decimal place for rates and numbers.
    public static func display(_ v: Value, _ kind: ResultTable.Column.Kind) -> String {
        if kind == .weeklyRates, case .text(let s) = v { return Sparkline.draw(s) }
        switch v {
        case .empty: return ""
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .date(let d): return d.iso
        case .number(let d): return oneDecimal(d)
        }
    }

    /// As ``display(_:_:)``, with thousands separated in whole numbers (273,833) for people.
    public static func displayGrouped(_ v: Value, _ kind: ResultTable.Column.Kind) -> String {
        if case .integer(let i) = v, abs(i) >= 1_000 { return NumberText.grouped(i) }
        return display(v, kind)
    }

    /// 80.5555 → "80.6"; halves round away from zero, as people expect (92.85 → "92.9").
    public static func oneDecimal(_ d: Double) -> String {
        guard d.isFinite else { return "" }
        // A ratio that is exactly a half in decimal (92.85) may be stored a hair below it;
        // the tiny nudge makes it round the way the person checking by hand expects.
        let tenths = (d * 10 + (d >= 0 ? 1e-9 : -1e-9)).rounded(.toNearestOrAwayFromZero)
        let n = Int(tenths)
        let sign = n < 0 ? "-" : ""
        let a = abs(n)
        return "\(sign)\(a / 10).\(a % 10)"
    }

    /// A raw value for CSV and JSON: integers as written, other numbers in full.
    static func raw(_ v: Value) -> String {
        switch v {
        case .empty: return ""
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .date(let d): return d.iso
        case .number(let d):
            if d == d.rounded() && abs(d) < 1e15 { return String(Int(d)) }
            return String(d)
        }
    }

    // MARK: Table

    func table(_ t: ResultTable) -> String {
        if let c = t.chart {
            return ([ChartRenderer(width: width).render(t, c)] + t.footer).joined(separator: "\n")
        }
        var lines = t.header
        let shownRows = maxRows.map { Array(t.rows.prefix($0)) } ?? t.rows
        let cells = shownRows.map { row in row.enumerated().map { i, v in Self.displayGrouped(v, t.columns[i].kind).replacingControlCharacters() } }
        var widths = t.columns.map { $0.name.count }
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        let rightAligned = t.columns.map { $0.kind != .text && $0.kind != .date && $0.kind != .weeklyRates }
        func pad(_ s: String, _ i: Int) -> String {
            let fill = String(repeating: " ", count: widths[i] - s.count)
            return rightAligned[i] ? fill + s : s + fill
        }
        let (h, v, tl, tm, tr, ml, mm, mr, bl, bm, br) = unicode
            ? ("─", "│", "┌", "┬", "┐", "├", "┼", "┤", "└", "┴", "┘")
            : ("-", "|", "+", "+", "+", "+", "+", "+", "+", "+", "+")
        func rule(_ l: String, _ m: String, _ r: String) -> String {
            l + widths.map { String(repeating: h, count: $0 + 2) }.joined(separator: m) + r
        }
        if t.columns.isEmpty {
            lines += t.footer + t.notes
            return lines.joined(separator: "\n")
        }
        lines.append(rule(tl, tm, tr))
        lines.append(v + t.columns.enumerated().map { " " + pad($1.name, $0) + " " }.joined(separator: v) + v)
        lines.append(rule(ml, mm, mr))
        for row in cells { lines.append(v + row.enumerated().map { " " + pad($1, $0) + " " }.joined(separator: v) + v) }
        lines.append(rule(bl, bm, br))
        let hidden = t.rows.count - shownRows.count
        if hidden > 0 { lines.append(Self.hiddenRowsLine(hidden)) }
        lines += t.footer
        return lines.joined(separator: "\n")
    }

    /// The footer under a result cut at the row cap: "10 more rows: use .output FILE or a limit".
    public static func hiddenRowsLine(_ hidden: Int) -> String {
        "\(NumberText.grouped(hidden)) more row\(hidden == 1 ? "" : "s"): use .output FILE or a limit"
    }

    // MARK: CSV / TSV

    func delimited(_ t: ResultTable, separator: Character) -> String {
        /// A text cell is neutralised first (`SpreadsheetCell`), then quoted or flattened;
        /// numbers and dates are written as they are.
        func field(_ text: String, isText: Bool) -> String {
            let s = isText ? SpreadsheetCell.neutralised(text) : text
            if separator == "\t" { return String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }) }
            let needsQuotes = s.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" } || s.first == " " || s.last == " "
            return needsQuotes ? "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : s
        }
        func isText(_ v: Value) -> Bool { if case .text = v { true } else { false } }
        // Weekly rates (digits, `.`, spaces, `-`) need neither quotes nor the formula rule,
        // unless they start with `-`: written as they are.
        let rates = t.columns.map { $0.kind == .weeklyRates }
        var lines = [t.columns.map { field($0.name, isText: true) }.joined(separator: String(separator))]
        for row in t.rows {
            lines.append(row.enumerated().map { i, v in
                if rates[i], case .text(let s) = v, s.utf8.first != UInt8(ascii: "-") { return s }
                return field(Self.raw(v), isText: isText(v))
            }.joined(separator: String(separator)))
        }
        return lines.joined(separator: "\n")
    }

    // MARK: JSON

    func json(_ t: ResultTable) -> String {
        var out = "[\n"
        for (k, row) in t.rows.enumerated() {
            out += "  {"
            out += row.enumerated().map { i, v in
                let key = Self.jsonString(t.columns[i].name)
                let value: String
                switch v {
                case .empty: value = "null"
                case .text(let s) where t.columns[i].kind == .weeklyRates: value = Self.jsonRates(s)
                case .text(let s): value = Self.jsonString(s)
                case .date(let d): value = Self.jsonString(d.iso)
                case .integer, .number: value = Self.raw(v)
                }
                return "\(key): \(value)"
            }.joined(separator: ", ")
            out += k == t.rows.count - 1 ? "}\n" : "},\n"
        }
        out += "]"
        return out
    }

    /// Weekly rates (``Sparkline``) as a JSON array, `null` for a week with no possible session.
    static func jsonRates(_ s: String) -> String {
        "[" + Sparkline.rates(s).map { $0.map { raw(.number($0)) } ?? "null" }.joined(separator: ", ") + "]"
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    // MARK: Markdown

    func markdown(_ t: ResultTable) -> String {
        func cell(_ s: String) -> String { s.replacingControlCharacters().split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|") }
        var lines = t.header
        guard !t.columns.isEmpty else { return (lines + t.footer + t.notes).joined(separator: "\n") }
        lines.append("| " + t.columns.map { cell($0.name) }.joined(separator: " | ") + " |")
        lines.append("|" + t.columns.map { $0.kind == .text || $0.kind == .date ? " --- |" : " ---: |" }.joined())
        for row in t.rows {
            lines.append("| " + row.enumerated().map { cell(Self.displayGrouped($1, t.columns[$0].kind)) }.joined(separator: " | ") + " |")
        }
        lines += t.footer + t.notes
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Control characters (a tab or newline inside a name, an escape sequence or a
    /// bidirectional override from a hostile file) shown as spaces in a table.
    func replacingControlCharacters() -> String {
        // Most cells have none: returned as they are, without rebuilding them by character.
        guard unicodeScalars.contains(where: { DiagnosticRenderer.isControl($0.value) }) else { return self }
        return String(map { ch in ch.unicodeScalars.contains { DiagnosticRenderer.isControl($0.value) } ? " " : ch })
    }
}
