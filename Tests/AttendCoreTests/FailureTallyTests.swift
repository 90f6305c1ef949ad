import Testing
@testable import AttendCore

/// The one rule for a run of several steps (FailureTally): the first failure's status, and a
/// stop there unless the run keeps going. `attend run`, the statements of one text, piped
/// input and `.read` all use it.
@Suite struct FailureTallyTests {
    /// Whether the run goes on after each step, and the run's status.
    func run(_ steps: [AttendCore.ExitStatus], keepGoing: Bool) -> ([Bool], AttendCore.ExitStatus) {
        var t = FailureTally(keepGoing: keepGoing)
        let goesOn = steps.map { t.record($0) }
        return (goesOn, t.status)
    }

    @Test func theRunStopsAtTheFirstFailureAndTakesItsStatus() {
        let (goesOn, status) = run([.success, .queryError], keepGoing: false)
        #expect(goesOn == [true, false])
        #expect(status == .queryError)
    }

    @Test func keepingGoingTheFirstFailureStillDecidesTheStatus() {
        let (goesOn, status) = run([.queryError, .ioError, .success], keepGoing: true)
        #expect(goesOn == [true, true, true])
        #expect(status == .queryError)
    }

    @Test func aRunWithNoFailureSucceeds() {
        let (goesOn, status) = run([.success, .success, .success], keepGoing: false)
        #expect(goesOn == [true, true, true])
        #expect(status == .success)
    }
}
