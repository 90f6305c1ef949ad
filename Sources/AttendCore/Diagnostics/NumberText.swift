/// Numbers as messages and tables write them. Here, at the bottom of the pipeline, so that
/// every stage (the store's messages too) and the front end can use it: the one place digits
/// are grouped.
public enum NumberText {
    /// `1234567` → `1,234,567`.
    public static func grouped(_ n: Int) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }
}
