import Testing
@testable import AttendCore

/// The store against the hand-worked register of spec/worked (answers in its README).
@Suite struct WorkedRegisterStoreTests {
    let r: Register
    init() throws { r = try Fixture.workedRegister() }

    func pupil(_ upn: String) -> Int { r.pupils.index(ofUPN: upn)! }
    func count(_ c: MarkClass, _ upn: String, _ from: String, _ to: String) -> Int {
        let s = r.calendar.sessionRange(from: Fixture.day(from), through: Fixture.day(to))
        return r.matrix(c).count(pupil(upn), s.lowerBound, s.upperBound)
    }

    @Test func loadsCleanly() {
        #expect(r.pupilCount == 8)
        #expect(r.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(r.calendar.inferred == false)
        #expect(r.calendar.days.first == Fixture.day("2025-09-03"))
        #expect(r.calendar.days.last == Fixture.day("2026-01-23"))
    }

    @Test func term1PossibleSessions() {
        // 72 days = 144 possible sessions for a pupil on roll all term.
        #expect(count(.possible, "W100000000001", "2025-09-03", "2025-12-19") == 144)
        // Cara: 28 O sessions in Autumn 2 → 116/144.
        #expect(count(.attended, "W100000000003", "2025-09-03", "2025-12-19") == 116)
        #expect(count(.unauthorised, "W100000000003", "2025-09-03", "2025-12-19") == 28)
        // Dev: on roll 17 Nov–19 Dec = 50 sessions, 10 O.
        #expect(count(.possible, "W100000000004", "2025-09-03", "2025-12-19") == 50)
        #expect(count(.unauthorised, "W100000000004", "2025-09-03", "2025-12-19") == 10)
        // Gus: no possible session in term 1.
        #expect(count(.possible, "W100000000007", "2025-09-03", "2025-12-19") == 0)
    }

    @Test func yearToDate() {
        // Ben: 16 absent of 172 possible.
        #expect(count(.possible, "W100000000002", "2025-09-01", "2026-01-23") == 172)
        #expect(count(.absent, "W100000000002", "2025-09-01", "2026-01-23") == 16)
        // Gus: 2 of his 10 possible sessions.
        #expect(count(.possible, "W100000000007", "2025-09-01", "2026-01-23") == 10)
        #expect(count(.absent, "W100000000007", "2025-09-01", "2026-01-23") == 2)
        // Fin: every afternoon C2 (authorised): exactly 50%; Wednesdays D not counted.
        let fp = count(.possible, "W100000000006", "2025-09-01", "2026-01-23")
        #expect(count(.authorised, "W100000000006", "2025-09-01", "2026-01-23") * 2 == fp)
    }

    @Test func onRoll() {
        #expect(r.isOnRoll(pupil("W100000000008"), on: Fixture.day("2026-01-23")) == false)   // Hal left 19 Dec
        #expect(r.isOnRoll(pupil("W100000000007"), on: Fixture.day("2026-01-23")))
        #expect(r.isOnRoll(pupil("W100000000007"), on: Fixture.day("2026-01-16")) == false)   // Gus admitted 19 Jan
        #expect(r.onRoll(on: Fixture.day("2026-01-23")).count == 7)
    }

    @Test func lastTenSchoolWeeksSkipChristmas() {
        let weeks = r.calendar.lastSchoolWeeks(10, through: Fixture.day("2026-01-23"))
        #expect(weeks.count == 10)
        #expect(weeks.first?.monday == Fixture.day("2025-11-03"))
        #expect(weeks.last?.monday == Fixture.day("2026-01-19"))
        // Ben 16, Cara 32, Dev 10, Ede 20 unauthorised in the window.
        let from = r.calendar.days[weeks.first!.days.lowerBound]
        #expect(count(.unauthorised, "W100000000002", from.iso, "2026-01-23") == 16)
        #expect(count(.unauthorised, "W100000000003", from.iso, "2026-01-23") == 32)
        #expect(count(.unauthorised, "W100000000004", from.iso, "2026-01-23") == 10)
        #expect(count(.unauthorised, "W100000000005", from.iso, "2026-01-23") == 20)
    }

    @Test func calendarFromFile() {
        let y = r.calendar.year(2025)!
        #expect(y.terms.map(\.name) == ["Autumn", "Spring"])
        #expect(y.halfTerms.map(\.name) == ["Autumn 1", "Autumn 2", "Spring 1", "Spring 2"])
        #expect(r.calendar.currentHalfTerm(on: Fixture.day("2026-01-23"))?.name == "Spring 1")
        #expect(r.calendar.closures.count == 2)
    }

    /// The class counts of the store, for every pupil and many windows, against a plain scan
    /// of the mark codes.
    @Test func windowCountsMatchPlainScan() {
        let S = r.sessionCount
        for p in 0..<r.pupilCount {
            for a in stride(from: 0, to: S, by: 7) {
                for b in stride(from: a, through: S, by: 13) {
                    for c in MarkClass.allCases {
                        var expected = 0
                        for s in a..<b {
                            let raw = r.marks[p * S + s]
                            guard raw != 0, r.isOnRoll(p, on: r.calendar.days[s >> 1]) else { continue }
                            if c.includes(CodeTable.classByID[Int(raw)], raw: raw) { expected += 1 }
                        }
                        #expect(r.matrix(c).count(p, a, b) == expected)
                    }
                }
            }
        }
    }
}
