// The catalogue of messages about a statement's meaning (Q1xx): names, codes, windows and
// units that the binder resolves against the register, the calendar and the as-of date.
// Each places itself at the node it is about (a caret under the span). Ordered by code.

extension Diagnostic {
    /// Q101: a column name that pupils.csv does not have.
    static func unknownColumn(_ name: String, suggestion: String?, columns: [String], at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q101", message: "unknown column `\(name)`",
                   hint: suggestion ?? "the register's columns are: \(columns.joined(separator: ", "))").placed(at: site)
    }

    /// Q102: a cohort that no `let` has defined.
    static func unknownCohort(_ name: String, suggestion: String?, defined: [String], at site: DiagnosticSite) -> Diagnostic {
        let list = defined.isEmpty ? "no cohorts are defined yet: `let NAME = pupils where …`" : "defined cohorts: \(defined.joined(separator: ", "))"
        return Diagnostic("Q102", message: "unknown cohort `\(name)`", hint: suggestion.map { "\($0) (\(list))" } ?? list).placed(at: site)
    }

    /// Q103: a mark code that is not in the code table.
    static func unknownMarkCode(_ code: String, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q103", message: "unknown attendance code `\(code)`",
                   hint: suggestion ?? "`.codes` lists every code and what it counts as; an MIS's own code (I01) is known when the register folder's codes.csv maps it").placed(at: site)
    }

    /// Q104: a count compared with a percentage, or the other way round.
    static func countVersusPercentage(left: String, right: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q104", message: "cannot compare \(left) with \(right)",
                   hint: "a rate or absence is a percentage (`rate < 90%`); a count is sessions or days (`unauthorised >= 10`)").placed(at: site)
    }

    /// Q105: a term or half-term the calendar does not have.
    static func noSuchPeriod(_ what: String, year: Int, available: [Period], at site: DiagnosticSite) -> Diagnostic {
        let list = available.map { "\($0.number) \($0.name)" }.joined(separator: ", ")
        return Diagnostic("Q105", message: "\(Period.yearLabel(year)) has no \(what)",
                          hint: available.isEmpty ? "the calendar has none for that year" : "it has: \(list)").placed(at: site)
    }

    /// Q106: an academic year the register does not cover.
    static func yearNotInRegister(_ year: Int, covered: [Int], at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q106", message: "the register has no \(Period.yearLabel(year))",
                   hint: covered.isEmpty ? "the register has no school days" : "it covers \(covered.map(Period.yearLabel).joined(separator: ", "))").placed(at: site)
    }

    /// Q107: a window that starts after the as-of date.
    static func windowAfterAsOf(_ what: String, asOf: Day, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q107", message: "\(what) is after the as-of date \(asOf.iso)",
                   hint: "windows never reach past the as-of date; use --as-of DATE (or `set as-of DATE`) to look from a later day").placed(at: site)
    }

    /// Q108: a date window that ends before it starts.
    static func backwardsWindow(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q108", message: "the window ends before it starts", hint: "write the earlier date first: between 2025-09-03 and 2025-10-24").placed(at: site)
    }

    /// Q109: `minutes late` on a register without minutes_late.
    static func noMinutesLate(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q109", message: "this register has no minutes_late column in marks.csv",
                   hint: "count late sessions instead: `late >= 6`").placed(at: site)
    }

    /// Q110: a column that is not yes/no used alone as a condition.
    static func notAYesNoColumn(_ name: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q110", message: "`\(name)` is not a yes/no column", hint: "compare it with a value: `\(name) = \"…\"`").placed(at: site)
    }

    /// Q111: values that cannot be compared this way (text ordered, text with a number).
    static func incomparable(_ left: String, _ op: String, _ right: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q111", message: op == "with" ? "cannot compare \(left) with \(right)" : "cannot compare \(left) with \(right) using \(op)",
                   hint: "text compares with = or != (or `in (…)`); numbers, rates and counts with < <= > >= = !=; dates with dates (dob < 2012-09-01)").placed(at: site)
    }

    /// Q112: a UPN that is not in pupils.csv.
    static func unknownUPN(_ upn: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q112", message: "no pupil with UPN \(String(upn.prefix(20)))", hint: "check the UPN: 13 characters, as in pupils.csv").placed(at: site)
    }

    /// Q113: a parameter that was not declared or given.
    static func unknownParameter(_ name: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q113", message: "parameter $\(name) has no value",
                   hint: "declare it in the script (`param \(name) = …`) or give it: --param \(name)=VALUE").placed(at: site)
    }

    /// Q114: a parameter whose value is the wrong kind (text where a number goes).
    static func parameterKind(_ name: String, expected: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q114", message: "parameter $\(name) is not \(expected)", hint: "give it \(expected): --param \(name)=VALUE").placed(at: site)
    }

    /// Q115: a streak compared with sessions, or a unit that does not fit.
    static func unitMismatch(_ measure: String, unit: String, expected: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q115", message: "\(measure) is counted in \(expected), not \(unit)", hint: "write the number in \(expected): `>= 10 \(expected)`").placed(at: site)
    }

    /// Q116: a measure that cannot be taken this way (a rate in any N weeks, a band by form).
    static func measureNotAllowed(_ what: String, hint: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q116", message: what, hint: hint).placed(at: site)
    }

    /// Q117: a value that a column cannot hold (`send = X`, `year = 15`, an unknown band).
    static func invalidValue(_ value: String, column: String, expected: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q117", message: "`\(String(value.prefix(30)))` is not a value of \(column)", hint: "\(column) is \(expected)").placed(at: site)
    }

    /// Q118: a limit or week count that is not a positive whole number.
    static func notPositive(_ what: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q118", message: "\(what) must be a whole number of at least 1", hint: "for example `limit 20`, `in last 10 weeks`").placed(at: site)
    }

    /// Q119: grouping by more than one column.
    static func oneGroupOnly(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q119", message: "group by one column at a time", hint: "for example `count pupils where persistent by year`").placed(at: site)
    }

    /// Q120: a comparison with no measure or column on either side.
    static func nothingToCompare(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q120", message: "this compares two constants", hint: "compare a measure or a column: `rate < 90%`, `year = 9`").placed(at: site)
    }

    /// Q121: a known column that this register's pupils.csv does not have.
    static func columnNotInRegister(_ name: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q121", message: "this register's pupils.csv has no `\(name)` column", hint: "`.columns` lists the columns it has").placed(at: site)
    }

    /// Q122: no term or half-term is in force on the as-of date.
    static func noCurrentPeriod(_ what: String, asOf: Day, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q122", message: "there is no \(what) on or before \(asOf.iso) in the calendar",
                   hint: "`.calendar` lists the terms; check the as-of date").placed(at: site)
    }

    /// Q123: a form no pupil is in.
    static func unknownForm(_ value: String, hint: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q123", message: "no pupil is in form `\(value)`", hint: hint).placed(at: site)
    }

    /// Q130: `set format` with a format that does not exist.
    static func unknownFormat(_ name: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q130", message: "unknown format `\(name)`", hint: "formats: table, csv, tsv, json, markdown, xlsx").placed(at: site)
    }

    /// Q131: `let NAME = …` where NAME is a UPN or a reserved word.
    static func badCohortName(_ name: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q131", message: "`\(name)` cannot name a cohort", hint: "choose another name").placed(at: site)
    }

    /// Q199: a statement the session runs itself reached the binder (a bug, not the user's error).
    static func notBound(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q199", message: "this statement is run by the script runner, not bound").placed(at: site)
    }

    /// Q124: numbers too large to compute with exactly (a sum of 18-digit numbers, a count
    /// of days too large to turn into sessions).
    static func tooLargeToCompute(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q124", message: "these numbers are too large to compute with",
                   hint: "attendance figures are far smaller: check the number of digits").placed(at: site)
    }

    /// Q125: some measures of a sentence have a window and some do not (one would silently
    /// mean `this year`). The hint writes out both readings.
    static func windowsDisagree(part: String, windowed: String, what: String, sameWindow: String, asWritten: String,
                                at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q125", message: "`\(Diagnostic.clip(part, 60))` has no window, but `\(Diagnostic.clip(windowed, 60))` has one: in \(what), give each measure its window",
                   hint: "write `\(Diagnostic.clip(sameWindow, 160))` for one window throughout, or `\(Diagnostic.clip(asWritten, 160))` for what it means as written").placed(at: site)
    }
}
