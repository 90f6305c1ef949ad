import Testing
@testable import AttendCore

/// The casework statements and measures as the parser reads them (SyntaxDump), and the log
/// following a reloaded register.
@Suite struct CaseworkSyntaxTests {
    static func dump(_ text: String) -> String {
        guard case .complete(let ss) = Parser.parse(text), ss.count == 1 else { return "not parsed: \(Parser.parse(text).diagnostics)" }
        return ss[0].description
    }

    @Test(arguments: [
        ("record meeting for A880007000021 on 3 Mar 2026 by \"JS\" note \"targets\"",
         "(record meeting (for A880007000021) (on 2026-03-03) (by \"JS\") (note \"targets\"))"),
        ("record home-visit for $upn on today by \"FLO\"", "(record home-visit (for $upn) (on today) (by \"FLO\"))"),
        ("actions for pupil A880007000021 in last 12 months", "(actions (in-last 12 months) (for-pupil A880007000021))"),
        ("actions over this term for pupils in year 7 sorted by date desc limit 5",
         "(actions (over this term) (for (pupils (year 7))) (sorted (desc date)) (limit 5))"),
        ("count actions by action in last 3 years", "(count-actions-by-action (in-last 3 years))"),
        ("pupils where no meeting in last 20 days", "(pupils (where (= (actions-count meeting (in-last 20 days)) 0)))"),
        ("pupils where home-visit in last 6 weeks", "(pupils (where (>= (actions-count home-visit (in-last 6 weeks)) 1)))"),
        ("pupils where penalty-notice in last 3 years >= 2", "(pupils (where (>= (actions-count penalty-notice (in-last 3 years)) 2)))"),
        ("pupils where actions over this term = 0", "(pupils (where (= (actions-count any (over this term)) 0)))"),
        ("show last action, days since last action, next step for pupils",
         "(show (columns (last-action) (days-since-last-action) (next-step)) (for (pupils)))"),
        // `in last N weeks` after a measure of the register stays school weeks.
        ("pupils where unauthorised >= 10 in last 10 weeks and no call in last 2 weeks",
         "(pupils (where (and (>= (unauthorised) 10 (in-last 10 weeks)) (= (actions-count call (in-last 2 weeks)) 0))))"),
    ])
    func parses(_ text: String, _ expected: String) {
        #expect(Self.dump(text) == expected)
    }

    @Test func theLogFollowsAReloadedRegisterByUPN() throws {
        let r = try Fixture.workedRegister()
        let ben = r.pupils.index(ofUPN: "W100000000002")!
        let log = ActionLog(entries: [ActionEntry(date: Fixture.day("2026-01-12"), pupil: ben, upn: "W100000000002", action: .call, by: "", note: ""),
                                      ActionEntry(date: Fixture.day("2026-01-13"), pupil: 0, upn: "W100000000001", action: .call, by: "", note: "")])
        // The same pupils in another order, one of them gone.
        let reordered = try Fixture.register(pupils: "upn,forename,surname,year\nW100000000009,New,Pupil,9\nW100000000002,Ben,Mondays,9\n",
                                             marks: "upn,date,session,mark\nW100000000002,2026-01-12,AM,/\n")
        let moved = log.reindexed(for: reordered.pupils)
        #expect(moved.entries.count == 1)
        #expect(moved.entries(for: 1).map(\.upn) == ["W100000000002"])
        #expect(moved.entries(for: 0).isEmpty)
    }
}
