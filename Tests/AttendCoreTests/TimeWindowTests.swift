import Testing
@testable import AttendCore

/// Calendar months, named days, grouping by time and windows side by side (issue 13),
/// on the demo register as of Friday 20 March 2026. Every figure is checked against a
/// plain scan of the mark codes (``PlainScan``), which finds school days, weeks and months
/// from the marks themselves, not from the calendar or the store's matrices.
@Suite struct TimeWindowTests {
    static let asOf = Day(year: 2026, month: 3, day: 20)!

    static func session() throws -> Session { try GoldenFile.session("demo", asOf: asOf) }

    static func table(_ text: String) throws -> ResultTable {
        let session = try Self.session()
        guard let st = Parser.parse(text).statements, st.count == 1 else { throw Failure(text: "did not parse: \(text)") }
        guard case .result(let t, _) = try session.run(st[0]) else { throw Failure(text: "no result: \(text)") }
        return t
    }

    static func error(_ text: String) throws -> Diagnostic? {
        let session = try Self.session()
        guard let st = Parser.parse(text).statements, st.count == 1 else { return Parser.parse(text).diagnostics.first }
        do { _ = try session.run(st[0]) } catch let d as Diagnostic { return d }
        return nil
    }

    struct Failure: Error { var text: String }

    static func int(_ v: Value) -> Int? { if case .integer(let i) = v { i } else { nil } }
    static func date(_ v: Value) -> Day? { if case .date(let d) = v { d } else { nil } }

    // MARK: Grouping by time

    /// `rate by week over this year`: one row per Monday–Sunday week with a school day,
    /// in date order; first and last school day; pupils, possible, attended and the rate.
    @Test func rateByWeekMatchesAPlainScan() throws {
        let t = try Self.table("rate by week over this year")
        let scan = PlainScan(try Self.session().register)
        let from = Day(year: 2025, month: 9, day: 1)!
        let expected = scan.periods(from: from, through: Self.asOf) { Int($0.monday.number) }
        #expect(t.columns.map(\.name) == ["week", "from", "through", "pupils", "possible", "attended", "rate"])
        #expect(t.rows.count == expected.count)
        #expect(t.rows.count >= 25)
        for (row, e) in zip(t.rows, expected) {
            let totals = scan.totals(e.days)
            #expect(Self.date(row[1]) == e.first && Self.date(row[2]) == e.last, "\(row)")
            #expect(Self.int(row[3]) == totals.pupils && Self.int(row[4]) == totals.possible && Self.int(row[5]) == totals.attended, "\(row) vs \(totals)")
            #expect(row[6].number == Double(totals.attended) * 100 / Double(totals.possible))
            if case .text(let label) = row[0] { #expect(label == "w/c " + e.first.monday.shortEnglish) }
        }
        // The typed periods behind the rows.
        let periods = try #require(t.periods)
        #expect(periods.count == t.rows.count)
        for (p, e) in zip(periods, expected) {
            #expect(p?.unit == .week && p?.from == e.first && p?.through == e.last)
        }
    }

    @Test func monthsHalfTermsAndTermsMatchAPlainScan() throws {
        let scan = PlainScan(try Self.session().register)
        let from = Day(year: 2025, month: 9, day: 1)!
        let months = scan.periods(from: from, through: Self.asOf) { $0.year * 12 + $0.month }
        let t = try Self.table("unauthorised by month")
        #expect(t.rows.count == months.count && months.count == 7)
        for (row, e) in zip(t.rows, months) {
            #expect(Self.date(row[1]) == e.first && Self.date(row[2]) == e.last)
            #expect(Self.int(row[4]) == scan.totals(e.days).unauthorised, "\(row)")
        }
        // Half-terms and terms: the calendar's boundaries, figures from the scan.
        let cal = try Self.session().register.calendar
        for (unit, periods) in [("half-term", cal.allHalfTerms), ("term", cal.allTerms)] {
            let t = try Self.table("absence by \(unit) over this year")
            let expected = periods.filter { $0.start <= Self.asOf && $0.academicYear == 2025 }
            #expect(t.rows.count == expected.count, "\(unit)")
            for (row, p) in zip(t.rows, expected) {
                let e = scan.periods(from: p.start, through: min(p.end, Self.asOf)) { _ in 0 }.first!
                let totals = scan.totals(e.days)
                #expect(Self.date(row[1]) == e.first && Self.date(row[2]) == e.last)
                #expect(Self.int(row[4]) == totals.possible && Self.int(row[5]) == totals.absent, "\(unit) \(row)")
            }
        }
    }

    /// `summary by month`: each month's row is the summary over that month (PA included).
    @Test func summaryByMonthMatchesAPlainScan() throws {
        let scan = PlainScan(try Self.session().register)
        let months = scan.periods(from: Day(year: 2025, month: 9, day: 1)!, through: Self.asOf) { $0.year * 12 + $0.month }
        let t = try Self.table("summary by month")
        #expect(t.columns.map(\.name) == ["month", "from", "through", "pupils", "possible", "present", "AEA", "authorised", "unauthorised", "rate", "PA", "PA %"])
        #expect(t.rows.count == months.count)
        for (row, e) in zip(t.rows, months) {
            let totals = scan.totals(e.days)
            #expect(Self.int(row[3]) == totals.pupils && Self.int(row[4]) == totals.possible)
            #expect(Self.int(row[7]) == totals.authorised && Self.int(row[8]) == totals.unauthorised)
            #expect(Self.int(row[10]) == totals.persistent, "\(row) vs \(totals)")
        }
    }

    /// Rows sorted by the figure keep their periods.
    @Test func periodsFollowTheRowsWhenSorted() throws {
        let t = try Self.table("rate by week over this term sorted by rate desc limit 3")
        #expect(t.rows.count == 3)
        let periods = try #require(t.periods)
        for (row, p) in zip(t.rows, periods) {
            #expect(Self.date(row[1]) == p?.from && Self.date(row[2]) == p?.through)
        }
        #expect(t.rows[0][6].number! >= t.rows[1][6].number!)
    }

    /// A workbook keeps the periods' dates as dates (and the JSON and CSV as ISO dates).
    @Test func periodDatesAreTypedInEveryFormat() throws {
        let dir = ScriptRunnerTests.tempDir()
        let session = LettersFixture.session(output: dir)
        session.asOf = Self.asOf
        final class Errors: @unchecked Sendable { var lines: [String] = [] }
        let errors = Errors()
        let runner = makeRunner(session, output: { _ in }, errors: { errors.lines.append($0) })
        let status = (try? runner.run(text: "rate by month over term 1 into \"\(dir)/m.xlsx\"", file: "m.attend")) ?? .queryError
        #expect(status == .success, "\(errors.lines)")
        let book = try XlsxWorkbookTests.Book(dir + "/m.xlsx")
        let from = try #require(book.cell(1, "B2")), through = try #require(book.cell(1, "C2"))
        #expect(from.type == nil && from.format == "dd/mm/yyyy" && through.format == "dd/mm/yyyy")
        #expect(Double(from.value) == XlsxWorkbook.excelSerial(Day(year: 2025, month: 9, day: 4)!))
        #expect(Double(through.value) == XlsxWorkbook.excelSerial(Day(year: 2025, month: 9, day: 30)!))
        let t = try Self.table("rate by month over term 1")
        let json = ResultFormatter(format: .json).render(t)
        #expect(json.contains("\"from\": \"2025-09-04\", \"through\": \"2025-09-30\""), "\(json)")
    }

    /// The column-wise totals (bit-sliced counters) agree with the pupil-by-pupil ones for
    /// every class, for all pupils, leavers and joiners, a year group and a scattered set,
    /// over weeks, months and uneven ranges (including empty ones).
    @Test func columnTotalsAgreeWithPupilByPupil() throws {
        let r = try Self.session().register
        let cal = r.calendar
        let weeks = cal.schoolWeeks(through: Self.asOf).map { ($0.days.lowerBound * 2)..<($0.days.upperBound * 2) }
        let odd = [0..<0, 3..<5, 7..<130, 130..<131, 131..<300, 299..<r.sessionCount]
        var scattered = PupilSet(capacity: r.pupilCount)
        for p in stride(from: 5, to: r.pupilCount, by: 7) { scattered.insert(p) }
        var year9 = PupilSet(capacity: r.pupilCount)
        for p in 0..<r.pupilCount where r.pupils.year[p] == 9 { year9.insert(p) }
        for set in [PupilSet.all(r.pupilCount), year9, scattered, PupilSet(capacity: r.pupilCount)] {
            for periods in [weeks, odd] {
                for c in MarkClass.allCases {
                    let fast = r.periodTotals(.markClass(c), periods: periods, in: set)
                    let slow = r.periodTotalsByPupil(r.matrix(c), periods: periods, in: set)
                    #expect(fast == slow, "\(c), \(set.count) pupils, \(periods.count) periods")
                }
            }
        }
    }

    // MARK: Months and named days

    @Test(arguments: [
        ("over march", "2026-03-01", "2026-03-20"),
        ("march 2026", "2026-03-01", "2026-03-20"),
        ("over this month", "2026-03-01", "2026-03-20"),
        ("last month", "2026-02-01", "2026-02-28"),
        ("in january", "2026-01-01", "2026-01-31"),
        ("over october 2025", "2025-10-01", "2025-10-31"),
        ("since september", "2025-09-01", "2026-03-20"),
        ("since 1 sep", "2025-09-01", "2026-03-20"),
        ("since 1 Sep 2025", "2025-09-01", "2026-03-20"),
        ("since 2 feb", "2026-02-02", "2026-03-20"),
        ("on last monday", "2026-03-16", "2026-03-16"),
        ("last wednesday", "2026-03-18", "2026-03-18"),
        ("last thursday", "2026-03-19", "2026-03-19"),
    ])
    func monthAndDayWindowsMatchAPlainScan(_ window: String, _ from: String, _ through: String) throws {
        let t = try Self.table("rate by year \(window)")
        let scan = PlainScan(try Self.session().register)
        let days = scan.periods(from: Day(parsing: from)!, through: Day(parsing: through)!) { _ in 0 }.first!.days
        let totals = scan.totals(days)
        let possible = t.rows.compactMap { Self.int($0[2]) }.reduce(0, +)
        let attended = t.rows.compactMap { Self.int($0[3]) }.reduce(0, +)
        #expect(possible == totals.possible && attended == totals.attended, "\(window)")
        #expect(t.header.last?.contains(from == through ? from : "\(from)..\(through)") == true, "\(t.header)")
    }

    /// `pupils in year 9 where absent last monday`: the pupils on roll in year 9 with an
    /// absent session on Monday 16 March 2026.
    @Test func absentLastMondayMatchesAPlainScan() throws {
        let r = try Self.session().register
        let t = try Self.table("pupils in year 9 where absent last monday")
        let monday = Day(year: 2026, month: 3, day: 16)!
        let i = try #require(r.calendar.days.firstIndex(of: monday))
        let S = r.sessionCount
        var expected = Set<String>()
        for p in 0..<r.pupilCount where r.pupils.year[p] == 9 && r.isOnRoll(p, on: Self.asOf) {
            for s in [2 * i, 2 * i + 1] {
                let raw = r.marks[p * S + s]
                if raw != 0, r.isOnRoll(p, on: monday), CodeTable.classByID[Int(raw)].isAbsent { expected.insert(r.pupils.upn[p]) }
            }
        }
        #expect(!expected.isEmpty)
        #expect(Set(t.rows.map { row -> String in if case .text(let u) = row[0] { u } else { "" } }) == expected)
    }

    @Test(arguments: [
        ("rate by year over august 2025", "Q051", "August 2025 has no school days"),
        ("rate by year over july", "Q050", "July 2026 is after the as-of date 2026-03-20"),
        ("rate by year over april 2026", "Q050", "April 2026 is after the as-of date"),
        ("pupils where absent last friday", "Q052", "last friday (Friday 2026-03-13) was not a school day"),
        ("pupils where absent last saturday", "Q052", "last saturday (Saturday 2026-03-14) was not a school day"),
        ("rate by year since 29 feb", "Q053", "2026 has no 29 February"),
        ("rate by week over term 1, term 2", "Q055", "windows side by side cannot be grouped by time"),
        ("rate by year over term 1, term 2, this year, last week, this week, this month, last month", "Q056", "at most 6 windows"),
        ("rate by week in any 4 weeks", "Q116", "`in any N weeks` takes a count"),
        ("unauthorised by week in any 4 weeks", "Q054", "cannot be grouped by time"),
        ("unauthorised by year over term 1, in any 4 weeks", "Q057", "cannot stand side by side"),
        ("band by month", "Q116", "a group has no single band"),
    ])
    func refusals(_ text: String, _ code: String, _ message: String) throws {
        let d = try #require(try Self.error(text), "\(text) ran")
        #expect(d.code.rawValue == code, "\(text): \(d.code) \(d.message)")
        #expect(d.message.contains(message), "\(d.message)")
    }

    // MARK: Windows side by side

    @Test func sideBySideMatchesAPlainScan() throws {
        let r = try Self.session().register
        let t = try Self.table("rate by year over term 1, term 2")
        #expect(t.columns.map(\.name) == ["year", "rate term 1", "rate term 2", "change"])
        let scan = PlainScan(r)
        let term1 = scan.periods(from: Day(year: 2025, month: 9, day: 1)!, through: Day(year: 2025, month: 12, day: 31)!) { _ in 0 }[0].days
        let term2 = scan.periods(from: Day(year: 2026, month: 1, day: 1)!, through: Self.asOf) { _ in 0 }[0].days
        #expect(t.rows.count == 7)
        for row in t.rows {
            guard case .text(let y) = row[0], let year = Int(y) else { Issue.record("\(row)"); continue }
            let a = scan.totals(term1, pupils: { r.pupils.year[$0] == year }), b = scan.totals(term2, pupils: { r.pupils.year[$0] == year })
            let ra = Double(a.attended) * 100 / Double(a.possible), rb = Double(b.attended) * 100 / Double(b.possible)
            #expect(Swift.abs(row[1].number! - ra) < 1e-9 && Swift.abs(row[2].number! - rb) < 1e-9, "\(row)")
            #expect(Swift.abs(row[3].number! - (rb - ra)) < 1e-9)
        }
        let three = try Self.table("rate by year over autumn term and spring term, this year")
        #expect(three.columns.map(\.name) == ["year", "rate autumn term", "rate spring term", "rate this year"])
    }

    @Test func summarySideBySide() throws {
        let scan = PlainScan(try Self.session().register)
        let t = try Self.table("summary over term 1, term 2")
        #expect(t.rows.count == 2)
        #expect(t.periods?.map { $0?.unit } == [.window, .window])
        let term2 = scan.totals(scan.periods(from: Day(year: 2026, month: 1, day: 1)!, through: Self.asOf) { _ in 0 }[0].days)
        #expect(Self.int(t.rows[1][4]) == term2.possible && Self.int(t.rows[1][8]) == term2.unauthorised)
    }
}

/// Figures straight from the marks: a pupil's session counts when it has a mark and the
/// pupil was on roll that day; a school day is one on which someone had a possible session.
struct PlainScan {
    let r: Register

    init(_ r: Register) { self.r = r }

    struct Totals: CustomStringConvertible {
        var pupils = 0, possible = 0, attended = 0, absent = 0, authorised = 0, unauthorised = 0, persistent = 0
        var description: String { "pupils \(pupils) possible \(possible) attended \(attended) absent \(absent) unauthorised \(unauthorised) PA \(persistent)" }
    }

    /// Sums over the pupils with a possible session on the days (register day indexes).
    func totals(_ days: [Int], pupils include: (Int) -> Bool = { _ in true }) -> Totals {
        let S = r.sessionCount
        var t = Totals()
        for p in 0..<r.pupilCount where include(p) {
            var possible = 0, attended = 0, absent = 0, auth = 0, unauth = 0
            for i in days {
                guard r.isOnRoll(p, on: r.calendar.days[i]) else { continue }
                for s in [2 * i, 2 * i + 1] {
                    let raw = r.marks[p * S + s]
                    guard raw != 0 else { continue }
                    let c = CodeTable.classByID[Int(raw)]
                    if c.isPossible { possible += 1 }
                    if c.isAttended { attended += 1 }
                    if c.isAbsent { absent += 1 }
                    if c == .authorised { auth += 1 }
                    if c == .unauthorised { unauth += 1 }
                }
            }
            guard possible > 0 else { continue }
            t.pupils += 1
            t.possible += possible
            t.attended += attended
            t.absent += absent
            t.authorised += auth
            t.unauthorised += unauth
            if absent * 10 >= possible { t.persistent += 1 }
        }
        return t
    }

    /// Whether anyone had a possible session on register day `i`.
    func isSchoolDay(_ i: Int) -> Bool {
        let S = r.sessionCount
        for p in 0..<r.pupilCount {
            for s in [2 * i, 2 * i + 1] {
                let raw = r.marks[p * S + s]
                if raw != 0, CodeTable.classByID[Int(raw)].isPossible { return true }
            }
        }
        return false
    }

    /// The register days from `from` through `through`, cut where `key` changes, each run
    /// with its first and last school day; runs with no school day left out.
    func periods(from: Day, through: Day, key: (Day) -> Int) -> [(days: [Int], first: Day, last: Day)] {
        var out: [(days: [Int], first: Day, last: Day)] = []
        var run: [Int] = [], runKey: Int?
        func flush() {
            let school = run.filter(isSchoolDay)
            if let f = school.first, let l = school.last { out.append((run, r.calendar.days[f], r.calendar.days[l])) }
            run = []
        }
        for (i, d) in r.calendar.days.enumerated() where d >= from && d <= through {
            let k = key(d)
            if k != runKey { flush(); runKey = k }
            run.append(i)
        }
        flush()
        return out
    }
}
