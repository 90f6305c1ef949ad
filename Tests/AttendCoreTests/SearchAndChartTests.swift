import Testing
@testable import AttendCore

/// Issue 13's weekday measures, name search, `trend` and `chart`: figures checked against a
/// plain scan of the register's marks (independent of the evaluator's bit matrices), the
/// name rule, and the chart drawn from a hand-made period result.
@Suite struct SearchAndChartTests {
    static let asOf = Fixture.day("2026-03-20")

    static func session() throws -> Session {
        Session(register: try GoldenFile.session("demo", asOf: nil).register, asOf: asOf)
    }

    static func run(_ text: String, _ session: Session) throws -> ResultTable {
        guard case .complete(let st) = Parser.parse(text), case .result(let t, _) = try session.run(st[0]) else {
            Issue.record("no result: \(text)")
            return ResultTable(columns: [])
        }
        return t
    }

    /// Sessions of pupil `p` in `sessions` on the weekdays `days` whose mark is of class `c`,
    /// counted straight from the mark codes.
    static func scan(_ r: Register, _ p: Int, _ sessions: Range<Int>, _ days: Set<Int>, _ c: MarkClass) -> Int {
        var n = 0
        for s in sessions {
            let day = r.calendar.days[s >> 1]
            guard days.contains(day.weekday), r.isOnRoll(p, on: day) else { continue }
            let raw = r.marks[p * r.sessionCount + s]
            if raw != 0 && c.includes(CodeTable.classByID[Int(raw)], raw: raw) { n += 1 }
        }
        return n
    }

    // MARK: Weekday measures

    @Test func absentOnFridaysMatchesAPlainScan() throws {
        let session = try Self.session()
        let r = session.register
        let t = try Self.run("pupils where absent on fridays over this term >= 5", session)
        let term = r.calendar.sessionRange(from: Fixture.day("2026-01-05"), through: Self.asOf)
        var expected: Set<Int> = []
        for p in 0..<r.pupilCount where r.isOnRoll(p, on: Self.asOf) && Self.scan(r, p, term, [5], .absent) >= 5 {
            expected.insert(p)
        }
        #expect(Set(t.pupils ?? []) == expected)
        #expect(!expected.isEmpty)
        #expect(t.columns.last?.name == "absent sessions on fridays this term")
        let col = t.columns.count - 1
        for (i, p) in (t.pupils ?? []).enumerated() {
            #expect(t.rows[i][col] == .integer(Self.scan(r, p, term, [5], .absent)))
        }
    }

    @Test func mondaysOrFridaysInShowAndSortMatchAPlainScan() throws {
        let session = try Self.session()
        let r = session.register
        let t = try Self.run("show upn, unauthorised on mondays or fridays over this year for pupils in year 8 sorted by unauthorised on mondays or fridays over this year desc", session)
        let year = r.calendar.sessionRange(from: Fixture.day("2025-09-01"), through: Self.asOf)
        let values = (t.pupils ?? []).map { Self.scan(r, $0, year, [1, 5], .unauthorised) }
        #expect(t.rows.map { $0[1] } == values.map { Value.integer($0) })
        #expect(values == values.sorted(by: >))
        #expect(values.contains { $0 > 0 })
    }

    @Test func weekdayWordsParse() throws {
        guard case .complete(let st) = Parser.parse("pupils where absent on mondays, tuesdays and fridays >= 3") else {
            Issue.record("did not parse"); return
        }
        #expect(st[0].description.contains("(absent (on mondays tuesdays fridays))"))
    }

    // MARK: Name search

    @Test func theKeyDropsCaseAccentsAndPunctuation() {
        #expect(NameSearch.key("Zoë O'Brien") == "zoeobrien")
        #expect(NameSearch.key("ZOE O’BRIEN") == "zoeobrien")
        #expect(NameSearch.key("Anna-Marie") == "annamarie")
        #expect(NameSearch.key("Nguyễn") == "nguyen")
        #expect(NameSearch.key("Łukasz Dąbrowski") == "lukaszdabrowski")
        #expect(NameSearch.key(" - ' ") == "")
    }

    @Test func oneMatchIsTheProfileAndSeveralAreListed() throws {
        let session = try Self.session()
        let one = try Self.run("pupil \"zoe o'brien\"", session)
        let byUPN = try Self.run("pupil A880007000021", session)
        #expect(one == byUPN)
        let several = try Self.run("pupil \"o'brien\"", session)
        #expect(several.columns.map(\.name) == ["upn", "name", "year", "form"])
        #expect(several.rows.count > 1)
        #expect(several.notes.contains { $0.contains("pick one by UPN") })
        let like = try Self.run("pupils where name like \"OBRIEN\"", session)
        #expect(Set(like.pupils ?? []).isSuperset(of: Set(several.pupils ?? [])))
        // Every name listed contains the key, and no other pupil's does.
        let r = session.register
        let expected = (0..<r.pupilCount).filter {
            r.isOnRoll($0, on: Self.asOf) && (NameSearch.key(r.pupils.forename[$0] + r.pupils.surname[$0]).contains("obrien"))
        }
        #expect(Set(like.pupils ?? []) == Set(expected))
    }

    @Test func noMatchNamesNoPupil() throws {
        let session = try Self.session()
        guard case .complete(let st) = Parser.parse("pupil \"Grace Daviesx\"") else { Issue.record("parse"); return }
        do {
            _ = try session.run(st[0])
            Issue.record("expected Q151")
        } catch let d as Diagnostic {
            #expect(d.code == "Q151")
            #expect(!d.message.contains("Grace") && !(d.hint ?? "").contains("Grace"))
        }
    }

    // MARK: Trend

    @Test func trendIsTheWeeklyRateOfAPlainScan() throws {
        let session = try Self.session()
        let r = session.register
        let t = try Self.run("show upn, trend over this term for pupils in form 7A", session)
        #expect(t.columns[1].kind == .weeklyRates)
        let weeks = r.calendar.schoolWeeks(through: Self.asOf).filter { r.calendar.days[$0.days.lowerBound] >= Fixture.day("2026-01-05") }
        for (i, p) in (t.pupils ?? []).enumerated() {
            let rates: [Double?] = weeks.map { wk in
                let s = (wk.days.lowerBound * 2)..<(wk.days.upperBound * 2)
                let all = Set(1...5)
                let possible = Self.scan(r, p, s, all, .possible), attended = Self.scan(r, p, s, all, .attended)
                return possible == 0 ? nil : Double(attended * 100) / Double(possible)
            }
            #expect(t.rows[i][1] == .text(Sparkline.text(rates)))
        }
        let shown = ResultFormatter(format: .table).render(t)
        #expect(shown.contains("█"))
        let json = ResultFormatter(format: .json).render(t)
        #expect(json.contains("\"trend this term\": ["))
    }

    @Test func sparklineScaleIsFixed() {
        #expect(Sparkline.draw("0.0 12.4 12.5 50.0 87.4 87.5 100.0 -") == "▁▁▂▅▇██·")
    }

    @Test func trendOfAWholeSchoolIsCheap() throws {
        let session = try Self.session()
        let clock = ContinuousClock()
        let start = clock.now
        let t = try Self.run("show upn, trend over this year for all pupils", session)
        let elapsed = clock.now - start
        #expect(t.rows.count == session.register.pupilCount)
        // 1,200 pupils here; Docs/language.md gives the figure for 100,000.
        #expect(elapsed < .seconds(5))
    }

    // MARK: Chart

    @Test func chartIsTheGroupedResultAsData() throws {
        let session = try Self.session()
        let chart = try Self.run("chart rate by year over this term", session)
        var plain = try Self.run("rate by year over this term", session)
        #expect(chart.chart != nil)
        plain.chart = chart.chart
        #expect(chart == plain)
        #expect(ResultFormatter(format: .csv).render(chart) == ResultFormatter(format: .csv).render(try Self.run("rate by year over this term", session)))
    }

    @Test func barsFitTheWidth() throws {
        let session = try Self.session()
        let t = try Self.run("chart PA by form", session)
        for width in [40, 60, 80, 132] {
            var f = ResultFormatter(format: .table)
            f.width = width
            let text = f.render(t)
            for line in text.split(separator: "\n") { #expect(line.count <= width, "\(width): \(line)") }
            #expect(text.contains("all: 168"))
        }
    }

    /// A period result as another grouping will give it (one row per week with its dates)
    /// is drawn as columns with no chart code of its own.
    @Test func periodsAreDrawnAsColumns() {
        var t = ResultTable(columns: [.init("week", .text), .init("from", .date), .init("to", .date), .init("pupils", .integer), .init("rate", .percent)])
        let rates = [96.0, 94.5, 91.0, 88.2, 95.0, 97.5]
        for (i, rate) in rates.enumerated() {
            let from = Fixture.day("2026-01-05").advanced(by: 7 * i)
            t.rows.append([.text("w/c \(from.iso)"), .date(from), .date(from.advanced(by: 4)), .integer(1200), .number(rate)])
        }
        t.header = ["attendance rate by week over Spring term 2025/26 2026-01-05..2026-02-13"]
        let c = Chart.of(t, value: nil, defaultValue: nil)!
        #expect(c.isSeries)
        #expect(c.title == "rate by week over Spring term 2025/26 2026-01-05..2026-02-13")
        t.chart = c
        var f = ResultFormatter(format: .table)
        f.width = 70
        let text = f.render(t)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1].contains("96.0%") && lines[1].contains("88.2%"))
        #expect(lines.contains { $0.hasSuffix("┤") == false && $0.contains("100%┤") })
        #expect(lines.contains { $0.contains("└") })
        #expect(lines.contains { $0.contains("w/c 2026-01-05") && $0.contains("w/c 2026-02-09") })
        for line in lines { #expect(line.count <= 70) }
        // Too many periods for the width: bars, one line each.
        f.width = 40
        var many = t
        many.rows = Array(repeating: t.rows[0], count: 60)
        let bars = f.render(many).split(separator: "\n").filter { $0.hasPrefix("w/c") }
        #expect(bars.count == 60 && bars.allSatisfy { $0.count <= 40 && $0.hasSuffix("96.0%") })
    }
}

extension SearchAndChartTests {
    /// The byte writer of a whole school's trend column gives the text of the plain one,
    /// halves rounded away from zero (2 of 3 is 66.7; 1 of 8 is 12.5; 7 of 8 is 87.5).
    @Test func trendTextFromCountsMatchesTheRateText() {
        var bytes: [UInt8] = []
        for possible in 0...20 {
            for attended in 0...possible {
                let a: [Int32] = [Int32(attended), 3, 0], n: [Int32] = [Int32(possible), 10, 0]
                let fast = a.withUnsafeBufferPointer { ap in n.withUnsafeBufferPointer { Sparkline.text(attended: ap, possible: $0, into: &bytes) } }
                let rate: Double? = possible == 0 ? nil : Double(attended * 100) / Double(possible)
                #expect(fast == Sparkline.text([rate, 30, nil]), "\(attended)/\(possible)")
            }
        }
    }
}
