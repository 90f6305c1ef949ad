import Testing
@testable import AttendCore

/// The governors' report's core: its script's built-in copy, the weekly series against
/// `summary` over each week, the month's change, and what the sink draws (escaped).
@Suite struct GovernorsReportCoreTests {
    @Test func builtInScriptIsQueriesCopy() throws {
        let file = try FileBytes(path: NationalFiguresTests.repository + "/Queries/governors-report.attend").withBytes { String(decoding: $0, as: UTF8.self) }
        #expect(file == GovernorsReportScript.text, "run scripts/generate-embedded-files")
        guard case .complete(let statements) = Parser.parse(file) else { Issue.record("the report's script does not parse"); return }
        #expect(statements.count > 10)
    }

    func summaryRate(_ session: Session, from: Day, through: Day) throws -> Double? {
        guard case .complete(let ss) = Parser.parse("summary between \(from.iso) and \(through.iso)"),
              case .result(let t, _) = try session.run(ss[0]) else { return nil }
        return t.rows.last?[t.column(named: "rate")!].number
    }

    @Test func weeklyRatesEqualSummaryOverEachWeek() throws {
        let session = try GoldenFile.session("demo", asOf: Day(parsing: "2026-03-20"))
        let w = WeeklyRateSeries(register: session.register, asOf: session.asOf)
        #expect(w.thisYear.count == 25)
        #expect(w.lastYear.isEmpty)   // the demo register holds one year
        #expect(w.thisYear.first?.monday == Day(parsing: "2025-09-01"))
        for week in w.thisYear {
            let rate = try summaryRate(session, from: week.monday, through: Day(number: week.monday.number + 4))
            #expect(rate != nil && abs(rate! - week.rate!) < 1e-9, "w/c \(week.monday.iso)")
        }
        let n = w.thisYear.count
        let last4 = try summaryRate(session, from: w.thisYear[n - 4].monday, through: session.asOf)
        let prev4 = try summaryRate(session, from: w.thisYear[n - 8].monday, through: Day(number: w.thisYear[n - 4].monday.number - 1))
        #expect(abs(w.monthChange.last4! - last4!) < 1e-9)
        #expect(abs(w.monthChange.previous4! - prev4!) < 1e-9)
        let year = try summaryRate(session, from: Day(parsing: "2025-09-01")!, through: session.asOf)
        #expect(abs(WeeklyRateSeries.rate(w.thisYear[...])! - year!) < 1e-9)
    }

    @Test func sinkDrawsByShapeAndEscapes() throws {
        let sink = ReportSink(withPupils: false)
        sink.result("## A <b>section</b>")
        var bars = ResultTable(columns: [.init("form", .text), .init("pupils", .integer), .init("rate this year", .percent)])
        bars.rows = [[.text("<script>x</script>"), .integer(3), .number(93.25)], [.text("national"), .empty, .number(91.9)]]
        bars.header = ["attendance rate by form"]
        #expect(sink.table(bars, statement: Statement(kind: .print(PrintSyntax(text: TextSyntax(kind: .literal(""), span: 0..<0), span: 0..<0)), text: "rate by form compared with national", file: nil, line: 1, column: 1, offset: 0)))
        let html = sink.sections[0].parts.joined()
        #expect(sink.sections[0].title == "A <b>section</b>")   // escaped when the document is made
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("fill=\"url(#hatch)\""))          // the comparison bar is hatched
        #expect(html.contains("<title>national: 91.9%</title>"))
        #expect(html.contains(">93.3<") || html.contains(">93.2<"))
        var pupils = ResultTable(columns: [.init("upn", .text), .init("name", .text)], rows: [[.text("A1"), .text("Grace Davies")]], pupils: [0])
        pupils.header = []
        let part = sink.part(for: pupils, statement: "pupils where severe")
        #expect(!part.contains("Grace Davies"))
        #expect(part.contains("1 pupil."))
        #expect(ReportSink(withPupils: true).part(for: pupils, statement: "pupils where severe").contains("Grace Davies"))
        var count = ResultTable(columns: [.init("pupils", .integer)], rows: [[.integer(6)]])
        count.footer = ["of 1,162 pupils on roll"]
        let card = sink.part(for: count, statement: "count pupils where severe over this year")
        #expect(card.contains("<div class=\"label\">pupils where severe over this year</div><div class=\"v\">6</div>"))
        #expect(card.contains("0.5% of 1,162 pupils on roll"))
    }
}

/// Last year's line on a register of two years, worked by hand: two pupils, two school
/// weeks in each year. 2024/25: Ben absent on Monday 2 Sep (2 sessions) → 18/20 = 90%, then
/// 100%; 2025/26: Ben absent on the morning of Friday 5 Sep → 19/20 = 95%, then 100%.
@Suite struct WeeklyRateSeriesTwoYearTests {
    static func marks() -> String {
        var lines = ["upn,date,session,mark"]
        let weeks = ["2024-09-02", "2024-09-09", "2025-09-01", "2025-09-08"]
        for w in weeks {
            let monday = Day(parsing: w)!
            for d in 0..<5 {
                let day = Day(number: monday.number + Int32(d))
                for (s, present) in [("AM", "/"), ("PM", "\\")] {
                    lines.append("W100000000001,\(day.iso),\(s),\(present)")
                    let absent = (w == "2024-09-02" && d == 0) || (w == "2025-09-01" && d == 4 && s == "AM")
                    lines.append("W100000000002,\(day.iso),\(s),\(absent ? "N" : present)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func lastYearsWeeksBesideThisYears() throws {
        let r = try Fixture.register(pupils: "upn,forename,surname,year,form\nW100000000001,Ada,Present,9,9A\nW100000000002,Ben,Mondays,9,9A\n",
                                     marks: Self.marks())
        let w = WeeklyRateSeries(register: r, asOf: Day(parsing: "2025-09-12")!)
        #expect(w.thisYear.map(\.rate) == [95, 100])
        #expect(w.lastYear.map(\.rate) == [90, 100])
        #expect(w.lastYearToDate == 95)
        let t = w.table
        #expect(t.rows.count == 2)
        #expect(t.rows[0] == [.date(Day(parsing: "2025-09-01")!), .number(95), .number(90)])
        #expect(w.monthChange.previous4 == nil)   // fewer than 8 weeks: no month before
    }
}
