import Testing
@testable import AttendCore

/// The acceptance examples of language.md, verbatim with their comments.
let acceptanceExamples = """
pupils where rate < 90% over term 1 and unauthorised >= 10 in last 10 weeks
pupils where persistent over this year              # absence >= 10% of possible sessions
pupils where severe over this year                  # absence >= 50%
pupils in year 9 where rate < 95% over this half-term
pupils where unauthorised >= 10 in last 10 weeks    # penalty notice threshold (G N O U)
pupils where unauthorised >= 10 in any 10 weeks over this year
pupils where unauthorised streak >= 10 days         # continuous unauthorised absence: tell the LA
pupils where days coded I >= 15 over this year      # sickness: tell the LA
pupils where sessions coded N > 0 over this year until 5 days ago  # N codes unresolved after 5 school days
pupils where sessions coded N > 0 today             # first-day calling list, with contacts
pupils absent today
pupils where late >= 6 over this half-term
pupils where minutes late >= 60 over this half-term  # from marks.csv minutes_late, when present
pupils where streak coded I > 5 days over this term  # ask for medical evidence (policy 4.2)
pupils where sessions coded C2 > 0 over this term   # part-time timetables
pupils where send = E and rate over this half-term < rate over last half-term
pupils where rate over this half-term >= rate over last half-term + 5%   # improved: celebrate
pupils where band = "lower amber" over this term    # bands from the school's policy
pupils where fsm and persistent over this year
count pupils where persistent over this year by year
rate by form over this term sorted by rate
summary by send over this year        # possible, present, AEA, auth, unauth, rate, PA count and %
absence by weekday over this term     # Monday/Friday patterns
codes over this term                  # how often each code was used
pupil A880007000021                   # one pupil: half-term rates, codes, a week-by-week grid
show upn, forename, surname, form, rate over this term, unauthorised over this term
  for pupils in year 10 where rate < 95% over this term sorted by rate limit 20
let concern = pupils where rate < 90% over this term
concern where pp
explain pupils where rate < 90% over term 1 and unauthorised >= 10 in last 10 weeks
"""

/// Parses text that must be complete; records an issue and returns [] otherwise.
func parsed(_ text: String, file: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Statement] {
    switch Parser.parse(text, file: file) {
    case .complete(let statements):
        return statements
    case .incomplete(let d):
        Issue.record("incomplete: \(d)", sourceLocation: sourceLocation)
    case .failed(let ds):
        Issue.record("failed: \(DiagnosticList(ds))", sourceLocation: sourceLocation)
    }
    return []
}

/// The S-expression of a single statement.
func dump(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let statements = parsed(text, sourceLocation: sourceLocation)
    #expect(statements.count == 1, sourceLocation: sourceLocation)
    return statements.first?.description ?? ""
}

/// The statement text under a span.
func slice(_ s: Statement, _ span: Range<Int>) -> String {
    String(decoding: Array(s.text.utf8)[span], as: UTF8.self)
}

@Suite struct ParserTests {
    // MARK: Acceptance examples

    @Test func everyAcceptanceExampleParsesAsOneScript() {
        let statements = parsed(acceptanceExamples, file: "review.attend")
        #expect(statements.count == 29)
        // The show statement spans two lines and keeps its comment-free text.
        let show = statements[25]
        #expect(show.line == 26 && show.column == 1)
        #expect(show.text.hasSuffix("sorted by rate limit 20"))
        #expect(statements[27].line == 29)
    }

    @Test(arguments: acceptanceExamples.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("  for") && !$0.hasPrefix("show") })
    func eachAcceptanceLineParsesAlone(_ line: String) {
        #expect(parsed(line).count == 1)
    }

    struct DumpCase: CustomTestStringConvertible, Sendable {
        var query: String
        var dump: String
        var testDescription: String { query }
    }

    static let dumps: [DumpCase] = [
        // A window binds to the comparison it ends.
        .init(query: "pupils where rate < 90% over term 1 and unauthorised >= 10 in last 10 weeks",
              dump: "(pupils (where (and (< (rate) 90% (over term 1)) (>= (unauthorised) 10 (in-last 10 weeks)))))"),
        .init(query: "pupils where persistent over this year              # absence >= 10% of possible sessions",
              dump: "(pupils (where (persistent (over this year))))"),
        .init(query: "pupils in year 9 where rate < 95% over this half-term",
              dump: "(pupils (year 9) (where (< (rate) 95% (over this half-term))))"),
        .init(query: "pupils where unauthorised >= 10 in any 10 weeks over this year",
              dump: "(pupils (where (>= (unauthorised) 10 (in-any 10 weeks (over this year)))))"),
        .init(query: "pupils where unauthorised streak >= 10 days         # continuous unauthorised absence: tell the LA",
              dump: "(pupils (where (>= (streak unauthorised) (10 days))))"),
        .init(query: "pupils where sessions coded N > 0 over this year until 5 days ago  # N codes unresolved after 5 school days",
              dump: "(pupils (where (> (sessions-coded N) 0 (over this year (until 5 days-ago)))))"),
        .init(query: "pupils where sessions coded N > 0 today             # first-day calling list, with contacts",
              dump: "(pupils (where (> (sessions-coded N) 0 (today))))"),
        // A predicate straight after `pupils` is the same as `pupils where …`.
        .init(query: "pupils absent today", dump: "(pupils (where (absent (today))))"),
        .init(query: "pupils where minutes late >= 60 over this half-term  # from marks.csv minutes_late, when present",
              dump: "(pupils (where (>= (minutes-late) 60 (over this half-term))))"),
        .init(query: "pupils where streak coded I > 5 days over this term  # ask for medical evidence (policy 4.2)",
              dump: "(pupils (where (> (streak-coded I) (5 days) (over this term))))"),
        .init(query: "pupils where sessions coded C2 > 0 over this term   # part-time timetables",
              dump: "(pupils (where (> (sessions-coded C2) 0 (over this term))))"),
        // Per-operand windows; the last one ends the comparison and reaches the right `rate`.
        .init(query: "pupils where send = E and rate over this half-term < rate over last half-term",
              dump: "(pupils (where (and (= send 'E) (< (rate (over this half-term)) (rate) (over last half-term)))))"),
        // With arithmetic after it, the window stays with its measure.
        .init(query: "pupils where rate over this half-term >= rate over last half-term + 5%   # improved: celebrate",
              dump: "(pupils (where (>= (rate (over this half-term)) (+ (rate (over last half-term)) 5%))))"),
        .init(query: "pupils where band = \"lower amber\" over this term    # bands from the school's policy",
              dump: "(pupils (where (= (band) \"lower amber\" (over this term))))"),
        .init(query: "pupils where fsm and persistent over this year",
              dump: "(pupils (where (and (flag fsm) (persistent (over this year)))))"),
        .init(query: "count pupils where persistent over this year by year",
              dump: "(count (pupils (where (persistent (over this year)))) (by year))"),
        .init(query: "rate by form over this term sorted by rate",
              dump: "(grouped (rate (over this term)) (by form) (sorted (rate)))"),
        .init(query: "summary by send over this year        # possible, present, AEA, auth, unauth, rate, PA count and %",
              dump: "(summary (by send) (over this year))"),
        .init(query: "absence by weekday over this term     # Monday/Friday patterns",
              dump: "(grouped (absence (over this term)) (by weekday))"),
        .init(query: "codes over this term                  # how often each code was used",
              dump: "(codes (over this term))"),
        .init(query: "pupil A880007000021                   # one pupil: half-term rates, codes, a week-by-week grid",
              dump: "(pupil A880007000021)"),
        .init(query: "show upn, forename, surname, form, rate over this term, unauthorised over this term\n  for pupils in year 10 where rate < 95% over this term sorted by rate limit 20",
              dump: "(show (columns upn forename surname form (rate (over this term)) (unauthorised (over this term))) (for (pupils (year 10) (where (< (rate) 95% (over this term))))) (sorted (rate)) (limit 20))"),
        .init(query: "let concern = pupils where rate < 90% over this term",
              dump: "(let concern (pupils (where (< (rate) 90% (over this term)))))"),
        .init(query: "concern where pp", dump: "(cohort concern (where (flag pp)))"),
        .init(query: "explain pupils where rate < 90% over term 1 and unauthorised >= 10 in last 10 weeks",
              dump: "(explain (pupils (where (and (< (rate) 90% (over term 1)) (>= (unauthorised) 10 (in-last 10 weeks))))))"),
        // `and` inside `between … and …` is not a logical and.
        .init(query: "pupils where unauthorised > 2 between 5 Jan 2026 and 2026-03-20 and fsm",
              dump: "(pupils (where (and (> (unauthorised) 2 (between 2026-01-05 2026-03-20)) (flag fsm))))"),
        // Punctuation codes, with `#` a code (not a comment) in a code list.
        .init(query: "pupils where sessions coded /, \\, #, - > 0 over this term  # a comment",
              dump: "(pupils (where (> (sessions-coded / \\ # -) 0 (over this term))))"),
        .init(query: "pupils where sessions coded \"#\" > 0 and days coded i >= 2",
              dump: "(pupils (where (and (> (sessions-coded #) 0) (>= (days-coded I) 2))))"),
    ]

    @Test(arguments: dumps)
    func treeDump(_ c: DumpCase) {
        #expect(dump(c.query) == c.dump)
    }

    // MARK: Grammar details

    @Test func conditions() {
        #expect(dump("pupils where (rate < 90% over term 1 or persistent over this year) and not fsm")
            == "(pupils (where (and (or (< (rate) 90% (over term 1)) (persistent (over this year))) (not (flag fsm)))))")
        #expect(dump("pupils where not fsm and pp") == "(pupils (where (and (not (flag fsm)) (flag pp))))")
        #expect(dump("pupils where year in (10, 11) and form = 10B and contact_email is empty")
            == "(pupils (where (and (in year (10 11)) (= form '10B) (is-empty contact_email))))")
        #expect(dump("pupils where form not in (\"10A\", 10B) and send is not E and contact_email is not empty")
            == "(pupils (where (and (not-in form (\"10A\" '10B)) (!= send 'E) (is-not-empty contact_email))))")
        #expect(dump("pupils where rate > -5 and rate < 92.5 and admission_date >= 1 Sep 2025")
            == "(pupils (where (and (> (rate) -5) (< (rate) 92.5) (>= admission_date 2025-09-01))))")
        #expect(dump("Pupils WHERE Rate < 90% OVER Term 1") == "(pupils (where (< (rate) 90% (over term 1))))")
        #expect(dump("pupils where unauthorized > 3 on 23/01/2026") == "(pupils (where (> (unauthorised) 3 (on 2026-01-23))))")
        #expect(dump("pupils where absent streak > 5 days over this year") == "(pupils (where (> (streak absent) (5 days) (over this year))))")
        #expect(dump("pupils where streak coded I, M >= 3 days") == "(pupils (where (>= (streak-coded I M) (3 days))))")
        // A window after the right measure reaches the left measure too when it has none.
        #expect(dump("pupils where rate < rate over last term") == "(pupils (where (< (rate) (rate) (over last term))))")
    }

    @Test func backquotedNamesAreColumns() {
        #expect(dump("pupils where `rate` > 5 and `term` = 2") == "(pupils (where (and (> `rate` 5) (= `term` 2))))")
        #expect(dump("show `rate`, rate for pupils") == "(show (columns `rate` (rate)) (for (pupils)))")
        // Keywords stay usable as column names where the grammar allows.
        #expect(dump("pupils where year = 10 and form = \"10B\" and term = 1") == "(pupils (where (and (= year 10) (= form \"10B\") (= term 1))))")
        #expect(dump("count pupils by year, form") == "(count (pupils) (by year form))")
    }

    @Test func windows() {
        #expect(dump("pupils where rate < 90% over autumn term and rate < 90% over half-term 3 and rate < 90% over 2024/25")
            == "(pupils (where (and (< (rate) 90% (over autumn term)) (< (rate) 90% (over half-term 3)) (< (rate) 90% (over 2024/25)))))")
        #expect(dump("pupils where absent since 5 Jan 2026 until 2026-02-01") == "(pupils (where (absent (since 2026-01-05 (until 2026-02-01)))))")
        #expect(dump("pupils where absent this week") == "(pupils (where (absent (over this week))))")
        #expect(dump("pupils where late > 0 yesterday") == "(pupils (where (> (late) 0 (yesterday))))")
        #expect(dump("pupils where unauthorised >= 10 in any 10 school weeks") == "(pupils (where (>= (unauthorised) 10 (in-any 10 weeks))))")
        #expect(dump("pupils where rate < 90% over last week until 23 January 2026") == "(pupils (where (< (rate) 90% (over last week (until 2026-01-23)))))")
        #expect(dump("pupils where rate < 90% between 2025-09-03 and today") == "(pupils (where (< (rate) 90% (between 2025-09-03 today))))")
        #expect(dump("pupils where rate < 90% over spring term until 2 school days ago") == "(pupils (where (< (rate) 90% (over spring term (until 2 days-ago)))))")
    }

    @Test func statements() {
        #expect(dump("summary") == "(summary)")
        #expect(dump("codes") == "(codes)")
        #expect(dump("summary over this term for pupils in year 10") == "(summary (over this term) (for (pupils (year 10))))")
        #expect(dump("rate by year, form over this term for pupils where fsm") == "(grouped (rate (over this term)) (by year form) (for (pupils (where (flag fsm)))))")
        #expect(dump("pupil \"A880007000021\" over this year") == "(pupil A880007000021 (over this year))")
        #expect(dump("all pupils in form 10B in year (10, 11) where fsm") == "(all-pupils (form '10B) (year 10 11) (where (flag fsm)))")
        #expect(dump("show sessions coded N, U, forename for concern sorted by surname desc, forename asc into \"c.csv\"")
            == "(show (columns (sessions-coded N U) forename) (for (cohort concern)) (sorted (desc surname) (asc forename)) (into \"c.csv\"))")
        #expect(dump("explain count pupils where fsm by year") == "(explain (count (pupils (where (flag fsm))) (by year)))")
        #expect(dump("pupils where sessions coded N > 0 today letters using \"first-day.md\" into \"letters/\" overwrite, date = 2026-01-23")
            == "(pupils (where (> (sessions-coded N) 0 (today))) (letters \"first-day.md\" \"letters/\" (overwrite) (date 2026-01-23)))")
    }

    @Test func scriptStatements() {
        let script = """
        param threshold = 90%
        param from
        set format csv
        format json
        set as-of 23 January 2026
        print "Monthly review"
        pupils where rate < $threshold between $from and today into $out
        """
        let ss = parsed(script, file: "monthly.attend")
        #expect(ss.map(\.description) == [
            "(param threshold 90%)", "(param from)", "(format csv)", "(format json)", "(as-of 2026-01-23)",
            "(print \"Monthly review\")", "(pupils (where (< (rate) $threshold (between $from today))) (into $out))",
        ])
        #expect(ss.map(\.line) == [1, 2, 3, 4, 5, 6, 7])
        #expect(ss.allSatisfy { $0.file == "monthly.attend" })
    }

    // MARK: Lines, separators and comments

    @Test func continuationLines() {
        #expect(dump("pupils where rate < 90%\n  over term 1\n  and fsm") == "(pupils (where (and (< (rate) 90% (over term 1)) (flag fsm))))")
        #expect(dump("pupils in year 10\nwhere fsm\nsorted by surname\nlimit 5\ninto \"out.csv\"")
            == "(pupils (year 10) (where (flag fsm)) (sorted surname) (limit 5) (into \"out.csv\"))")
        #expect(dump("show upn,\n rate\n for pupils") == "(show (columns upn (rate)) (for (pupils)))")
        #expect(dump("pupils where (rate < 90%\n over term 1\n or fsm)") == "(pupils (where (or (< (rate) 90% (over term 1)) (flag fsm))))")
        #expect(dump("pupils where rate < 90% # trailing\n-- another comment\n\nand fsm") == "(pupils (where (and (< (rate) 90%) (flag fsm))))")
        // A complete line followed by a statement word starts a new statement.
        #expect(parsed("pupils where rate < 90%\npupils where fsm\nrate by form").count == 3)
    }

    @Test func separatorsAndPositions() {
        let ss = parsed("pupils where fsm; pupils where pp;; count pupils by year\n  codes")
        #expect(ss.map(\.description) == ["(pupils (where (flag fsm)))", "(pupils (where (flag pp)))", "(count (pupils) (by year))", "(codes)"])
        #expect(ss.map(\.column) == [1, 19, 37, 3])
        #expect(ss.map(\.line) == [1, 1, 1, 2])
        #expect(ss[1].text == "pupils where pp")
        #expect(ss[1].offset == 18)
    }

    @Test func spansPointIntoTheStatementText() throws {
        let s = try #require(parsed("pupils where fsm\n  pupils where rate < 90% over term 1 and send = \"K\"").last)
        guard case .query(let q) = s.kind, case .pupils(let list) = q.body,
              let filter = list.filter, case .and(let terms) = filter.kind,
              case .comparison(let cmp) = terms[0].kind, case .measure(let m) = cmp.lhs.kind,
              case .comparison(let cmp2) = terms[1].kind, case .compare(_, let rhs) = cmp2.test
        else { Issue.record("unexpected tree \(s)"); return }
        #expect(slice(s, s.span) == "pupils where rate < 90% over term 1 and send = \"K\"")
        #expect(slice(s, list.span) == s.text)
        #expect(slice(s, filter.span) == "rate < 90% over term 1 and send = \"K\"")
        #expect(slice(s, cmp.span) == "rate < 90% over term 1")
        #expect(slice(s, cmp.operatorSpan) == "<")
        #expect(slice(s, m.phraseSpan) == "rate")
        #expect(slice(s, try #require(cmp.window).span) == "over term 1")
        #expect(slice(s, rhs.span) == "\"K\"")
        // The binder's caret sites carry file:line:column.
        let stmt = try #require(parsed("pupils where fsm\n  pupils where rate < 90% over term 1", file: "s.attend").last)
        let site = stmt.site(13..<17)
        #expect(site.location?.description == "s.attend:2:16")
        #expect(slice(stmt, site.source.span) == "rate")
    }

    @Test func movedWindowLeavesMeasureSpanOnPhrase() throws {
        let s = try #require(parsed("pupils where rate over this half-term < rate over last half-term").first)
        guard case .query(let q) = s.kind, case .pupils(let list) = q.body, let f = list.filter,
              case .comparison(let cmp) = f.kind, case .compare(_, let rhs) = cmp.test, case .measure(let m) = rhs.kind,
              case .measure(let left) = cmp.lhs.kind
        else { Issue.record("unexpected tree \(s)"); return }
        #expect(m.window == nil)
        #expect(slice(s, rhs.span) == "rate")
        #expect(slice(s, try #require(cmp.window).span) == "over last half-term")
        #expect(slice(s, try #require(left.window).span) == "over this half-term")
        #expect(slice(s, cmp.lhs.span) == "rate over this half-term")
    }

    // MARK: Incomplete input, for the REPL

    @Test func replContinuation() {
        let first = "show upn, forename, surname, form, rate over this term, unauthorised over this term"
        guard case .incomplete = Parser.parse(first) else { Issue.record("expected incomplete"); return }
        let both = first + "\n  for pupils in year 10 where rate < 95% over this term sorted by rate limit 20"
        #expect(parsed(both).count == 1)
        for text in ["pupils where (rate < 90%", "pupils where fsm and", "show upn for", "let x =", "print \"abc",
                     "pupils where rate <", "pupils where sessions coded", "pupils where rate < 90% over", "explain"] {
            guard case .incomplete = Parser.parse(text) else { Issue.record("expected incomplete: \(text)"); continue }
        }
    }

    @Test func emptyTextIsAllowedWhenAsked() {
        #expect(Parser.parse("", allowEmpty: true) == .complete([]))
        #expect(Parser.parse("# just notes\n-- more\n", allowEmpty: true) == .complete([]))
    }

    // MARK: Lexer

    @Test func hashIsACodeOnlyWhereACodeIsExpected() {
        let tokens = Lexer.tokenize("sessions coded #, - > 0 # comment\n-- comment\nx")
        #expect(tokens.map(\.text) == ["sessions", "coded", "#", ",", "-", ">", "0", "x", ""])
        #expect(tokens[2].kind == .code && tokens[4].kind == .code)
        #expect(tokens[7].startsLine)
    }

    @Test func lexerShapes() {
        let kinds = Lexer.tokenize("half-term as-of 10B 2026-01-23 23/01/2026 2024/25 92.5 `rate` $n \u{201C}x\u{201D} 'y' <= != >=").map(\.kind)
        #expect(kinds == [.word, .word, .word, .date, .date, .academicYear, .number, .quotedName, .parameter, .string, .string,
                          .lessEqual, .notEqual, .greaterEqual, .end])
        #expect(Lexer.tokenize("rate-5").map(\.kind) == [.word, .minus, .number, .end])
        #expect(Lexer.tokenize("prénom").map(\.text) == ["prénom", ""])
    }

    // MARK: Suggestions

    @Test func suggestions() {
        #expect(Suggestion.nearest(to: "rat", in: Vocabulary.measureWords) == "rate")
        #expect(Suggestion.nearest(to: "persistant", in: Vocabulary.measureWords) == "persistent")
        #expect(Suggestion.nearest(to: "unauthorized", in: ["authorised", "unauthorised"]) == "unauthorised")
        #expect(Suggestion.nearest(to: "fsn", in: ["upn", "forename", "surname", "year", "form", "fsm", "send"]) == "fsm")
        #expect(Suggestion.nearest(to: "ovr", in: Vocabulary.allKeywords) == "over")
        #expect(Suggestion.nearest(to: "persis", in: Vocabulary.measureWords) == "persistent")
        #expect(Suggestion.nearest(to: "rate", in: Vocabulary.measureWords) == nil)
        #expect(Suggestion.nearest(to: "xyzzy", in: Vocabulary.measureWords) == nil)
        #expect(Suggestion.distance("ab", "ba") == 1)
        #expect(Suggestion.distance("", "abc") == 3)
        #expect(Suggestion.nearest(to: String(repeating: "a", count: 100_000), in: ["a"]) == nil)
    }
}
