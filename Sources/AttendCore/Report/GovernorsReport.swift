/// `attend report monthly`: the governors' report. It runs the report's script (by default
/// ``GovernorsReportScript/text``, a copy of Queries/governors-report.attend) through the
/// one ``StatementRunner`` with a ``ReportSink``, so every figure is the figure the same
/// statement prints at the prompt; adds the weekly line and the month's change
/// (``WeeklyRateSeries``) after the first section; and makes one self-contained HTML file
/// (inline CSS and SVG, no script, nothing fetched) that prints on A4, a section a page.
public struct GovernorsReport {
    public var session: Session
    public var script: String
    public var scriptFile: String
    public var withPupils: Bool

    public init(session: Session, script: String = GovernorsReportScript.text,
                scriptFile: String = "Queries/governors-report.attend", withPupils: Bool = false) {
        self.session = session
        self.script = script
        self.scriptFile = scriptFile
        self.withPupils = withPupils
    }

    /// What a run made: the document, or the diagnostics that stopped it.
    public struct Output {
        public var html: String?
        public var diagnostics: [Diagnostic]
        public var status: ExitStatus
    }

    /// Runs the script and renders the report. Nothing is written.
    public func render() throws(CancellationError) -> Output {
        // A report shows its results: statements that write files are refused first.
        if case .complete(let statements) = Parser.parse(script, file: scriptFile) {
            var refused: [Diagnostic] = []
            for s in statements {
                if case .query(let q) = s.kind, let span = q.into?.span ?? q.letters?.span {
                    refused.append(.reportStatementWrites(at: s.site(span)))
                }
            }
            if !refused.isEmpty { return Output(html: nil, diagnostics: refused, status: .queryError) }
        }
        let sink = ReportSink(withPupils: withPupils)
        let runner = StatementRunner(session: session, sink: sink)
        runner.announcesAsOf = false
        let status = try runner.run(text: script, file: scriptFile)
        guard status == .success else { return Output(html: nil, diagnostics: sink.diagnostics, status: status) }
        sink.insertSection(weeklySection(), after: 0)
        return Output(html: document(sink.sections, title: sink.title), diagnostics: sink.diagnostics, status: .success)
    }

    /// The weekly line, this year against last year, and the month's change.
    func weeklySection() -> ReportSink.Section {
        let w = WeeklyRateSeries(register: session.register, asOf: session.asOf)
        var s = ReportSink.Section(title: "Weekly attendance and the month's change")
        let (last4, prev4) = w.monthChange
        func pct(_ v: Double?) -> String { v.map { ResultFormatter.display(.number($0), .percent) + "%" } ?? "–" }
        var cards = "<div class=\"cards\">"
        cards += ReportCharts.card("last 4 school weeks", pct(last4), prev4.map { "the 4 weeks before: \(pct($0))" })
        if let a = last4, let b = prev4 {
            let d = a - b
            cards += ReportCharts.card("the month's change", (d >= 0 ? "+" : "−") + ResultFormatter.display(.number(abs(d)), .percent) + " points",
                                       d >= 0 ? "attendance rose" : "attendance fell")
        }
        let thisYear = WeeklyRateSeries.rate(w.thisYear[...])
        cards += ReportCharts.card("this year to date", pct(thisYear), "\(w.thisYear.count) school weeks")
        if let last = w.lastYearToDate {
            cards += ReportCharts.card("last year, the same weeks", pct(last))
        } else {
            cards += ReportCharts.card("last year", "no figures", "the register starts \(w.registerStart?.shortEnglish ?? "this year")")
        }
        cards += "</div>"
        s.parts.append("<div class=\"part\">\(cards)</div>")
        var t = w.table
        if w.lastYear.isEmpty { t.columns.removeLast(); t.rows = t.rows.map { Array($0.dropLast()) } }
        let title = w.lastYear.isEmpty ? "Attendance rate by school week this year (no figures for last year)" : "Attendance rate by school week, this year against last year"
        s.parts.append("<div class=\"part\">\(ReportCharts.line(t, title: title))<p class=\"source\">Every pupil's attended ÷ possible sessions in each school week, by the week's Monday; the month is the last 4 school weeks.</p></div>")
        return s
    }

    func document(_ sections: [ReportSink.Section], title heading: String) -> String {
        let school = session.school.value("name")
        let name = school.isEmpty ? session.register.name : school
        let title = "\(heading): \(name)"
        var html = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(HTML.escape(title))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        html += "<header><h1>\(HTML.escape(title))</h1><p class=\"asof\">As of \(HTML.escape(session.asOf.shortEnglish)) (\(session.asOf.iso)) · register \(HTML.escape(session.register.name)) · \(NumberText.grouped(session.register.pupilCount)) pupils</p></header>\n"
        for s in sections {
            html += "<section>\n"
            if !s.title.isEmpty { html += "<h2>\(HTML.escape(s.title))</h2>\n" }
            html += s.parts.joined(separator: "\n") + "\n</section>\n"
        }
        html += "<footer><p>Made by attend from the school's register. Figures are the same as the statements shown under each part give at the prompt. National figures: the DfE's published statistics, named under each chart.</p></footer>\n"
        return html + "</body>\n</html>\n"
    }

    static let css = """
    @page { size: A4; margin: 14mm 14mm 16mm 14mm; }
    * { box-sizing: border-box; }
    body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; color: #000; background: #fff; margin: 0; }
    header h1 { font-size: 18pt; margin: 0 0 1mm 0; }
    .asof { margin: 0 0 4mm 0; }
    section { break-before: page; page-break-before: always; }
    header + section { break-before: auto; page-break-before: auto; }
    h2 { font-size: 14pt; border-bottom: 2px solid #000; padding-bottom: 1mm; margin: 0 0 3mm 0; }
    .part { break-inside: avoid; page-break-inside: avoid; margin: 0 0 4mm 0; }
    .part.inline { display: inline-block; vertical-align: top; margin-right: 3mm; width: 62mm; }
    .cards { display: flex; flex-wrap: wrap; gap: 3mm; }
    .card { border: 1px solid #000; padding: 2mm 3mm; width: 56mm; }
    .card .label { font-size: 9pt; }
    .card .v { font-size: 18pt; font-weight: bold; }
    .card .detail { font-size: 8.5pt; }
    figure { margin: 0; }
    figcaption { font-weight: bold; margin: 0 0 1mm 0; }
    svg.chart { width: 100%; height: auto; font-family: inherit; }
    svg .grid { stroke: #ccc; stroke-width: 0.5; }
    svg .tick { font-size: 9px; fill: #000; }
    svg .label, svg .value { font-size: 11px; fill: #000; }
    svg .axis { font-size: 10px; fill: #000; font-style: italic; }
    svg .bar { fill: #666; }
    svg .ref { stroke: #000; stroke-width: 1.5; stroke-dasharray: 5 3; }
    svg .reflabel { font-size: 10px; fill: #000; }
    svg .line { fill: none; stroke: #000; stroke-width: 2; }
    svg .line2 { fill: none; stroke: #555; stroke-width: 1.5; stroke-dasharray: 6 3; }
    svg .mark { fill: #000; }
    svg .mark2 { fill: #fff; stroke: #555; }
    table.data { border-collapse: collapse; font-size: 9pt; }
    table.data th, table.data td { border: 1px solid #888; padding: 0.6mm 2mm; }
    table.data td.num { text-align: right; }
    ul.notes { font-size: 8pt; margin: 1mm 0; padding-left: 4mm; overflow-wrap: anywhere; }
    .source { font-size: 8pt; margin: 1mm 0 0 0; }
    footer { font-size: 8pt; margin-top: 6mm; }

    """
}
