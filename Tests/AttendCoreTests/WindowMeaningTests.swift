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
        "show upn, rate over this year, rate over this term for pupils where rate < 90%",
        "show upn, rate, absent for pupils where persistent over this term",
    ])
    func oneMeaningRuns(_ text: String) {
        let (status, err) = Self.run(text)
        #expect(status == .success, "\(text): \(err)")
    }
}
