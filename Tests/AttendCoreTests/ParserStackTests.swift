import Foundation
import Testing
@testable import AttendCore

/// The deepest input the parser accepts (100 brackets or `not`s) parses, dumps and
/// compares on a thread with a 512 KB stack, the size of a secondary thread on macOS, even
/// in a debug build. Too deep is an error (Q011), never a stack overflow.
@Suite struct ParserStackTests {
    final class Outcome: @unchecked Sendable {
        var results: [String] = []
    }

    static let deepest: [String] = [
        "pupils where " + String(repeating: "(", count: 100) + "rate over last half-term + 5% < 90% and fsm" + String(repeating: ")", count: 100),
        "pupils where " + String(repeating: "(fsm and ", count: 100) + "rate < 90% over term 1" + String(repeating: ")", count: 100),
        "pupils where " + String(repeating: "not ", count: 100) + "rate < 90% over term 1",
        "pupils where " + String(repeating: "not (", count: 50) + "persistent over this year or fsm" + String(repeating: ")", count: 50),
        "pupils where " + String(repeating: "(", count: 10_000) + "fsm",
    ]

    @Test func maximumNestingFitsA512KBStack() {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for text in ParserStackTests.deepest {
                let parsed = Parser.parse(text)
                let described = parsed.statements?.first?.description ?? parsed.diagnostics.map(\.code.rawValue).joined()
                outcome.results.append(parsed == parsed ? described : "unequal")
            }
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        #expect(outcome.results.count == 5)
        #expect(outcome.results.prefix(4).allSatisfy { $0.hasPrefix("(pupils (where") })
        #expect(outcome.results.last == "Q011")
    }
}
