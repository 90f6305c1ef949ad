import Testing
@testable import AttendCore

/// Projections (Docs/casework.md, "Projections"): a pupil worked by hand on the worked
/// register, and a plain scan of the demo register's files at a mid-year as-of date.
@Suite struct ProjectionTests {
    /// Runs one statement; the result's columns by name and its rows.
    static func run(_ text: String, _ session: Session) throws -> (columns: [String], rows: [[Value]], notes: [String]) {
        guard case .complete(let statements) = Parser.parse(text), let s = statements.first else {
            Issue.record("did not parse: \(text)")
            return ([], [], [])
        }
        guard case .result(let t, _) = try session.run(s) else { return ([], [], []) }
        return (t.columns.map(\.name), t.rows, t.notes)
    }

    static func cell(_ r: (columns: [String], rows: [[Value]], notes: [String]), _ row: Int, _ column: String) -> Value {
        guard let i = r.columns.firstIndex(of: column) else {
            Issue.record("no column \(column) in \(r.columns)")
            return .empty
        }
        return r.rows[row][i]
    }

    // MARK: A pupil worked by hand

    /// Ben Mondays (W100000000002) of spec/worked, as of Friday 23 Jan 2026.
    ///
    /// The year so far: 172 possible sessions, 16 of them `O` (every Monday from 10 Nov, the
    /// INSET Mondays 3 Nov and 5 Jan excepted), so A = 156, X = 16; rate 156/172 = 90.70%.
    ///
    /// The rest of the year: the register ends on the as-of date, so calendar.csv gives the
    /// days: Spring 1 26 Jan–13 Feb (15 weekdays) and Spring 2 23 Feb–27 Mar (25 weekdays),
    /// no closure after 5 Jan: 40 days, R = 80 sessions; T = P + R = 252. (calendar.csv has
    /// no summer term, so the year ends on 27 Mar.)
    ///
    /// - sessions needed for 90%: 90% × 252 = 226.8, so 227 attended; 227 − 156 = 71 of 80.
    ///   Check: 226/252 = 89.68% (70 is too few), 227/252 = 90.08%.
    /// - for 95%: 95% × 252 = 239.4 → 240 − 156 = 84 > 80: not reachable.
    /// - projected rate from the last 6 weeks: the school weeks of 1, 8, 15 Dec, 5, 12, 19 Jan
    ///   (the Christmas fortnight has no sessions); 29 school days (5 Jan INSET has no
    ///   possible session) = 58 possible, 5 Mondays `O` = 10 absent, so 48/58. Projected:
    ///   (156 + 80 × 48/58) ÷ 252 = (156 + 66.207) ÷ 252 = 88.18%.
    /// - at risk: 90.70% is under 92% and 48/58 = 82.76% is under 90.70%: yes.
    /// - cannot avoid PA: 16 ÷ 252 = 6.3% < 10%: no.
    @Test func benWorkedByHand() throws {
        let session = Session(register: try Fixture.workedRegister(), asOf: Fixture.day("2026-01-23"))
        let r = try Self.run("""
            show upn, attended, possible, absent, sessions remaining, sessions needed, sessions needed for 95%,
              projected rate, at risk, cannot avoid PA for all pupils where upn = W100000000002
            """, session)
        #expect(r.rows.count == 1)
        #expect(Self.cell(r, 0, "attended this year") == .integer(156))
        #expect(Self.cell(r, 0, "possible this year") == .integer(172))
        #expect(Self.cell(r, 0, "absent this year") == .integer(16))
        #expect(Self.cell(r, 0, "sessions remaining") == .integer(80))
        #expect(Self.cell(r, 0, "sessions needed for 90%") == .integer(71))
        #expect(Self.cell(r, 0, "sessions needed for 95%") == .text("not reachable"))
        guard case .number(let projected) = Self.cell(r, 0, "projected rate from last 6 weeks") else {
            Issue.record("no projected rate")
            return
        }
        #expect(abs(projected - (156.0 + 80.0 * 48.0 / 58.0) / 252.0 * 100) < 1e-9)
        #expect(abs(projected - 88.18) < 0.005)
        #expect(Self.cell(r, 0, "at risk") == .text("yes"))
        #expect(Self.cell(r, 0, "cannot avoid PA") == .text("no"))
        #expect(r.notes.contains("the rest of the year: 40 school days (80 sessions) from 26 Jan 2026 to 27 Mar 2026: the register's days, then calendar.csv's terms less its closures"))
        #expect(r.notes.contains("1 pupil cannot reach 95% this year even attending every session left: `not reachable`"))

        // The last 6 weeks' figures, as the hand count has them.
        let recent = try Self.run("show attended in last 6 weeks, possible in last 6 weeks for all pupils where upn = W100000000002", session)
        #expect(recent.rows.first == [.integer(48), .integer(58)])
    }

    /// The boundaries: exactly the rate needs those sessions and no more; a pupil who has
    /// left has none to come; a pupil already past every bound needs none.
    @Test func boundariesOfTheArithmetic() {
        typealias F = Evaluator.ProjectionFigures
        // 9 of 10 done, 10 to come: 90% of 20 = 18, so 9 more; 95% of 20 = 19, so 10 more.
        let f = F(attended: 9, possible: 10, absent: 1, remaining: 10)
        #expect(f.needed(for: Exact(90)) == .sessions(9))
        #expect(f.needed(for: Exact(95)) == .sessions(10))
        #expect(f.needed(for: Exact(96)) == .notReachable)   // 19.2 needs 20 > 9 + 10
        #expect(f.needed(for: Exact(25, 2)) == .sessions(0))   // 12.5%: 2.5 of 20, 9 done
        // Absence 1 of 20 = 5%; 2 of 20 = 10% is PA (the boundary counts, as `persistent`).
        #expect(f.cannotAvoidPA == false)
        #expect(F(attended: 8, possible: 10, absent: 2, remaining: 10).cannotAvoidPA == true)
        // Left: nothing to come; the projection is the year as it stands.
        let left = F(attended: 140, possible: 144, absent: 4, remaining: 0)
        #expect(left.needed(for: Exact(90)) == .sessions(0))
        #expect(left.needed(for: Exact(99)) == .notReachable)
        #expect(left.projectedRate(recentAttended: 0, recentPossible: 0) == Exact(140 * 100, 144))
        // No session at all: no figures.
        let none = F(attended: 0, possible: 0, absent: 0, remaining: 0)
        #expect(none.needed(for: Exact(90)) == nil)
        #expect(none.cannotAvoidPA == nil)
        #expect(none.projectedRate(recentAttended: 0, recentPossible: 0) == nil)
        // No recent session but some to come: no projection (no rate to carry on).
        #expect(f.projectedRate(recentAttended: 0, recentPossible: 0) == nil)
        // At risk needs both rates; equal recent rate is not falling.
        #expect(F(attended: 90, possible: 100, absent: 10, remaining: 10).atRisk(below: Exact(92), recentAttended: 9, recentPossible: 10) == false)
        #expect(F(attended: 90, possible: 100, absent: 10, remaining: 10).atRisk(below: Exact(92), recentAttended: 8, recentPossible: 10) == true)
        #expect(F(attended: 92, possible: 100, absent: 8, remaining: 10).atRisk(below: Exact(92), recentAttended: 0, recentPossible: 10) == false)
        #expect(F(attended: 0, possible: 0, absent: 0, remaining: 10).atRisk(below: Exact(92), recentAttended: 0, recentPossible: 10) == nil)
    }

    /// school.conf's thresholds reach the projections: a 95% target, 4 weeks, at risk under 95%.
    @Test func schoolSettingsChangeTheThresholds() throws {
        let settings = try SchoolSettings.parse("projection.target = 95%\nprojection.weeks = 4\nat-risk.below = 95\nat_risk.weeks = 2\n", file: "school.conf")
        #expect(settings.projection == ProjectionSettings(target: Exact(95), weeks: 4, atRiskBelow: Exact(95), atRiskWeeks: 2))
        let session = Session(register: try Fixture.workedRegister(), asOf: Fixture.day("2026-01-23"))
        session.school = settings
        let r = try Self.run("show upn, sessions needed, projected rate, at risk for pupils where upn = W100000000001", session)
        #expect(r.columns == ["upn", "sessions needed for 95%", "projected rate from last 4 weeks", "at risk"])
        // Ada: 172 of 172, 95% of 252 = 239.4 → 240 − 172 = 68.
        #expect(Self.cell(r, 0, "sessions needed for 95%") == .integer(68))
        let risk = try Self.run("pupils where at risk", session)
        #expect(risk.columns.suffix(2) == ["rate this year", "rate last 2 weeks"])
        // Bad values are refused with their line.
        for bad in ["projection.target = 0", "projection.target = 101%", "at_risk.weeks = 0", "projection.weeks = six", "at_risk.below = high"] {
            #expect(throws: DiagnosticList.self) { try SchoolSettings.parse(bad + "\n", file: "school.conf") }
        }
    }

    // MARK: Syntax

    /// The phrases parse where a measure goes, the yes/no ones alone as conditions (also
    /// straight after `pupils`), and their words stay column names elsewhere.
    @Test(arguments: [
        ("pupils where at risk", "(pupils (at-risk))"),
        ("pupils at risk", "(pupils (at-risk))"),
        ("all pupils cannot avoid PA this year", "(all-pupils (cannot-avoid-pa (over this year)))"),
        ("pupils where sessions needed for 95% > 20", "(pupils (> (sessions-needed 95) 20))"),
        ("pupils where sessions needed >= sessions remaining", "(pupils (>= (sessions-needed) (sessions-remaining)))"),
        ("pupils where projected rate from last 4 weeks < 90%", "(pupils (< (projected-rate 4) 90%))"),
        ("pupils where not at risk and cannot avoid PA", "(pupils (and (not (at-risk)) (cannot-avoid-pa)))"),
        ("pupils where at = 1 and cannot = 2 and projected = 3", "(pupils (and (= at 1) (= cannot 2) (= projected 3)))"),
    ])
    func phrasesParse(_ text: String, _ tree: String) throws {
        guard case .complete(let statements) = Parser.parse(text), let s = statements.first,
              case .query(let q) = s.kind, case .pupils(let list) = q.body, let filter = list.filter else {
            Issue.record("did not parse as a pupil list: \(text)")
            return
        }
        let source = list.source == .allPupils ? "all-pupils" : "pupils"
        #expect("(\(source) \(SyntaxDump.condition(filter)))" == tree)
    }

    // MARK: The rest of the year

    /// With calendar.csv and a register that ends on the as-of date: calendar.csv's
    /// weekdays in half-terms after it, less its closures (the demo's calendar.csv, marks
    /// cut at 6 Feb 2026; counted here straight from the file's text).
    @Test func restOfYearFromCalendarFile() throws {
        let files = DemoRegister.files(DemoOptions())
        let asOf = Fixture.day("2026-02-06")
        let marks = String(decoding: files.marks, as: UTF8.self).split(separator: "\n").enumerated()
            .filter { $0.offset == 0 || Day(parsing: $0.element.split(separator: ",")[1])! <= asOf }.map(\.element).joined(separator: "\n") + "\n"
        let register = try Fixture.register(pupils: String(decoding: files.pupils, as: UTF8.self), marks: marks,
                                            calendar: String(decoding: files.calendar, as: UTF8.self))
        let rest = RestOfYear.after(asOf, in: register.calendar)
        var halves: [(Day, Day)] = [], closures: [(Day, Day)] = []
        for line in String(decoding: files.calendar, as: UTF8.self).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            let range = (Day(parsing: f[2])!, Day(parsing: f[3])!)
            if f[0] == "half-term" { halves.append(range) }
            if f[0] == "closure" { closures.append(range) }
        }
        var expected: [Day] = []
        var d = asOf.advanced(by: 1)
        while d <= Fixture.day("2026-08-31") {
            if d.weekday <= 5 && halves.contains(where: { $0.0 <= d && d <= $0.1 }) && !closures.contains(where: { $0.0 <= d && d <= $0.1 }) {
                expected.append(d)
            }
            d = d.advanced(by: 1)
        }
        #expect(rest.days == expected)
        #expect(rest.source == .calendarFile)
        #expect(rest.end == Fixture.day("2026-07-22"))
    }

    /// Without calendar.csv the year is carried to 190 school days: the worked register has
    /// 86 days with a possible session to 23 Jan, so 104 weekdays follow from 26 Jan.
    @Test func restOfYearCarriedWithoutCalendar() throws {
        let text = { (name: String) in try String(contentsOfFile: Fixture.worked + "/" + name, encoding: .utf8) }
        let register = try Fixture.register(pupils: try text("pupils.csv"), marks: try text("marks.csv"))
        #expect(register.calendar.inferred)
        let rest = RestOfYear.after(Fixture.day("2026-01-23"), in: register.calendar)
        #expect(rest.source == .carried(days: 104))
        #expect(rest.days.count == 104)
        #expect(rest.days.first == Fixture.day("2026-01-26"))
        #expect(rest.days.allSatisfy { !$0.isWeekend })
        // A pupil on roll part of the rest counts only those days.
        #expect(rest.sessions(onRollFrom: nil, until: Fixture.day("2026-01-30")) == 10)
        #expect(rest.sessions(onRollFrom: Fixture.day("2026-01-28"), until: Fixture.day("2026-01-29")) == 4)
    }

    /// A whole year without calendar.csv is not carried past its summer break: the demo's
    /// marks alone end on Wed 22 Jul 2026 with 189 days that had a possible session (the
    /// snow day of 29 Jan is `Y4` for everyone), and nothing follows 20 July.
    @Test func wholeYearWithoutCalendarIsNotCarried() throws {
        let files = DemoRegister.files(DemoOptions())
        let register = try Fixture.register(pupils: String(decoding: files.pupils, as: UTF8.self), marks: String(decoding: files.marks, as: UTF8.self))
        #expect(register.calendar.inferred)
        let end = RestOfYear.after(Fixture.day("2026-07-22"), in: register.calendar)
        #expect(end.days.isEmpty)
        // Mid-year the register's own days are the rest: 9 Feb to 22 Jul, as with calendar.csv.
        let mid = RestOfYear.after(Fixture.day("2026-02-06"), in: register.calendar)
        #expect(mid.source == .register)
        #expect(mid.days.count == 95)
        #expect(mid.days.first == Fixture.day("2026-02-09") && mid.days.last == Fixture.day("2026-07-22"))
    }

    // MARK: A plain scan of the demo register

    /// The fields of a CSV line with quoted fields (`"Smith, Jr"`); no line breaks inside.
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], field = "", quoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" { quoted = false } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        out.append(field)
        return out
    }

    /// Every pupil of the demo register as of Friday 6 Feb 2026, against a computation from
    /// the demo's own marks.csv and pupils.csv text: the year's attended, possible and
    /// absent sessions by the code table; the days still to come (days after the as-of date
    /// this year on which anyone has a possible mark); each pupil's share of them by
    /// admission and leaving dates; the last 6 school weeks; then every projection by
    /// plain integer arithmetic (the least x by counting up).
    @Test func plainScanOfTheDemoRegister() throws {
        let asOf = Fixture.day("2026-02-06")
        let yearStart = Fixture.day("2025-09-01"), yearEnd = Fixture.day("2026-08-31")
        let files = DemoRegister.files(DemoOptions())
        // The code table, from the spec's CSV.
        var countsAs: [String: String] = [:]
        for line in try String(contentsOfFile: Fixture.testsDirectory + "/Fixtures/attendance-codes.csv", encoding: .utf8).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            countsAs[String(f[0])] = String(f[3])
        }
        // Pupils: admitted and left, by the header's column names.
        let pupilLines = String(decoding: files.pupils, as: UTF8.self).split(separator: "\n")
        let header = pupilLines[0].split(separator: ",").map(String.init)
        let (ia, il) = (header.firstIndex(of: "admitted")!, header.firstIndex(of: "left")!)
        var roll: [String: (from: Day?, until: Day?)] = [:]
        var order: [String] = []
        for line in pupilLines.dropFirst() {
            let f = Self.fields(line)
            roll[String(f[0])] = (Day(parsing: f[ia]), Day(parsing: f[il]))
            order.append(String(f[0]))
        }
        func onRoll(_ upn: String, _ d: Day) -> Bool {
            let r = roll[upn]!
            return (r.from.map { d >= $0 } ?? true) && (r.until.map { d <= $0 } ?? true)
        }
        // Marks.
        struct Mark { let upn: String; let day: Day; let class_: String }
        var marks: [Mark] = []
        var openDays = Set<Day>()
        for line in String(decoding: files.marks, as: UTF8.self).split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let day = Day(parsing: f[1])!
            let c = countsAs[String(f[3])]!
            marks.append(Mark(upn: String(f[0]), day: day, class_: c))
            if ["present", "approved-activity", "authorised", "unauthorised"].contains(c) { openDays.insert(day) }
        }
        let rest = openDays.filter { $0 > asOf && $0 <= yearEnd }.sorted()
        // The last 6 school weeks: Mondays of weeks with an open day up to the as-of date.
        let mondays = Set(openDays.filter { $0 <= asOf }.map(\.monday)).sorted().suffix(6)
        let recentFrom = mondays.first!
        var a = [String: Int](), p = [String: Int](), x = [String: Int](), ra = [String: Int](), rp = [String: Int]()
        for m in marks where m.day >= yearStart && m.day <= asOf && onRoll(m.upn, m.day) {
            let possible = ["present", "approved-activity", "authorised", "unauthorised"].contains(m.class_)
            let attended = ["present", "approved-activity"].contains(m.class_)
            if possible { p[m.upn, default: 0] += 1 }
            if attended { a[m.upn, default: 0] += 1 }
            if possible && !attended { x[m.upn, default: 0] += 1 }
            if m.day >= recentFrom {
                if possible { rp[m.upn, default: 0] += 1 }
                if attended { ra[m.upn, default: 0] += 1 }
            }
        }
        #expect(rest.count == 95)   // 9 Feb – 22 Jul 2026, less the breaks and the 4 May bank holiday

        let session = try GoldenFile.session("demo", asOf: asOf)
        let r = try Self.run("show upn, sessions remaining, sessions needed, sessions needed for 95%, projected rate, at risk, cannot avoid PA for all pupils", session)
        #expect(r.rows.count == order.count)
        var checked = 0, unreachable = 0, risk = 0, pa = 0, over100 = 0
        for (row, cells) in r.rows.enumerated() {
            guard case .text(let upn) = cells[0] else { Issue.record("no upn"); continue }
            let A = a[upn] ?? 0, P = p[upn] ?? 0, X = x[upn] ?? 0
            let R = 2 * rest.filter { onRoll(upn, $0) }.count
            let T = P + R
            #expect(Self.cell(r, row, "sessions remaining") == .integer(R), "\(upn) remaining")
            for (rate, column) in [(90, "sessions needed for 90%"), (95, "sessions needed for 95%")] {
                var expected: Value = .empty
                if T > 0 {
                    expected = .text("not reachable")
                    for needed in 0...R where (A + needed) * 100 >= rate * T {
                        expected = .integer(needed)
                        break
                    }
                }
                if expected == .text("not reachable") && rate == 90 { unreachable += 1 }
                // `not reachable` is more than any number.
                if rate == 90, expected == .text("not reachable") || (expected.number ?? 0) > 100 { over100 += 1 }
                #expect(Self.cell(r, row, column) == expected, "\(upn) \(column): A \(A) P \(P) R \(R)")
            }
            let (ra, rp) = (ra[upn] ?? 0, rp[upn] ?? 0)
            switch Self.cell(r, row, "projected rate from last 6 weeks") {
            case .number(let v):
                let expected = R == 0 ? Double(A) * 100 / Double(T) : (Double(A) + Double(R) * Double(ra) / Double(rp)) / Double(T) * 100
                #expect(abs(v - expected) < 1e-9, "\(upn) projected")
            case .empty:
                #expect(T == 0 || (R > 0 && rp == 0), "\(upn) projected missing")
            default:
                Issue.record("\(upn) projected rate is not a number")
            }
            let atRisk: Value = P == 0 || rp == 0 ? .empty : .text(A * 100 < 92 * P && ra * P < A * rp ? "yes" : "no")
            #expect(Self.cell(r, row, "at risk") == atRisk, "\(upn) at risk")
            if atRisk == .text("yes") { risk += 1 }
            let cannot: Value = T == 0 ? .empty : .text(X * 10 >= T ? "yes" : "no")
            #expect(Self.cell(r, row, "cannot avoid PA") == cannot, "\(upn) cannot avoid PA")
            if cannot == .text("yes") { pa += 1 }
            checked += 1
        }
        #expect(checked == order.count)
        // The scan is not vacuous: every kind of answer occurs.
        #expect(unreachable > 0 && risk > 0 && pa > 0)

        // The conditions pick the same pupils as the columns say.
        let listed = try Self.run("count all pupils where at risk", session)
        #expect(listed.rows.first?.first == .integer(risk))
        let needy = try Self.run("count all pupils where sessions needed > 100", session)
        #expect(needy.rows.first?.first == .integer(over100))
        let fewer = try Self.run("count all pupils where 100 >= sessions needed", session)
        #expect(fewer.rows.first?.first == .integer(r.rows.filter { ($0[r.columns.firstIndex(of: "sessions needed for 90%")!].number ?? 101) <= 100 }.count))
        let cannotAvoid = try Self.run("count all pupils where cannot avoid PA this year", session)
        #expect(cannotAvoid.rows.first?.first == .integer(pa))
    }
}
