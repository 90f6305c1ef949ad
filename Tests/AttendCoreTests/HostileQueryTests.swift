import Foundation
import Testing
@testable import AttendCore

/// Hostile queries through the whole pipeline (parse, bind, evaluate, render), as a script
/// runner and the prompt see them: depth and size limits are errors, never a stack
/// overflow; every keyword alone and every control character gives an error or a result,
/// quickly. MalformedQueryTests has the parser's own cases; these add what a user can
/// send through `attend run`, `-c` and the prompt.
@Suite struct HostileQueryTests {
    final class Capture: @unchecked Sendable {
        var out: [String] = []
        var err: [String] = []
        var status: AttendCore.ExitStatus?
    }

    static let worked: Register = try! Fixture.workedRegister()

    static func run(_ text: String, file: String? = "hostile.attend") -> Capture {
        let c = Capture()
        let session = Session(register: worked, asOf: Fixture.day("2026-01-23"))
        let runner = makeRunner(session, output: { c.out.append($0) }, errors: { c.err.append($0) })
        c.status = try! runner.run(text: text, file: file)   // never cancelled
        return c
    }

    /// Runs `body` on a thread with a 512 KB stack (a secondary thread's on macOS).
    /// 512 KB; four times that under ThreadSanitizer (scripts/sanitizers.sh sets
    /// TSAN_OPTIONS), whose instrumented frames are several times larger than a debug
    /// build's: the deepest sum at the deepest nesting overflowed 512 KB there only. The
    /// shipping build is never instrumented, and ASan runs the test at 512 KB.
    static let smallStack = (ProcessInfo.processInfo.environment["TSAN_OPTIONS"] == nil ? 1 : 4) * 512 * 1024

    static func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = smallStack
        thread.start()
        done.wait()
    }

    // MARK: Depth

    static let deep: [String] = [
        "pupils where " + String(repeating: "(", count: 10_000) + "fsm" + String(repeating: ")", count: 10_000),
        "pupils where " + String(repeating: "(", count: 10_000),
        "pupils where " + String(repeating: "not ", count: 10_000) + "fsm",
        "pupils where rate < " + String(repeating: "(", count: 10_000) + "90%" + String(repeating: ")", count: 10_000),
        "pupils where year in " + String(repeating: "(", count: 10_000) + "9" + String(repeating: ")", count: 10_000),
        "show upn, " + String(repeating: "(", count: 10_000) + "rate" + String(repeating: ")", count: 10_000) + " for pupils",
        "print " + String(repeating: "(", count: 10_000),
        "let x = " + String(repeating: "(", count: 10_000) + "pupils",
        String(repeating: "(", count: 10_000),
        String(repeating: ")", count: 10_000),
        // A sum nests a level per term: 4,000 terms (20 KB) segfaulted in the binder.
        "pupils where rate < 1%" + String(repeating: " + 1%", count: 4_000),
        "pupils where rate over this term" + String(repeating: " - rate over last term", count: 4_000) + " < 0%",
        "show upn, possible" + String(repeating: " + 1 day", count: 4_000) + " for pupils",
        "explain pupils where possible > 1" + String(repeating: " + 1", count: 4_000),
    ]

    @Test(arguments: deep.indices)
    func tenThousandNestedBracketsAreAnErrorNotAStackOverflow(_ i: Int) {
        let text = Self.deep[i]
        let start = ContinuousClock.now
        // The prompt asks Parser.parse whether to wait for more lines: never for these.
        let outcome = Parser.parse(text)
        if case .incomplete(let d) = outcome { Issue.record("the prompt would wait for more: \(d)") }
        #expect(outcome.diagnostics.count == 1)
        let c = Self.run(text)
        #expect(c.status == .queryError)
        #expect(c.err.count == 1)
        #expect(c.err.first?.hasPrefix("hostile.attend:1:") == true, "\(c.err)")
        #expect(c.out.isEmpty)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    /// The deepest nesting the parser accepts (100) goes through the binder, the evaluator
    /// and explain on a thread with a 512 KB stack (a secondary thread's on macOS), even in
    /// a debug build, whose frames are largest.
    static let deepest: [String] = [
        "pupils where " + String(repeating: "(", count: 100) + "rate over last half-term + 5% < 90% and fsm" + String(repeating: ")", count: 100),
        "pupils where " + String(repeating: "not ", count: 100) + "rate < 90% over term 1",
        "pupils where " + String(repeating: "(fsm or ", count: 100) + "rate < 90% over term 1" + String(repeating: ")", count: 100),
        "pupils where " + String(repeating: "(fsm and not ", count: 50) + "persistent over this year" + String(repeating: ")", count: 50),
        // The longest sum (100 terms) at the deepest nesting.
        "pupils where " + String(repeating: "(", count: 100) + "rate over last half-term" + String(repeating: " + 0.1%", count: 99) + " < 90%" + String(repeating: ")", count: 100),
        "pupils where " + String(repeating: "not ", count: 100) + "rate over this term" + String(repeating: " - rate over last term", count: 99) + " < 0%",
    ]

    // MARK: Arithmetic

    /// Numbers a user writes are checked: more than 18 digits is Q008 (which says 18), a
    /// sum or a conversion too large for exact arithmetic is Q124 with a caret. They trapped
    /// ("arithmetic overflow", exit 132) before.
    static let overflowing: [(text: String, code: String, caret: String)] = [
        ("pupils where possible > 5000000000000000000 days", "Q008", "^^^^^^^^^^^^^^^^^^^"),
        ("pupils where possible > 1234567890123456789", "Q008", "^^^^^^^^^^^^^^^^^^^"),
        ("pupils where rate < 0.0000000000000000001%", "Q008", "^^^^^^^^^^^^^^^^^^^^^"),
        ("pupils where possible > " + Array(repeating: "999999999999999999", count: 10).joined(separator: " + "), "Q124", "^"),
        ("pupils where possible < " + Array(repeating: "-999999999999999999", count: 10).joined(separator: " - "), "Q124", "^"),
        ("pupils where possible > 999999999999999999 days + 999999999999999999 days + 999999999999999999 days", "Q124", "^"),
        ("pupils where rate < 0.000000000000000001% + 90%", "Q124", "^"),
        ("pupils where rate < 0.0000000000000000001%", "Q008", "^"),
    ]

    @Test(arguments: overflowing.indices)
    func userNumbersNeverOverflow(_ i: Int) {
        let (text, code, caret) = Self.overflowing[i]
        for t in [text, "explain " + text] {
            let c = Self.run(t)
            #expect(c.status == .queryError, "\(t)")
            let e = c.err.first ?? ""
            #expect(e.hasPrefix("hostile.attend:1:") && e.contains("error[\(code)]"), "\(e)")
            #expect(e.contains(caret))
            if code == "Q008" { #expect(e.contains("numbers may have up to 18 digits")) }
        }
    }

    /// The largest numbers allowed still work, exactly.
    @Test func eighteenDigitsWork() {
        for text in ["pupils where possible > 999999999999999999 days", "pupils where possible < 999999999999999999 + 999999999999999999",
                     "pupils where rate < 0.00000001% + 90%", "pupils where rate over this term - rate over last term > -100%",
                     "pupils where rate over this term + rate over last term < 0.000000000000000001%",
                     "pupils where (" + String(repeating: "(", count: 48) + "rate" + String(repeating: " + 1%", count: 50) + " > 90%" + String(repeating: ")", count: 49)] {
            let c = Self.run(text)
            #expect(c.status == .success, "\(text): \(c.err)")
        }
    }

    @Test func theDeepestAllowedNestingRunsOnASmallStack() {
        final class Results: @unchecked Sendable { var lines: [String] = [] }
        let results = Results()
        Self.onSmallStack {
            for t in Self.deepest {
                for text in [t, "explain " + t, "count " + t] {
                    let c = Self.run(text)
                    results.lines.append("\(c.status.map { "\($0)" } ?? "nil") \(c.err.first { $0.contains("error[") }?.prefix(60) ?? "")")
                }
            }
        }
        #expect(results.lines.count == Self.deepest.count * 3)
        for l in results.lines { #expect(l.hasPrefix("success "), "\(l)") }
    }

    // MARK: Size

    @Test func aOneMegabyteStatementIsRefusedQuickly() {
        let start = ContinuousClock.now
        let long = "pupils where " + Array(repeating: "rate < 90%", count: 80_000).joined(separator: " and ")
        #expect(long.utf8.count > 1_000_000)
        let c = Self.run(long)
        #expect(c.status == .queryError)
        #expect(c.err.count == 1)
        #expect(c.err.first?.hasPrefix("hostile.attend:1:1: error[Q010]: ") == true, "\(c.err.first ?? "")")
        // The message shows a line of the statement, not a megabyte of it.
        #expect((c.err.first?.utf8.count ?? 0) < 2_000)
        // One word a megabyte long, and a megabyte-long string.
        for text in [String(repeating: "x", count: 1_048_576), "print \"" + String(repeating: "x", count: 1_048_576) + "\""] {
            let d = Self.run(text)
            #expect(d.status == .queryError)
            #expect(d.err.first?.contains("error[Q010]") == true)
            #expect((d.err.first?.utf8.count ?? 0) < 2_000)
        }
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func aOneMegabyteScriptOfCommentsAndAStatement() {
        let text = String(repeating: "# a comment line that goes on and on for a while, to make a long script\n", count: 15_000) + "count pupils\n"
        #expect(text.utf8.count > 1_000_000)
        let c = Self.run(text)
        #expect(c.status == .success)
        #expect(c.out.count == 2)   // the as-of line and the count
    }

    @Test func textOverSixteenMegabytesIsRefusedWhole() {
        let text = String(repeating: "count pupils\n", count: 1_300_000)
        #expect(text.utf8.count > Parser.maxInputBytes)
        let c = Self.run(text)
        #expect(c.status == .queryError)
        #expect(c.err.first?.contains("error[Q010]") == true)
    }

    // MARK: Every keyword alone

    static let keywords: [String] = {
        var words = Vocabulary.allKeywords + Vocabulary.statementWords + Array(Vocabulary.reserved) + Vocabulary.formats
            + Vocabulary.settings + Vocabulary.periodWords + Array(Vocabulary.months.keys) + Vocabulary.predicates
        words += ["explain", "letters", "using", "into", "param", "print", "half-term", "any", "empty", "codes", "summary"]
        var seen = Set<String>()
        return words.filter { seen.insert($0).inserted }.sorted()
    }()

    @Test(arguments: keywords)
    func everyKeywordAlone(_ word: String) {
        for text in [word, word.uppercased(), word + ";", word + " " + word] {
            let c = Self.run(text)
            switch c.status {
            case .success?:
                // A statement by itself (`pupils`, `summary`, `codes`…) runs.
                #expect(c.err.allSatisfy { !$0.contains("error[") }, "\(c.err)")
            case .queryError?:
                #expect(c.err.count == 1, "\(text): \(c.err)")
                let e = c.err.first ?? ""
                #expect(e.hasPrefix("hostile.attend:1:"), "\(e)")
                #expect(e.contains("error[Q") || e.contains("error[S"), "\(e)")
                #expect(e.contains("hint: "), "no hint for \(text): \(e)")
            default:
                Issue.record("\(text): \(String(describing: c.status)) \(c.err)")
            }
        }
    }

    // MARK: Control characters

    static let controls: [UInt32] = {
        let c0: [UInt32] = Array(0..<32).filter { $0 != 9 && $0 != 10 && $0 != 13 }
        return c0 + [0x7F, 0x85, 0x9B, 0x202A, 0x202E, 0x2066, 0x2069]
    }()

    @Test(arguments: controls)
    func controlCharactersAreAnErrorAndNeverReachTheTerminal(_ value: UInt32) {
        let ch = String(Character(Unicode.Scalar(value)!))
        for text in ["pupils where fsm" + ch + " and pp", ch + "count pupils", "print \"a" + ch + "b\"", "pupils where form = `9" + ch + "A`"] {
            let c = Self.run(text)
            // A control character inside quotes may be accepted as text; anywhere else it
            // is an error. Either way nothing sent to the terminal carries one raw.
            if c.status != .success {
                #expect(c.status == .queryError)
                #expect(c.err.count == 1, "\(c.err)")
            }
            for line in c.err + c.out {
                for s in line.unicodeScalars {
                    #expect(s == "\n" || (s.value >= 32 && s.value != 127 && !(0x80..<0xA0).contains(s.value)
                                          && !Lexer.isBidiControl(s.value)),
                            "U+\(String(value, radix: 16)) reached the output in \(text.debugDescription): \(line.debugDescription)")
                }
            }
        }
    }
}
