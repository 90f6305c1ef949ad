/// Text made safe for HTML and SVG: `&`, `<`, `>`, `"` and `'` escaped.
enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A figure as `summary` shows it (one decimal for rates, grouped thousands for counts).
    static func value(_ v: Value, _ kind: ResultTable.Column.Kind) -> String {
        escape(ResultFormatter.displayGrouped(v, kind))
    }

    /// A coordinate with at most one decimal.
    static func n(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
