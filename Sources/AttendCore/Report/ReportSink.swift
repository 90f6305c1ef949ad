/// The governors' report's ``StatementSink``: what the report's script produces, seen.
/// `print "# Title"` names the report, `print "## Title"` starts a section (a new page when printed), `print "text"` is a
/// paragraph, and each statement's result becomes a part of the current section drawn by
/// its shape (``ReportSink/part(for:statement:)``): headline figures as cards, a result by
/// category as bars, a result by time period as a line, the rest as a table. Pupils' names
/// appear only when ``withPupils`` is set; otherwise a pupil list shows its count.
public final class ReportSink: StatementSink {
    public struct Section: Sendable {
        public var title: String
        public var parts: [String] = []
    }

    public var sections: [Section] = []
    public var diagnostics: [Diagnostic] = []
    public var notes: [String] = []
    /// `print "# Title"`: the report's title (the school's name follows it).
    public var title = "Attendance report"
    public let withPupils: Bool

    public init(withPupils: Bool) {
        self.withPupils = withPupils
    }

    public func result(_ text: String) {
        let trimmed = text.trimmingSpaces()
        if trimmed.hasPrefix("# ") {
            title = String(trimmed.dropFirst(2))
        } else if trimmed.hasPrefix("## ") {
            sections.append(Section(title: String(trimmed.dropFirst(3))))
        } else if !trimmed.isEmpty {
            add("<p>\(HTML.escape(trimmed))</p>")
        }
    }

    public func note(_ text: String) { notes.append(text) }
    public func diagnostic(_ d: Diagnostic) { diagnostics.append(d) }

    public func table(_ t: ResultTable, statement: Statement) -> Bool {
        add(part(for: t, statement: statement.text))
        return true
    }

    func add(_ html: String) {
        if sections.isEmpty { sections.append(Section(title: "")) }
        sections[sections.count - 1].parts.append(html)
    }

    /// Inserts a part as a section of its own after section `index` (the weekly line).
    public func insertSection(_ s: Section, after index: Int) {
        sections.insert(s, at: min(max(0, index + 1), sections.count))
    }

    // MARK: Shapes

    /// The HTML for one result, chosen by its shape.
    public func part(for t: ResultTable, statement: String) -> String {
        var html: String
        let kinds = t.columns.map(\.kind)
        if t.pupils != nil {
            html = withPupils ? ReportCharts.table(t) : "<p class=\"count\">\(NumberText.grouped(t.rows.count)) pupil\(t.rows.count == 1 ? "" : "s"). Names are left out of this report (<code>--with-pupils</code> shows them).</p>"
        } else if let first = kinds.first, first == .date || ["week", "month", "half-term", "term"].contains(t.columns[0].name) {
            html = ReportCharts.line(t, title: Self.title(statement, t))
        } else if t.column(named: "PA %") != nil, t.rows.count <= 2, t.rows.first?.first == .text("all") {
            html = ReportCharts.cards(summary: t)
        } else if t.columns.count == 1, t.columns[0].name == "pupils", let n = t.rows.first?.first {
            html = ReportCharts.countCard(label: Self.countLabel(statement), value: n, footer: t.footer)
        } else if let sessions = t.column(named: "sessions"), let countsAs = t.column(named: "counts as") {
            html = ReportCharts.reasons(t, sessions: sessions, countsAs: countsAs, title: Self.title(statement, t))
        } else if t.columns.count >= 2, kinds.last == .percent, kinds.first == .text, t.column(named: "PA %") == nil {
            html = ReportCharts.bars(t, title: Self.title(statement, t))
        } else {
            html = ReportCharts.table(t)
        }
        // A count's "of N" is on its card; a pupil list without names has its count already.
        var footer = t.pupils != nil && !withPupils ? [] : t.footer.filter { !(t.columns.count == 1 && t.columns[0].name == "pupils" && $0.hasPrefix("of ")) }
        footer += t.notes
        if !footer.isEmpty {
            html += "<ul class=\"notes\">" + footer.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        html += "<p class=\"source\">From <code>\(HTML.escape(statement))</code>\(t.header.isEmpty ? "" : ": " + HTML.escape(t.header.joined(separator: "; ")))</p>"
        let isCount = t.columns.count == 1 && t.columns[0].name == "pupils" && t.pupils == nil
        return "<div class=\"part\(isCount ? " inline" : "")\">\(html)</div>"
    }

    /// A chart's title: the statement's header line, else the statement.
    static func title(_ statement: String, _ t: ResultTable) -> String {
        t.header.first ?? statement
    }

    /// `count pupils where severe over this year` → `pupils where severe over this year`.
    static func countLabel(_ statement: String) -> String {
        statement.hasPrefix("count ") ? String(statement.dropFirst(6)) : statement
    }
}
