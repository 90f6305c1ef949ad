import Testing
@testable import AttendCore

/// Every acceptance example of spec/language.md runs on the demo register, as one script
/// (so `let concern` is there for `concern where pp`), and gives a result, not an error.
@Suite struct AcceptanceExampleTests {
    /// The acceptance examples, from Tests/Fixtures/acceptance-examples.txt (one per paragraph).
    static let examples: [String] = {
        let text = (try? FileBytes(path: Fixture.testsDirectory + "/Fixtures/acceptance-examples.txt").withBytes { String(decoding: $0, as: UTF8.self) }) ?? ""
        return text.split(separator: "\n\n").map(String.init).filter { !$0.hasPrefix("#") }
            .map { $0.hasSuffix("\n") ? String($0.dropLast()) : $0 }
    }()

    @Test(arguments: ["2026-07-22", "2026-03-20", "2026-01-23", "2025-09-10"])
    func allExamplesRunOnTheDemoRegister(_ asOf: String) throws {
        let r = try GoldenFile.session("demo", asOf: nil).register
        let session = Session(register: r, asOf: Fixture.day(asOf))
        var statements = 0, results = 0, refusals = 0
        for text in Self.examples {
            guard case .complete(let parsed) = Parser.parse(text) else {
                Issue.record("did not parse: \(text)")
                continue
            }
            for s in parsed {
                statements += 1
                do {
                    if case .result = try session.run(s) { results += 1 } else { Issue.record("\(text) as of \(asOf): no result") }
                } catch {
                    // The one refusal allowed: on 10 September there is no last half-term yet,
                    // and a statement over `last half-term` says so (Q122) rather than guess.
                    if asOf == "2025-09-10" && (error as? Diagnostic)?.code == "Q122" { refusals += 1; continue }
                    Issue.record("\(text) as of \(asOf): \(error)")
                }
            }
        }
        // Every statement gives a result, or (early in the year only) the refusal above.
        #expect(results + refusals == statements)
        if asOf != "2025-09-10" { #expect(refusals == 0) }
    }

    /// The demo register answers the headline question with pupils who really qualify:
    /// checked against a plain scan of their marks.
    @Test func headlineAnswerMatchesAPlainScan() throws {
        let r = try GoldenFile.session("demo", asOf: nil).register
        let session = Session(register: r, asOf: Fixture.day("2026-03-20"))
        guard case .complete(let st) = Parser.parse("pupils where rate < 90% over term 1 and unauthorised >= 10 in last 10 weeks"),
              case .result(let t, _) = try session.run(st[0]) else { Issue.record("no result"); return }
        let term1 = r.calendar.sessionRange(from: Fixture.day("2025-09-03"), through: Fixture.day("2025-12-19"))
        let weeks = r.calendar.lastSchoolWeeks(10, through: Fixture.day("2026-03-20"))
        let windowStart = weeks.first!.days.lowerBound * 2
        let windowEnd = r.calendar.sessionRange(from: Fixture.day("2026-03-20"), through: Fixture.day("2026-03-20")).upperBound
        var expected: [Int] = []
        for p in 0..<r.pupilCount where r.isOnRoll(p, on: Fixture.day("2026-03-20")) {
            var possible = 0, attended = 0, unauth = 0
            for s in term1 where r.isOnRoll(p, on: r.calendar.days[s >> 1]) {
                let c = r.code(p, s)
                guard c != .none else { continue }
                if c.info.counts.isPossible { possible += 1 }
                if c.info.counts.isAttended { attended += 1 }
            }
            for s in windowStart..<windowEnd where r.isOnRoll(p, on: r.calendar.days[s >> 1]) {
                let c = r.code(p, s)
                if c != .none && c.info.counts == .unauthorised { unauth += 1 }
            }
            if possible > 0 && attended * 100 < 90 * possible && unauth >= 10 { expected.append(p) }
        }
        #expect(Set(t.pupils ?? []) == Set(expected))
        #expect(!expected.isEmpty)
    }
}
