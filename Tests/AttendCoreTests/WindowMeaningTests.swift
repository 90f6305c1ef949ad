import Testing
@testable import AttendCore

/// One window per sentence: conditions joined by `and`/`or`, and the columns of `show`,
/// whose measures are windowed in some parts and not others are refused (Q125) with both
/// readings in the hint, in a query and in `explain`. Before, the bare part silently meant
/// `this year`: `rate >= 90% and rate < 95% this term` listed a pupil at 89.4 this term.
@Suite struct WindowMeaningTests {
    static func run(_ text: String) -> (AttendCore.ExitStatus, [String]) {
        final class Lines: @unchecked Sendable { var err: [String] = [] }
        let lines = Lines()
        let session = Session(register: try! Fixture.workedRegister(), asOf: Fixture.day("2026-01-23"))
        let runner = makeRunner(session, output: { _ in }, errors: { lines.err.append($0) })
        return ((try? runner.run(text: text, file: "w.attend")) ?? .queryError, lines.err)
    }

    @Test func aBareMeasureBesideAWindowedOneIsRefused() {
        for prefix in ["", "explain ", "count "] {
            let (status, err) = Self.run(prefix + "pupils where rate >= 90% and rate < 95% this term")
            #expect(status == .queryError)
            let e = err.joined(separator: "\n")
            #expect(e.contains("error[Q125]: `rate >= 90%` has no window, but `rate < 95% this term` has one"), "\(e)")
            #expect(e.contains("hint: write `rate >= 90% this term and rate < 95% this term` for one window throughout, or `rate >= 90% this year and rate < 95% this term` for what it means as written"), "\(e)")
        }
    }

    @Test(arguments: [
        "pupils where persistent or unauthorised >= 10 in last 10 weeks",
        "pupils where (rate < 90% or fsm) and absent over this term",
        "pupils where not persistent over this term and rate < 95%",
        "let c = pupils where rate < 90% and rate > 80% over term 1",
        "show upn, rate, rate over this term for pupils",
        "show upn, absent over last week, unauthorised for pupils where fsm",
        // Across the clauses of one statement: the list is chosen on the year, the columns
        // show term 1 (or the other way round), or the sort key silently means this year.
        "show upn, rate over this year, rate over this term for pupils where rate < 90%",
        "show upn, rate, absent for pupils where persistent over this term",
        "show upn, rate over term 1 for pupils where rate < 80%",
        "pupils where unauthorised >= 5 over term 1 sorted by rate",
        "pupils where unauthorised >= 5 sorted by rate over term 1",
        "show upn, rate for pupils sorted by unauthorised over this term",
    ])
    func otherShapesAreRefusedToo(_ text: String) {
        let (status, err) = Self.run(text)
        #expect(status == .queryError)
        #expect(err.first?.contains("error[Q125]") == true, "\(err)")
    }

    @Test(arguments: [
        "pupils where rate >= 90% this term and rate < 95% this term",
        "pupils where rate >= 90% and rate < 95%",
        "pupils where rate >= 90% this year and rate < 95% this term",
        "pupils where rate over this term < rate and fsm",
        "pupils where fsm and rate < 95% this term",
        "show upn, rate over this year, rate over this term for pupils where rate < 90% over this year",
        "show upn, rate this term, absent this term for pupils where persistent over this term",
        // A sort key without a window that names a column the statement has sorts by it.
        "pupils where rate < 90% over term 1 sorted by rate",
        "show upn, rate over term 1 for pupils where rate < 80% over term 1 sorted by rate desc",
        "pupils where unauthorised >= 5 over term 1 sorted by rate over term 1",
        "show upn, rate for pupils where fsm sorted by unauthorised",
        // A projection runs over the whole year whatever is beside it; it takes no window.
        "show upn, sessions needed, rate over this term for pupils where rate < 95% over this term sorted by projected rate",
        "pupils where at risk and rate < 95% over this term",
    ])
    func oneMeaningRuns(_ text: String) {
        let (status, err) = Self.run(text)
        #expect(status == .success, "\(text): \(err)")
    }

    /// The hint across clauses writes the statement out both ways, the sort key included.
    @Test func theHintAcrossClausesGivesBothReadings() {
        let (status, err) = Self.run("pupils where unauthorised >= 5 over term 1 sorted by rate")
        #expect(status == .queryError)
        let e = err.joined(separator: "\n")
        #expect(e.contains("error[Q125]: `rate` has no window, but `unauthorised >= 5 over term 1` has one: in one statement (its columns, conditions and sort keys)"), "\(e)")
        #expect(e.contains("hint: write `unauthorised >= 5 over term 1 sorted by rate over term 1` for one window throughout, or `unauthorised >= 5 over term 1 sorted by rate this year` for what it means as written"), "\(e)")
    }
}
