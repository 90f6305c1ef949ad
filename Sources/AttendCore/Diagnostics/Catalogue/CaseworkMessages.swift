// The catalogue of messages about the actions log (actions.csv, D701–D739), appending to it
// (F070–F079), the casework statements (Q090–Q098 when parsing, Q170–Q179 when binding)
// and the command line's --actions (U070–U079). A message names a pupil by UPN only.

extension Diagnostic {
    // MARK: actions.csv (D7…)

    /// D701: an action that is neither a national word nor one of the school's (school.conf).
    static func unknownAction(_ file: String, line: Int, column: Int, text: String, schoolWords: [String]) -> Diagnostic {
        let n = ActionKind.normalized(text)
        let hint = Suggestion.didYouMean(n, in: ActionKind.names + schoolWords)
            ?? "the actions are \(ActionKind.names.joined(separator: ", ")); map the school's own words in school.conf (`action.phone_call = call`)"
        // The text is not echoed: a column out of place puts a name or a note here, and an
        // action word cannot be told from a surname by its shape. The line and column say
        // where it is; the hint may suggest the action it is nearest to.
        let shown = text.isEmpty ? "the action is empty" : "the action is not one attend knows (\(text.count) character\(text.count == 1 ? "" : "s"); not shown)"
        return Diagnostic("D701", message: shown, hint: hint, location: SourceLocation(file: file, line: line, column: column))
    }

    /// D702: an action for a UPN that is not in pupils.csv.
    static func actionForUnknownPupil(_ file: String, line: Int, column: Int, upn: String) -> Diagnostic {
        Diagnostic("D702", message: upn.isEmpty ? "the UPN is empty" : (looksLikeUPN(upn) ? "action for UPN \(upn), who is not in pupils.csv" : "action for a UPN not in pupils.csv (not shown: it is not letters and digits)"),
                   hint: "export pupils.csv with leavers, so that every pupil with casework is in it; check the UPN",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    /// D703: the last line has no line end: a write cut short (a crash, a full disk) or a
    /// file saved without one. The line is not read.
    static func partialLastLine(_ file: String, line: Int) -> Diagnostic {
        Diagnostic("D703", message: "the last line has no line end: it may have been cut short while being written, so it was not read",
                   hint: "open the file: if the line is whole, end it with a line break; if it is cut short, delete it and record the action again",
                   location: SourceLocation(file: file, line: line))
    }

    /// D704: an action dated after today: a log records what has been done.
    static func actionInFuture(_ file: String, line: Int, column: Int, date: Day, today: Day) -> Diagnostic {
        Diagnostic("D704", message: "the action is dated \(date.iso), after today (\(today.iso)): the log records what has been done",
                   hint: "check the date (dates are day/month/year or 2026-03-03)",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    // MARK: Appending (F07…)

    /// F070: `record` or a `letters` run under `--safe`.
    static func appendRefusedSafe(_ what: String, at site: DiagnosticSite? = nil) -> Diagnostic {
        let d = Diagnostic("F070", message: "\(what) would append to the actions log, and --safe writes nothing outside the current folder's results",
                           hint: "run it without --safe, or record the action at the prompt")
        return site.map { d.placed(at: $0) } ?? d
    }

    /// F071: the actions log is not a regular file.
    static func actionLogNotFile(_ path: String, kind: String) -> Diagnostic {
        Diagnostic("F071", message: "the actions log \(path) is \(kind), not a regular file: nothing was appended",
                   hint: "name a CSV file with --actions FILE", location: SourceLocation(file: path))
    }

    /// F072: the actions log's last line has no line end: appending would join a row to it.
    static func actionLogPartial(_ path: String) -> Diagnostic {
        Diagnostic("F072", message: "the actions log \(path) ends in a line with no line end (cut short?): nothing was appended",
                   hint: "open the file: end the last line, or delete it if it is cut short, then run again",
                   location: SourceLocation(file: path))
    }

    /// F073: the actions log's header lacks a column a row needs.
    static func actionLogHeader(_ path: String, missing: String) -> Diagnostic {
        Diagnostic("F073", message: "the actions log \(path) has no `\(missing)` column: nothing was appended",
                   hint: "its first line must name the columns date, upn, action (and by, note)",
                   location: SourceLocation(file: path))
    }

    /// F074: the actions log changed since it was loaded (a row written by something else),
    /// or could not be read back.
    static func actionLogFailed(_ path: String, reason: String) -> Diagnostic {
        Diagnostic("F074", message: "cannot append to the actions log \(path): \(reason)",
                   hint: "check the file and its folder are writable and the disk is not full; a row is written whole or not at all",
                   location: SourceLocation(file: path))
    }

    // MARK: Statements (Q09…, Q17…)

    /// Q090: `record` without an action word.
    static func expectedAction(found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q090", message: "expected an action after `record`, found \(found)",
                   hint: "write e.g. `record meeting for A880007000021 on 3 Mar 2026 by \"JS\"`; the actions are \(ActionKind.names.joined(separator: ", "))").placed(at: site)
    }

    /// Q091: a part of `record` missing or out of place.
    static func recordNeeds(_ what: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q091", message: "`record` needs \(what), found \(found)",
                   hint: "write `record ACTION for UPN on DATE by \"WHO\" [note \"…\"]`").placed(at: site)
    }

    /// Q092: `no` not followed by an action.
    static func noNeedsAction(found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q092", message: "expected an action after `no`, found \(found)",
                   hint: "write e.g. `no meeting in last 20 days`; the actions are \(ActionKind.names.joined(separator: ", "))").placed(at: site)
    }

    /// Q093: `actions` not followed by `for pupil UPN`, or `count actions` by something else.
    static func actionsNeeds(_ what: String, found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q093", message: "expected \(what), found \(found)",
                   hint: "write `actions for pupil A880007000021`, `actions [WINDOW]` or `count actions by action [WINDOW]`").placed(at: site)
    }

    /// Q094: `in last N …` after an action with a unit that is not days, weeks, months or years.
    static func actionWindowUnit(found: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q094", message: "expected days, weeks, months or years, found \(found)",
                   hint: "an action's window counts calendar time: `meeting in last 20 days`, `penalty-notice in last 3 years`").placed(at: site)
    }

    /// Q170: `record` dated after today.
    static func recordInFuture(_ date: Day, today: Day, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q170", message: "the action is dated \(date.iso), after today (\(today.iso))",
                   hint: "record what has been done, on the day it was done").placed(at: site)
    }

    /// Q171: `record` with no actions log to append to (the demo register, a saved store).
    static func noActionLog(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q171", message: "there is no actions log to record in: the register was not read from a folder",
                   hint: "give one with --actions FILE (created with its header when absent)").placed(at: site)
    }

    /// Q172: a `by` or `note` text with a line break (a row is one line).
    static func recordTextLineBreak(_ what: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q172", message: "the \(what) holds a line break; a row of the actions log is one line",
                   hint: "write it on one line").placed(at: site)
    }

    /// Q173: a window that reaches past the as-of date, or an action window of 0.
    static func actionWindowZero(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q173", message: "an action's window must be at least 1",
                   hint: "write e.g. `in last 20 days`").placed(at: site)
    }

    // MARK: Command line (U07…)

    /// U070: `--actions` with a folder or with `--demo`'s in-memory register.
    static func actionsOptionFolder(_ path: String) -> Diagnostic {
        Diagnostic("U070", message: "--actions \(path) is a folder", hint: "name the actions log file, e.g. --actions \(path)/actions.csv")
    }
}

extension Diagnostic {
    /// Q174: `no meeting …` compared with a value: `no` makes a condition by itself.
    static func noCompared(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q174", message: "`no …` is a condition by itself and cannot be compared",
                   hint: "write `no meeting in last 20 days`, or compare the count: `meeting in last 20 days = 0`").placed(at: site)
    }
}
