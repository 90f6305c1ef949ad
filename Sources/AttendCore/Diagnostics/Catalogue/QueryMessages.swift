// The catalogue of messages about query text (Q…): reading and parsing statements.
//
// Each message says what was found and what was expected; each hint says how to write it.
// `found` arguments are pre-formatted by the parser ("`ovr`", "the end of the input").
// Keep the codes stable: tests, scripts and people refer to them. Ordered by code.

extension Diagnostic {
    // MARK: Characters and tokens (Q001–Q009)

    /// Q001: a character the language has no use for.
    static func unexpectedCharacter(_ character: String, at site: DiagnosticSite) -> Diagnostic {
        let hint: String
        switch character {
        case "[", "]", "{", "}": hint = "use round brackets `(` `)` to group conditions or list values"
        case "'", "\u{2019}": hint = "put text in double quotes: \"10B\""
        case ".": hint = "write decimals with a digit each side of the point: 0.5"
        case "?", "*", "^", ":", "@", "~": hint = "the operators are < <= > >= = != + -; conditions join with `and`, `or`, `not`"
        default: hint = "remove it, or put it inside double quotes if it belongs to a name or text"
        }
        return Diagnostic("Q001", message: "unexpected character `\(character)`", hint: hint).placed(at: site)
    }

    /// Q002: a control character (NUL, BEL, ESC, …) in the text.
    static func controlCharacter(_ value: UInt32, at site: DiagnosticSite) -> Diagnostic {
        let hex = String(value, radix: 16, uppercase: true)
        let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return Diagnostic("Q002", message: "control character U+\(code) in the query",
                          hint: "delete it: invisible characters often come with text pasted from other programs").placed(at: site)
    }

    /// Q003: a string with no closing quote (the REPL asks for the next line).
    static func unterminatedString(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q003", message: "unterminated text: no closing quote",
                   hint: "end the text with the same quote it starts with: \"10B\"").placed(at: site)
    }

    /// Q004: a backquoted name with no closing backquote on its line.
    static func unterminatedQuotedName(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q004", message: "unterminated backquoted name: no closing ` on this line",
                   hint: "a backquoted name is a column name on one line, such as `rate`").placed(at: site)
    }

    /// Q005: a backquoted name with nothing in it.
    static func emptyQuotedName(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q005", message: "empty backquoted name",
                   hint: "put the column name between the backquotes, such as `rate`").placed(at: site)
    }

    /// Q006: `$` with no name.
    static func missingParameterName(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q006", message: "expected a parameter name after `$`",
                   hint: "use a parameter declared with `param NAME` as $NAME, such as $threshold").placed(at: site)
    }

    /// Q007: an operator from another language.
    static func foreignOperator(_ found: String, replacement: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q007", message: "`\(found)` is not an operator here",
                   hint: "write `\(replacement)`").placed(at: site)
    }

    /// Q008: a number too large to hold.
    static func numberTooLarge(_ text: String, limit: Int, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q008", message: "the number \(Diagnostic.clip(text)) is too large",
                   hint: "numbers may have up to \(limit) digits").placed(at: site)
    }

    /// Q047: a sum of more terms than the parser's depth limit.
    static func tooManyTerms(limit: Int, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q047", message: "more than \(limit) values are added or subtracted in one expression",
                   hint: "a sum may have up to \(limit) terms; work the constant out first (`rate < 95%`, not `rate < 1% + 1% + …`)").placed(at: site)
    }

    /// Q009: a date that does not exist or is not written in a known style.
    static func invalidDate(_ text: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q009", message: "`\(Diagnostic.clip(text))` is not a date",
                   hint: "write a real date as 2026-01-23, 23/01/2026 or 23 Jan 2026 (year in full, day before month)").placed(at: site)
    }

    // MARK: Limits and empty input (Q010–Q013)

    /// Q010: a statement longer than the limit.
    static func statementTooLong(limit: Int, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q010", message: "statement is longer than \(limit / 1000) KB",
                   hint: "split it: define part of it as a cohort with `let NAME = …` and refine that").placed(at: site)
    }

    /// Q011: brackets or `not` nested deeper than the limit.
    static func nestingTooDeep(limit: Int, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q011", message: "brackets and `not` are nested more than \(limit) deep",
                   hint: "simplify the condition, or build it in steps with `let`").placed(at: site)
    }

    /// Q012: a misspelt or unknown measure, found where only a measure makes sense.
    static func unknownMeasure(_ word: String, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        let hint = suggestion.map { "did you mean `\($0)`?" }
            ?? "the measures are possible, present, attended, authorised, unauthorised, absent, absence, late, rate, minutes late, sessions coded X, days coded X, CLASS streak, streak coded X, band"
        return Diagnostic("Q012", message: "unknown measure `\(Diagnostic.clip(word))`", hint: hint).placed(at: site)
    }

    /// Q013: nothing to run: empty text or only comments.
    static func noStatement(onlyComments: Bool, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q013", message: onlyComments ? "nothing to run: the text holds only comments" : "nothing to run: the text is empty",
                   hint: "write a statement such as `pupils where rate < 90% over this term`").placed(at: site)
    }

    // MARK: Statements (Q014–Q019)

    /// Q014: a statement cannot start with what was found.
    static func expectedStatement(found: String, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q014", message: "expected a statement such as `pupils where …`, `show …`, `count …` or `let …`, found \(found)",
                   hint: suggestion.map { "did you mean `\($0)`?" }
                       ?? "a statement starts with pupils, all, pupil, count, show, summary, codes, a measure (`rate by form`), let, explain, print, param, set, format or a cohort name").placed(at: site)
    }

    /// Q015: more text after a complete statement.
    static func expectedEndOfStatement(found: String, suggestion: String?, glued: Bool, at site: DiagnosticSite) -> Diagnostic {
        let hint: String
        if let suggestion {
            hint = "did you mean `\(suggestion)`?"
        } else if glued {
            hint = "start each statement on its own line, or separate statements with `;`"
        } else {
            hint = "join conditions with `and` or `or`; a window starts with `over`, `between`, `since`, `in last` or `in any`"
        }
        return Diagnostic("Q015", message: "unexpected \(found): expected the end of the statement", hint: hint).placed(at: site)
    }

    /// Q016: `explain` followed by something that is not a query.
    static func explainNeedsQuery(found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q016", message: "expected a query after `explain`, found \(found)",
                   hint: "explain a query such as `explain pupils where rate < 90% over term 1`").placed(at: site)
    }

    /// Q017: a statement word followed by something it cannot take.
    static func expectedWord(_ expected: String, after: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q017", message: "expected \(expected) after \(after), found \(found)",
                   hint: "write \(expected) next").placed(at: site)
    }

    /// Q018: output clauses in the wrong order or twice.
    static func clauseOutOfOrder(_ clause: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q018", message: "`\(clause)` is out of place",
                   hint: "write the clauses in this order, each at most once: sorted by …, limit N, then into \"file\" or letters …").placed(at: site)
    }

    /// Q019: a statement word that shows one pupil has no UPN after it.
    static func expectedUPN(found: String, looksLikePupilList: Bool, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q019", message: "expected a UPN after `pupil`, found \(found)",
                   hint: looksLikePupilList ? "did you mean `pupils`? `pupil UPN` shows one pupil; `pupils where …` lists pupils"
                       : "write the pupil's UPN, such as `pupil A880007000021`").placed(at: site)
    }

    // MARK: Pupil lists and names (Q020–Q025)

    /// Q020: where a pupil list was expected.
    static func expectedPupilList(after: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q020", message: "expected a pupil list after \(after), found \(found)",
                   hint: "write `pupils`, `pupils where …`, `all pupils in year 10` or a cohort name defined with `let`").placed(at: site)
    }

    /// Q021: where a name was expected (`let NAME`, `param NAME`, `by NAME`).
    static func expectedName(after: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q021", message: "expected a name after \(after), found \(found)",
                   hint: "names are words such as `concern` or `year`; backquote a name that is also a keyword: `rate`").placed(at: site)
    }

    /// Q022: a cohort named with a keyword or measure word.
    static func reservedCohortName(_ name: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q022", message: "`\(name)` is a word of the language and cannot name a cohort",
                   hint: "choose another name, such as `\(name)_list`").placed(at: site)
    }

    /// Q023: a `show` or `sorted by` item that is neither a column nor a measure.
    static func expectedColumn(after: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q023", message: "expected a column or measure after \(after), found \(found)",
                   hint: "name a pupils.csv column (upn, surname, form) or a measure with an optional window (rate over this term)").placed(at: site)
    }

    /// Q024: a `show` list not followed by `for`.
    static func expectedShowFor(found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q024", message: "expected `,` or `for` after a column of `show`, found \(found)",
                   hint: "separate columns with commas and end the list with `for PUPILS`: show upn, rate for pupils in year 10").placed(at: site)
    }

    /// Q025: where text in quotes was expected (`print`, `into`, `using`).
    static func expectedText(after: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q025", message: "expected text in double quotes after \(after), found \(found)",
                   hint: "put it in double quotes, such as \"out/list.csv\", or use a parameter such as $file").placed(at: site)
    }

    // MARK: Conditions (Q026–Q033)

    /// Q026: where a condition was expected.
    static func expectedCondition(after: String, found: String, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q026", message: "expected a condition after \(after), found \(found)",
                   hint: suggestion.map { "did you mean `\($0)`?" }
                       ?? "a condition is a comparison (rate < 90%), a predicate (persistent, absent today) or a yes/no column (fsm)").placed(at: site)
    }

    /// Q027: `and` and `or` mixed at one level.
    static func mixedAndOr(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q027", message: "`and` and `or` are mixed without brackets",
                   hint: "add brackets to say which you mean: `(A and B) or C` or `A and (B or C)`").placed(at: site)
    }

    /// Q028: a `(` with no `)`.
    static func unclosedBracket(found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q028", message: "this bracket is not closed: expected `)`, found \(found)",
                   hint: "add `)` after the last condition inside the brackets").placed(at: site)
    }

    /// Q029: a `)` with no `(`.
    static func unexpectedClosingBracket(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q029", message: "`)` has no matching `(`",
                   hint: "remove it, or add the `(` where the group starts").placed(at: site)
    }

    /// Q030: where an operand was expected (after an operator, in a list).
    static func expectedOperand(after: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q030", message: "expected a value or measure after \(after), found \(found)",
                   hint: "write a number (90), a percentage (90%), a count (10 days), text (\"10B\"), a date, a measure (rate) or a column").placed(at: site)
    }

    /// Q031: a count or percentage measure used alone as a condition.
    static func measureNeedsComparison(_ measure: String, at site: DiagnosticSite) -> Diagnostic {
        let example: String
        switch measure.lowercased() {
        case "rate": example = "`rate < 90%`"
        case "absence": example = "`absence >= 10%`"
        case "band": example = "`band = \"red\"`"
        default: example = "`\(measure) >= 1`"
        }
        return Diagnostic("Q031", message: "`\(measure)` is a measure: a condition must compare it",
                          hint: "compare it with a value, such as \(example)").placed(at: site)
    }

    /// Q032: a yes/no predicate used with a comparison operator.
    static func predicateCompared(_ predicate: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q032", message: "`\(predicate)` is yes or no and cannot be compared",
                   hint: predicate == "absent"
                       ? "compare the count instead, such as `absent > 2`"
                       : "use it alone (`\(predicate) over this year`), or compare the measure: `absence >= 10%`").placed(at: site)
    }

    /// Q033: where a mark code was expected.
    static func expectedCode(found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q033", message: "expected a mark code after `coded`, found \(found)",
                   hint: "write codes such as N, I, C2, /, \\, # or -, separated by commas: sessions coded G, N, O, U").placed(at: site)
    }

    /// Q034: codes next to each other without commas.
    static func codesNeedCommas(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q034", message: "codes in a list must be separated by commas",
                   hint: "write `coded G, N, O, U`").placed(at: site)
    }

    // MARK: Windows (Q035–Q043)

    /// Q035: where a window was expected.
    static func expectedWindow(after: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q035", message: "expected a window after \(after), found \(found)",
                   hint: "write a window such as `over this term`, `in last 10 weeks` or `in any 10 weeks over this year`").placed(at: site)
    }

    /// Q036: where a period was expected (after `over`, `in any N weeks over`).
    static func expectedPeriod(after: String, found: String, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q036", message: "expected a period after \(after), found \(found)",
                   hint: suggestion.map { "did you mean `\($0)`?" }
                       ?? "a period is term 1, autumn term, half-term 3, this term, last half-term, this year, this week or 2024/25").placed(at: site)
    }

    /// Q037: where a date was expected.
    static func expectedDate(after: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q037", message: "expected a date after \(after), found \(found)",
                   hint: "write a date as 2026-01-23, 23/01/2026 or 23 Jan 2026, or today").placed(at: site)
    }

    /// Q038: where a whole number was expected (term, limit, weeks).
    static func expectedWholeNumber(after: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q038", message: "expected a whole number after \(after), found \(found)",
                   hint: "write a whole number such as 1 or 10, or a parameter such as $weeks").placed(at: site)
    }

    /// Q039: an academic year whose halves do not follow each other.
    static func invalidAcademicYear(_ text: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q039", message: "`\(text)` is not an academic year",
                   hint: "write the academic year as its two calendar years, such as 2024/25").placed(at: site)
    }

    /// Q040: a window after a comparison whose measures all have their own.
    static func windowReachesNoMeasure(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q040", message: "this window applies to no measure: every measure in the comparison has its own",
                   hint: "remove it, or remove the window written after the measure").placed(at: site)
    }

    /// Q041: a window on a condition that holds no measure.
    static func windowWithoutMeasure(_ name: String?, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q041", message: name.map { "`\($0)` is a pupil column and has no window" } ?? "this window applies to no measure",
                   hint: "a window belongs after a measure such as rate or unauthorised; remove it for a column such as fsm or send").placed(at: site)
    }

    /// Q042: a window after a bracketed group.
    static func windowAfterBracket(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q042", message: "a window cannot follow a bracketed group",
                   hint: "a window binds to one comparison: put it inside the brackets, after each comparison").placed(at: site)
    }

    /// Q043: two windows where one is allowed, or `until` where it cannot apply.
    static func misplacedWindow(_ what: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q043", message: "\(what) is out of place",
                   hint: "one window per measure; `until` follows a period (over this year until 5 days ago), `since DATE` or `in any N weeks`").placed(at: site)
    }

    // MARK: Script statements (Q044–Q046)

    /// Q044: `set format` or `format` with an unknown format.
    static func unknownFormat(_ name: String, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q044", message: "unknown output format \(name)",
                   hint: suggestion.map { "did you mean `\($0)`?" } ?? "the formats are table, csv, tsv, json and markdown").placed(at: site)
    }

    /// Q045: `set` with an unknown setting.
    static func unknownSetting(_ name: String, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q045", message: "unknown setting \(name)",
                   hint: suggestion.map { "did you mean `\($0)`?" } ?? "the settings are `set format csv` and `set as-of 2026-03-20`").placed(at: site)
    }

    /// Q046: an output clause after the pupil list of `let`.
    static func clauseInCohort(_ clause: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q046", message: "a cohort cannot be defined with `\(clause)`",
                   hint: "a cohort is a set of pupils; sort, limit or write it when you list it: `NAME sorted by rate limit 20`").placed(at: site)
    }

    // MARK: Internal (Q099)

    /// Q099: the parser stopped making progress. A bug; reported rather than hanging.
    static func parserStalled(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q099", message: "internal error: the parser could not get past this point",
                   hint: "please report this query; rewording it may avoid the problem").placed(at: site)
    }

    /// Long user text cut for a message.
    static func clip(_ s: String, _ n: Int = 40) -> String {
        s.count <= n ? s : String(s.prefix(n)) + "…"
    }

    /// Q999: the stand-in interpreter of the REPL's tests (`attend stand-in-repl`) refusing
    /// a statement that starts with `error`, with a caret under the rest.
    public static func standInRefuses(_ text: String, span: Range<Int>) -> Diagnostic {
        Diagnostic("Q999", message: "the demo host refuses this statement", hint: "anything not starting with \"error\" is echoed",
                   source: QuerySource(text: text, span: span))
    }
}
