import Testing
@testable import AttendCore

/// The one rule for a run of several steps (FailureTally): the first failure's status, and a
/// stop there unless the run keeps going. `attend run`, the statements of one text, piped
/// input and `.read` all use it.
@Suite struct FailureTallyTests {
    @Test func theRunStopsAtTheFirstFailureAndTakesItsStatus() {
        var t = FailureTally(keepGoing: false)
        #expect(t.record(.success))
        #expect(!t.record(.queryError))
        #expect(t.status == .queryError)
    }

    @Test func keepingGoingTheFirstFailureStillDecidesTheStatus() {
        var t = FailureTally(keepGoing: true)
        #expect(t.record(.queryError))
        #expect(t.record(.ioError))
        #expect(t.record(.success))
        #expect(t.status == .queryError)
    }

    @Test func aRunWithNoFailureSucceeds() {
        var t = FailureTally(keepGoing: false)
        for _ in 0..<3 { #expect(t.record(.success)) }
        #expect(t.status == .success)
    }
}
