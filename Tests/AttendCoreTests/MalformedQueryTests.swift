import Testing
@testable import AttendCore

/// Malformed queries: each gives exactly one diagnostic with the right code, and the
/// rendered caret sits under the right text. Incomplete ones are `.incomplete`.
@Suite struct MalformedQueryTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        /// The caret line as rendered, without the two-space indent.
        var caret: String
        var code: String
        var incomplete = false
        /// Text the message or hint must contain.
        var says: String?
        /// The source line shown above the caret, when it is not the whole input.
        var shown: String?
        var testDescription: String { "\(code): \(input.prefix(60))" }
    }

    static let cases: [Case] = [
        // Misspellings, with suggestions.
        Case(input: "pupils where rat < 90% over term 1",
             caret: "             ^^^", code: "Q012", says: "did you mean `rate`?"),
        Case(input: "pupils where rat < 90%",
             caret: "             ^^^", code: "Q012", says: "did you mean `rate`?"),
        Case(input: "pupils where persistant over this year",
             caret: "             ^^^^^^^^^^", code: "Q012", says: "did you mean `persistent`?"),
        Case(input: "pupils where rate < 90% ovr term 1",
             caret: "                        ^^^", code: "Q015", says: "did you mean `over`?"),
        Case(input: "pupil where rate < 90%",
             caret: "^^^^^", code: "Q019", says: "did you mean `pupils`?"),
        Case(input: "shwo upn, rate for pupils",
             caret: "^^^^", code: "Q014", says: "did you mean `show`?"),
        Case(input: "rat by form",
             caret: "^^^", code: "Q012", says: "did you mean `rate`?"),
        Case(input: "pupils where lat >= 6 days",
             caret: "             ^^^", code: "Q012", says: "did you mean `late`?"),
        Case(input: "show upn, rat over this term for pupils",
             caret: "          ^^^", code: "Q012", says: "did you mean `rate`?"),
        Case(input: "set format jsn",
             caret: "           ^^^", code: "Q044", says: "did you mean `json`?"),
        Case(input: "set asof 2026-01-01",
             caret: "    ^^^^", code: "Q045", says: "did you mean `as-of`?"),
        Case(input: "pupils where rate < 90% over this yeer",
             caret: "                                  ^^^^", code: "Q036", says: "did you mean `year`?"),
        Case(input: "pupils where rate < 90% over half term 3",
             caret: "                             ^^^^", code: "Q036", says: "did you mean `half-term`?"),
        Case(input: "pupils where rate < 90% term 1",
             caret: "                        ^^^^", code: "Q015", says: "`over term`"),

        // Wrong tokens and misplaced parts.
        Case(input: "pupils where rate < 90% and fsm or pp",
             caret: "                                ^^", code: "Q027", says: "add brackets"),
        Case(input: "pupils where fsm or pp and rate < 90%",
             caret: "                       ^^^", code: "Q027"),
        Case(input: "pupils absent today pupils where fsm",
             caret: "                    ^^^^^^", code: "Q015", says: "separate statements with `;`"),
        Case(input: "rate by form pupils where fsm",
             caret: "             ^^^^^^", code: "Q015"),
        Case(input: "pupils where rate < 90% )",
             caret: "                        ^", code: "Q029"),
        Case(input: "pupils where rate == 90",
             caret: "                  ^^", code: "Q007", says: "write `=`"),
        Case(input: "pupils where fsm & pp",
             caret: "                 ^", code: "Q007", says: "write `and`"),
        Case(input: "pupils where rate \u{2264} 90%",
             caret: "                  ^", code: "Q007", says: "write `<=`"),
        Case(input: "pupils where rate",
             caret: "             ^^^^", code: "Q031", says: "rate < 90%"),
        Case(input: "pupils where late",
             caret: "             ^^^^", code: "Q031", says: "late >= 1"),
        Case(input: "pupils where fsm over this term",
             caret: "                 ^^^^^^^^^^^^^^", code: "Q041"),
        Case(input: "pupils where rate over term 1 < 90% over term 2",
             caret: "                                    ^^^^^^^^^^^", code: "Q040"),
        Case(input: "pupils where rate < 90% over term 1 over term 2",
             caret: "                                    ^^^^", code: "Q043"),
        Case(input: "pupils where rate < 90% today until 5 days ago",
             caret: "                              ^^^^^", code: "Q043"),
        Case(input: "pupils where rate < 90% sorted rate",
             caret: "                               ^^^^", code: "Q017", says: "expected `by`"),
        Case(input: "pupils limit 5 sorted by rate",
             caret: "               ^^^^^^", code: "Q018"),
        Case(input: "pupils where rate <= 90 limit 5 limit 6",
             caret: "                                ^^^^^", code: "Q018"),
        Case(input: "pupils where sessions coded G N O U > 0",
             caret: "                              ^", code: "Q034", says: "coded G, N, O, U"),
        Case(input: "pupils where sessions coded > 0",
             caret: "                            ^", code: "Q033"),
        Case(input: "pupils where rate < 90% in last ten weeks",
             caret: "                                ^^^", code: "Q038"),
        Case(input: "pupils where rate < 90% over term 1.5",
             caret: "                                  ^^^", code: "Q038"),
        Case(input: "pupils where (rate < 90% or fsm) over term 1",
             caret: "                                 ^^^^", code: "Q042"),
        Case(input: "pupils where persistent >= 10%",
             caret: "             ^^^^^^^^^^", code: "Q032"),
        Case(input: "explain let x = pupils",
             caret: "        ^^^", code: "Q016"),
        Case(input: "let pupils = pupils",
             caret: "    ^^^^^^", code: "Q022"),
        Case(input: "let x = concern where pp sorted by rate",
             caret: "                         ^^^^^^", code: "Q046"),
        Case(input: "pupils where year in 10",
             caret: "                     ^^", code: "Q017", says: "(10, 11)"),
        Case(input: "pupils in 10",
             caret: "          ^^", code: "Q017", says: "`year` or `form`"),
        Case(input: "pupils where fsm into out.csv",
             caret: "                      ^^^", code: "Q025"),
        Case(input: "count pupils where fsm letters using \"t.md\" into \"out\"",
             caret: "                       ^^^^^^^", code: "Q015"),

        // Bad literals.
        Case(input: "pupils where absent since 31/02/2026",
             caret: "                          ^^^^^^^^^^", code: "Q009"),
        Case(input: "pupils where rate < 90% between 2026-01-05 and 30 Feb 2026",
             caret: "                                               ^^^^^^^^^^^", code: "Q009"),
        Case(input: "set as-of 23/01/26",
             caret: "          ^^^^^^^^", code: "Q009"),
        Case(input: "pupils where rate < 99999999999999999999999%",
             caret: "                    ^^^^^^^^^^^^^^^^^^^^^^^", code: "Q008"),
        Case(input: "pupils where rate < 90% limit 99999999999999999999",
             caret: "                              ^^^^^^^^^^^^^^^^^^^^", code: "Q008"),
        Case(input: "pupils where rate < 90% over 2024/26",
             caret: "                             ^^^^^^^", code: "Q039"),
        Case(input: "pupils where rate < `rate",
             caret: "                    ^^^^^", code: "Q004"),
        Case(input: "pupils where ``",
             caret: "             ^^", code: "Q005"),
        Case(input: "pupils where rate < $",
             caret: "                    ^", code: "Q006"),
        Case(input: "pupils where \u{2603}",
             caret: "             ^", code: "Q001"),
        Case(input: "pupils where fsm\u{7} and pp",
             caret: "                ^", code: "Q002", says: "U+0007", shown: "pupils where fsm? and pp"),
        Case(input: "pupils where fsm\u{0}",
             caret: "                ^", code: "Q002", shown: "pupils where fsm?"),
        Case(input: "pupils where [fsm]",
             caret: "             ^", code: "Q001", says: "round brackets"),

        // Empty input and lone comments.
        Case(input: "", caret: "^", code: "Q013", shown: ""),
        Case(input: "# only a comment", caret: "^", code: "Q013", says: "only comments"),
        Case(input: "  -- a comment\n", caret: "^", code: "Q013", shown: "  -- a comment"),

        // Truncated: incomplete, for the REPL's continuation prompt.
        Case(input: "pupils where (rate < 90% or fsm",
             caret: "             ^", code: "Q028", incomplete: true),
        Case(input: "pupils where year in (10, 11",
             caret: "                     ^", code: "Q028", incomplete: true),
        Case(input: "pupils where rate <",
             caret: "                   ^", code: "Q030", incomplete: true),
        Case(input: "pupils where send is",
             caret: "                    ^", code: "Q030", incomplete: true),
        Case(input: "show upn, rate for",
             caret: "                  ^", code: "Q020", incomplete: true),
        Case(input: "show upn, rate",
             caret: "              ^", code: "Q024", incomplete: true),
        Case(input: "let concern =",
             caret: "             ^", code: "Q020", incomplete: true),
        Case(input: "print \"hello",
             caret: "      ^", code: "Q003", incomplete: true),
        Case(input: "pupils where form = \"10B",
             caret: "                    ^", code: "Q003", incomplete: true),
        Case(input: "pupils where rate < 90% and",
             caret: "                           ^", code: "Q026", incomplete: true),
        Case(input: "pupils where",
             caret: "            ^", code: "Q026", incomplete: true),
        Case(input: "pupils where not",
             caret: "                ^", code: "Q026", incomplete: true),
        Case(input: "pupils where (",
             caret: "              ^", code: "Q026", incomplete: true),
        Case(input: "pupils where rate < 90% over term",
             caret: "                                 ^", code: "Q038", incomplete: true),
        Case(input: "pupils where rate < 90% over",
             caret: "                            ^", code: "Q036", incomplete: true),
        Case(input: "pupils where rate < 90% over autumn",
             caret: "                                   ^", code: "Q017", incomplete: true),
        Case(input: "pupils where rate < 90% between 1 Jan 2026",
             caret: "                                          ^", code: "Q017", incomplete: true),
        Case(input: "pupils where rate < 90% since",
             caret: "                             ^", code: "Q037", incomplete: true),
        Case(input: "pupils where unauthorised >= 10 in last 10",
             caret: "                                          ^", code: "Q017", incomplete: true),
        Case(input: "pupils where unauthorised >= 10 in",
             caret: "                                  ^", code: "Q035", incomplete: true),
        Case(input: "pupils where rate < 90% over this year until 5 days",
             caret: "                                                   ^", code: "Q017", incomplete: true),
        Case(input: "pupils where sessions coded",
             caret: "                           ^", code: "Q033", incomplete: true),
        Case(input: "pupils where fsm limit",
             caret: "                      ^", code: "Q038", incomplete: true),
        Case(input: "pupils where fsm sorted by",
             caret: "                          ^", code: "Q023", incomplete: true),
        Case(input: "pupils where rate < 90% over this term\nand",
             caret: "   ^", code: "Q026", incomplete: true, shown: "and"),

        // A lone keyword of each kind.
        Case(input: "count", caret: "     ^", code: "Q020", incomplete: true),
        Case(input: "show", caret: "    ^", code: "Q023", incomplete: true),
        Case(input: "let", caret: "   ^", code: "Q021", incomplete: true),
        Case(input: "explain", caret: "       ^", code: "Q016", incomplete: true),
        Case(input: "print", caret: "     ^", code: "Q025", incomplete: true),
        Case(input: "param", caret: "     ^", code: "Q021", incomplete: true),
        Case(input: "set", caret: "   ^", code: "Q017", incomplete: true),
        Case(input: "format", caret: "      ^", code: "Q017", incomplete: true),
        Case(input: "pupil", caret: "     ^", code: "Q019", incomplete: true),
        Case(input: "all", caret: "   ^", code: "Q017", incomplete: true),
        Case(input: "summary by", caret: "          ^", code: "Q021", incomplete: true),
        Case(input: "rate", caret: "    ^", code: "Q017", incomplete: true),
        Case(input: "where", caret: "^^^^^", code: "Q014"),
        Case(input: "and", caret: "^^^", code: "Q014"),
        Case(input: "over this term", caret: "^^^^", code: "Q014"),
        Case(input: "persistent", caret: "^^^^^^^^^^", code: "Q014", says: "pupils where persistent"),
        Case(input: "90%", caret: "^^", code: "Q014"),
        Case(input: "param x = 5 + 3", caret: "            ^", code: "Q015"),
        Case(input: "param x = rate", caret: "          ^^^^", code: "Q030"),
    ]

    @Test(arguments: cases)
    func oneClearError(_ c: Case) throws {
        let outcome = Parser.parse(c.input)
        let diagnostics = outcome.diagnostics
        try #require(diagnostics.count == 1, "expected one diagnostic, got \(outcome)")
        let d = diagnostics[0]
        #expect(d.code.rawValue == c.code, "\(d)")
        #expect(d.severity == .error)
        #expect(d.hint != nil)
        if case .incomplete = outcome {
            #expect(c.incomplete, "unexpectedly incomplete: \(d)")
        } else {
            #expect(!c.incomplete, "expected incomplete: \(d)")
        }
        let rendered = DiagnosticRenderer(color: false).render(d)
        if let says = c.says {
            #expect(rendered.contains(says), "\(rendered)")
        }
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = c.shown ?? c.input
        let at = try #require(lines.firstIndex(of: "  " + shown), "source line not shown:\n\(rendered)")
        try #require(at + 1 < lines.count)
        #expect(lines[at + 1] == "  " + c.caret, "\n\(rendered)")
    }

    @Test func tenThousandNestedBrackets() throws {
        let text = "pupils where " + String(repeating: "(", count: 10_000) + "fsm" + String(repeating: ")", count: 10_000)
        let d = try #require(Parser.parse(text).diagnostics.first)
        #expect(Parser.parse(text).diagnostics.count == 1)
        #expect(d.code == "Q011")
        // The 101st bracket: 13 bytes of "pupils where " and 100 brackets before it.
        #expect(d.source?.span == 113..<114)
        #expect(DiagnosticRenderer(color: false).render(d).contains("^"))
    }

    @Test func tenThousandNots() throws {
        let text = "pupils where " + String(repeating: "not ", count: 10_000) + "fsm"
        let d = try #require(Parser.parse(text).diagnostics.first)
        #expect(d.code == "Q011")
        #expect(d.source?.span == (13 + 400)..<(13 + 403))
    }

    @Test func deepButAllowedNesting() {
        let text = "pupils where " + String(repeating: "(not ", count: 50) + "fsm" + String(repeating: ")", count: 50)
        #expect(parsed(text).count == 1)
    }

    @Test func veryLongStatement() throws {
        let text = "pupils where " + Array(repeating: "rate < 90%", count: 12_000).joined(separator: " and ")
        let outcome = Parser.parse(text)
        #expect(outcome.diagnostics.count == 1)
        let d = try #require(outcome.diagnostics.first)
        #expect(d.code == "Q010")
        #expect(d.source?.span == 0..<6)
        // A long word is no trouble either.
        let word = "pupils where " + String(repeating: "x", count: 200_000)
        #expect(Parser.parse(word).diagnostics.first?.code == "Q010")
        #expect(Parser.parse(String(repeating: "x", count: 200_000)).diagnostics.map(\.code) == ["Q010"])
        #expect(Parser.parse("print \"" + String(repeating: "x", count: 200_000) + "\"").diagnostics.map(\.code) == ["Q010"])
        // Many short statements are fine, however long the script.
        #expect(Parser.parse(String(repeating: "pupils where fsm\n", count: 10_000)).statements?.count == 10_000)
    }

    @Test func scriptErrorsCarryFileLineAndColumn() throws {
        let script = """
        pupils where fsm
        # a comment line
        pupils where rat < 90% over term 1
        count pupils by year
        show upn,
          rate over this term,
          forname surname for pupils
        """
        guard case .failed(let ds) = Parser.parse(script, file: "review.attend") else {
            Issue.record("expected failure"); return
        }
        #expect(ds.count == 2)
        #expect(ds.map(\.code) == ["Q012", "Q024"])
        #expect(ds[0].location?.description == "review.attend:3:14")
        #expect(ds[1].location?.description == "review.attend:7:11")
        let rendered = DiagnosticRenderer(color: false).render(ds[1])
        #expect(rendered == """
        review.attend:7:11: error[Q024]: expected `,` or `for` after a column of `show`, found `surname`
            forname surname for pupils
                    ^^^^^^^
          hint: separate columns with commas and end the list with `for PUPILS`: show upn, rate for pupils in year 10
        """)
    }

    @Test func oneErrorPerStatementThenRecovery() {
        let script = "pupils where rat < 90%; pupils where ((fsm\npupils absent today\nrate by"
        guard case .failed(let ds) = Parser.parse(script) else { Issue.record("expected failure"); return }
        #expect(ds.map(\.code) == ["Q012", "Q028", "Q021"])
    }

    /// Random input never traps or hangs, and always gives an outcome.
    @Test func fuzz() {
        let pieces = ["pupils", "where", "rate", "<", "90%", "over", "term", "1", "and", "or", "not", "(", ")", ",",
                      "coded", "#", "-", "/", "\\", "\"", "`", "$", "in", "last", "weeks", "between", "today", "show",
                      "for", "let", "=", "explain", "sorted", "by", "limit", "into", "\n", ";", "31/02/2026", "2024/25",
                      "99999999999999999999", "\u{7}", "☃", "any", "until", "days", "ago", "streak", "is", "empty",
                      "letters", "using", "summary", "count", "pupil", "--", "this", "year", "half-term", "+", "5"]
        var rng = SplitMix(seed: 42)
        for _ in 0..<3000 {
            let n = Int(rng.next() % 14)
            var text = ""
            for _ in 0..<n { text += pieces[Int(rng.next() % UInt64(pieces.count))] + (rng.next() % 3 == 0 ? "" : " ") }
            switch Parser.parse(text) {
            case .complete(let ss):
                for s in ss { _ = s.description }
            case .incomplete(let d):
                _ = DiagnosticRenderer(color: false).render(d)
            case .failed(let ds):
                #expect(!ds.isEmpty)
                _ = DiagnosticRenderer(color: false).render(ds)
            }
        }
        // Raw bytes too.
        for _ in 0..<500 {
            let bytes = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = Parser.parse(String(decoding: bytes, as: UTF8.self)).diagnostics
        }
    }
}

/// A small deterministic generator for the tests that draw random cases (the same cases on
/// every run, so a failure can be replayed).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Every malformed query, run as a user runs it (through the script runner on the worked
/// register), fails with exactly one rendered error carrying a caret, and the query exit status.
@Suite struct MalformedQueryExitStatusTests {
    @Test func everyMalformedQueryFailsWithOneCaretedErrorAndStatusOne() throws {
        let register = try Fixture.workedRegister()
        for c in MalformedQueryTests.cases {
            let session = Session(register: register, asOf: Fixture.day("2026-01-23"))
            let errors = ScriptRunnerTests.Capture()
            let runner = makeRunner(session, output: { errors.out.append($0) }, errors: { errors.err.append($0) })
            let status = try runner.run(text: c.input, file: nil)
            #expect(status == .queryError, "\(c.input.prefix(60)): \(status)")
            #expect(errors.err.count == 1, "\(c.input.prefix(60)): \(errors.err)")
            #expect(errors.err.first?.contains("^") == true || c.input.isEmpty || errors.err.first?.contains("error[Q013]") == true,
                    "\(c.input.prefix(60)): \(errors.err)")
            #expect(errors.out.isEmpty)
        }
    }
}
