#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The catalogue of messages about register files (D…) and files in general (F…).
// Every message that names a row gives the file and line; pupil data never appears
// beyond the UPN (names, dates of birth, contacts and SEN status are not echoed).
// Keep the codes stable: tests, scripts and people refer to them.

extension DiagnosticCode {
    /// F002, which a caller tells apart from other failures to open a file.
    static let isDirectory: DiagnosticCode = "F002"
    /// D399, the one-line summary of rows `--skip-bad-rows` left out: shown even when other
    /// warnings are only counted.
    public static let skippedRows: DiagnosticCode = "D399"
    /// D215: marks spanning more than 20 academic years (the far-date check is then moot).
    static let tooManyYears: DiagnosticCode = "D215"
}

extension Diagnostic {
    // MARK: Files (F…)

    static func cannotOpen(_ path: String, errno code: Int32) -> Diagnostic {
        let reason = String(cString: strerror(code))
        let hint: String
        switch code {
        case ENOENT: hint = "check the path; a register folder holds pupils.csv, marks.csv and optionally calendar.csv"
        case EACCES: hint = "the file is not readable by you: check its permissions"
        default: hint = "check that the file exists and can be read"
        }
        return Diagnostic("F001", message: "cannot open \(path): \(reason)", hint: hint,
                          location: SourceLocation(file: path))
    }

    static func isDirectory(_ path: String) -> Diagnostic {
        Diagnostic(.isDirectory, message: "\(path) is a folder, not a file", hint: "name the CSV file inside it, or pass the folder with --data",
                   location: SourceLocation(file: path))
    }

    static func notRegularFile(_ path: String) -> Diagnostic {
        Diagnostic("F007", message: "\(path) is not a regular file (a pipe, socket or device)", hint: "name a CSV file saved on disk",
                   location: SourceLocation(file: path))
    }

    public static func cannotWrite(_ path: String, reason: String) -> Diagnostic {
        Diagnostic("F003", message: "cannot write \(path): \(reason)", hint: "check the folder exists, is writable and the disk is not full; nothing was left half-written",
                   location: SourceLocation(file: path))
    }

    /// F006: a script or settings file that is not UTF-8 text.
    static func notUTF8(_ path: String, saveAs what: String) -> Diagnostic {
        Diagnostic("F006", message: "\(path) is not UTF-8 text", hint: "save \(what) as UTF-8", location: SourceLocation(file: path))
    }

    /// F040: the demo register could not be written.
    static func demoWriteFailed(_ what: String, errno code: Int32) -> Diagnostic {
        Diagnostic("F040", message: "\(what): \(String(cString: strerror(code)))")
    }

    /// F041: the demo register's folder is a file.
    static func notADirectory(_ path: String) -> Diagnostic {
        Diagnostic("F041", message: "\(path) exists and is not a directory", location: SourceLocation(file: path))
    }

    static func missingRegisterFile(_ path: String) -> Diagnostic {
        Diagnostic("F004", message: "no \(PathName(path: path).lastComponent) in the register folder", hint: "a register folder holds pupils.csv and marks.csv (calendar.csv is optional)",
                   location: SourceLocation(file: path))
    }

    // MARK: Whole files (D0xx)

    static func missingColumn(_ file: String, column: String, found: [String]) -> Diagnostic {
        // A header of 10,000 columns, or one 100 MB long, is named in a line or two.
        let shown = found.prefix(20).map { printable($0, 40) } + (found.count > 20 ? ["… (\(found.count) columns)"] : [])
        return Diagnostic("D001", message: "missing required column '\(column)'; found: \(found.isEmpty ? "(none)" : shown.joined(separator: ", "))",
                   hint: "header names ignore case, spaces and underscores; usual MIS spellings are accepted (see Docs/register-files.md)",
                   location: SourceLocation(file: file, line: 1))
    }

    /// D003: the first line names no column attend reads: a file exported without its
    /// header, or with blank lines above it. The line is not echoed (it may be a pupil's row).
    static func noHeader(_ file: String, blank: Bool, expected: [String]) -> Diagnostic {
        Diagnostic("D003", message: blank ? "line 1 is blank: the first line must be the header" : "line 1 is not a header: it names none of the columns (\(expected.joined(separator: ", ")), …)",
                   hint: blank ? "remove the blank lines above the header" : "export the file again with its header row; the first line names the columns (see Docs/register-files.md)",
                   location: SourceLocation(file: file, line: 1))
    }

    static func emptyFile(_ file: String) -> Diagnostic {
        Diagnostic("D002", message: "the file is empty", hint: "export the file again from the MIS", location: SourceLocation(file: file))
    }

    static func noRows(_ file: String) -> Diagnostic {
        Diagnostic("D026", message: "the file has a header but no rows", hint: "export the file again from the MIS", location: SourceLocation(file: file, line: 1))
    }

    static func notUTF8(_ file: String, line: Int, detail: String) -> Diagnostic {
        Diagnostic("D010", message: "not UTF-8 text (\(detail))", hint: "save the file as CSV UTF-8 from the spreadsheet or MIS",
                   location: SourceLocation(file: file, line: line))
    }

    static func wrongDelimiter(_ file: String, name: String) -> Diagnostic {
        Diagnostic("D011", message: "the header is separated by \(name), not commas", hint: "export as comma-separated CSV",
                   location: SourceLocation(file: file, line: 1))
    }

    static func notCSV(_ file: String) -> Diagnostic {
        Diagnostic("D011", message: "this is not a CSV file (no comma-separated header)", hint: "export the file again as CSV",
                   location: SourceLocation(file: file, line: 1))
    }

    static func duplicateHeader(_ file: String, column: String, col: Int) -> Diagnostic {
        Diagnostic("D028", message: "column '\(column)' appears more than once in the header", hint: "remove or rename the repeated column",
                   location: SourceLocation(file: file, line: 1, column: col))
    }

    static func unterminatedQuote(_ file: String, line: Int) -> Diagnostic {
        Diagnostic("D022", message: "a quoted field starting on this line is never closed", hint: "a field that starts with \" must end with \"; write \"\" for a quote inside it",
                   location: SourceLocation(file: file, line: line))
    }

    static func nulBytes(_ file: String, line: Int) -> Diagnostic {
        Diagnostic("D029", message: "the file contains NUL bytes: it is binary or UTF-16, not CSV text", hint: "save the file as CSV UTF-8",
                   location: SourceLocation(file: file, line: line))
    }

    // MARK: pupils.csv (D1xx)

    static func duplicateUPN(_ file: String, line: Int, firstLine: Int, upn: String) -> Diagnostic {
        Diagnostic("D101", message: "UPN \(upnText(upn)) appears twice (also line \(firstLine))", hint: "each pupil has one row; remove the duplicate",
                   location: SourceLocation(file: file, line: line), related: [SourceLocation(file: file, line: firstLine)])
    }

    static func missingValue(_ file: String, line: Int, column: Int, name: String) -> Diagnostic {
        Diagnostic("D102", message: "'\(name)' is empty", hint: "every row needs a value for \(name)",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func badYearGroup(_ file: String, line: Int, column: Int) -> Diagnostic {
        Diagnostic("D103", message: "year group is not R or 1 to 13", hint: "use R, 1, …, 13 (also 'Year 9', 'Y9')",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func badFlag(_ file: String, line: Int, column: Int, name: String) -> Diagnostic {
        Diagnostic("D104", message: "'\(name)' is not yes or no", hint: "use Y/N (also Yes/No, T/F, 1/0, true/false), or leave it empty",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func badSEND(_ file: String, line: Int, column: Int) -> Diagnostic {
        Diagnostic("D105", message: "SEN status is not N, K or E", hint: "N = none, K = SEN support, E = EHC plan",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func badPupilDate(_ file: String, line: Int, column: Int, name: String) -> Diagnostic {
        Diagnostic("D106", message: "'\(name)' is not a valid date", hint: "write dates as 2025-09-03 or 03/09/2025",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func leftBeforeAdmitted(_ file: String, line: Int, upn: String) -> Diagnostic {
        Diagnostic("D107", message: "pupil \(upnText(upn)) left before being admitted", hint: "check the admission and leaving dates",
                   location: SourceLocation(file: file, line: line))
    }

    static func oddUPN(_ file: String, line: Int, column: Int, upn: String) -> Diagnostic {
        Diagnostic("D108", .warning, message: looksLikeUPN(upn) ? "UPN \(upn) is not 13 letters and digits" : "the UPN is not 13 letters and digits (it is not shown: it may be other pupil data)", hint: "a UPN is 13 characters; check the export",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func shortPupilRow(_ file: String, line: Int, fields: Int, header: Int) -> Diagnostic {
        Diagnostic("D109", message: "the row has \(fields) field\(fields == 1 ? "" : "s"), the header \(header)",
                   hint: "a row cut short or a field missing its comma: export the file again (empty fields still need their commas)",
                   location: SourceLocation(file: file, line: line))
    }

    // MARK: marks.csv (D2xx)

    static func unknownCode(_ file: String, line: Int, column: Int, code: String) -> Diagnostic {
        let shown = printable(code, 12)
        var hint = "the national codes are listed by `attend codes`; an MIS's own code (I01, X01) is mapped to one in codes.csv in the register folder (code,means: I01,I)"
        if CodeID(shown.uppercased()) != nil { hint = "codes are upper case: did you mean \(shown.uppercased())?" }
        // A code is a character or two: anything longer is not echoed (a column out of place
        // can put a name or a note here).
        let message = shown.count <= 4 ? "unknown mark code \"\(shown)\"" : "unknown mark code (\(code.count) characters; not shown)"
        return Diagnostic("D201", message: message, hint: hint,
                          location: SourceLocation(file: file, line: line, column: column))
    }

    static func malformedDate(_ file: String, line: Int, column: Int, text: String) -> Diagnostic {
        Diagnostic("D202", message: text.count <= 20 && text.allSatisfy({ $0.isNumber || "/-. ".contains($0) })
                   ? "\"\(printable(text, 20))\" is not a valid date" : "the date is not a valid date (it is not shown: it is not digits and / or -)", hint: "write dates as 2025-09-03 or 03/09/2025 (day/month/year)",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func badSession(_ file: String, line: Int, column: Int, text: String) -> Diagnostic {
        Diagnostic("D203", message: text.count <= 4 ? "session \"\(printable(text, 4))\" is neither AM nor PM" : "the session is neither AM nor PM (\(text.count) characters; not shown)", hint: "use AM or PM (also A/P, morning/afternoon)",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func unknownPupil(_ file: String, line: Int, column: Int, upn: String) -> Diagnostic {
        Diagnostic("D204", message: looksLikeUPN(upn) ? "mark for UPN \(upn), who is not in pupils.csv" : "mark for a UPN not in pupils.csv (not shown: it is not letters and digits)", hint: "export pupils.csv and marks.csv together, including leavers",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func conflictingMarks(_ file: String, line: Int, otherLine: Int, upn: String, day: Day, pm: Bool, a: String, b: String) -> Diagnostic {
        Diagnostic("D205", message: "two different marks for \(upnText(upn)) on \(day.iso) \(pm ? "PM" : "AM"): \(markShown(a)) on line \(otherLine) and \(markShown(b)) here",
                   hint: "a session has one mark; correct it in the MIS and export again",
                   location: SourceLocation(file: file, line: line), related: [SourceLocation(file: file, line: otherLine)])
    }

    /// D205 for two files of one register (`marks/2024-25.csv` and `marks/2025-26.csv`).
    static func conflictingMarksAcrossFiles(_ file: String, line: Int, otherFile: String, otherLine: Int, upn: String, day: Day, pm: Bool,
                                            a: String, b: String) -> Diagnostic {
        Diagnostic("D205", message: "two different marks for \(upnText(upn)) on \(day.iso) \(pm ? "PM" : "AM"): \(markShown(a)) at \(otherFile):\(otherLine) and \(markShown(b)) here",
                   hint: "a session has one mark: the two exports disagree; correct it in the MIS and export again",
                   location: SourceLocation(file: file, line: line), related: [SourceLocation(file: otherFile, line: otherLine)])
    }

    static func markOnClosureDay(_ file: String, line: Int, count: Int, day: Day, closure: String) -> Diagnostic {
        Diagnostic("D216", .warning, message: "\(count) mark\(count == 1 ? " is" : "s are") neither # nor a Y code on days calendar.csv names as closures (first here: \(closure.isEmpty ? "closure" : printable(closure, 30)) \(day.iso)); counted with their meaning",
                   hint: "a closure day's marks are # (or a Y code); if the school was open, take the day out of calendar.csv's closures",
                   location: SourceLocation(file: file, line: line))
    }

    static func farDate(_ file: String, line: Int, column: Int, day: Day, from: Int, to: Int) -> Diagnostic {
        Diagnostic("D217", message: "mark on \(day.iso), far from the rest of the register (\(from == to ? Period.yearLabel(from) : "\(Period.yearLabel(from)) to \(Period.yearLabel(to))"))",
                   hint: "check the year (a typing slip?); if the register really has marks then, give calendar.csv with its terms",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    /// D218: pupils whose marks stop before the register's last day, with no leaving date
    /// (a cut-off export, or leavers exported without their leaving dates).
    static func marksStopEarly(_ file: String, count: Int, after: Day?, lastDay: Day, upns: [String]) -> Diagnostic {
        let shown = upns.prefix(100).map(upnText).joined(separator: ", ") + (upns.count > 100 ? " and \(upns.count - 100) more" : "")
        return Diagnostic("D218", .warning, message: "\(stoppedMarksNote(count: count, after: after)): they stay on roll to \(lastDay.iso), with no possible sessions after their last mark; UPNs \(shown)",
                          hint: "a cut-off export? export marks.csv again; for leavers, give their leaving dates in pupils.csv's 'left' column",
                          location: SourceLocation(file: file))
    }

    /// The note every result carries while D218 holds (see ``Register/resultNotes(asOf:)``).
    static func stoppedMarksNote(count: Int, after: Day?) -> String {
        "\(count) pupil\(count == 1 ? " has" : "s have") no marks\(after.map { " after \($0.shortEnglish)" } ?? "") and no leaving date"
    }

    /// The note on results computed for an as-of date more than a holiday after the
    /// register's last day.
    static func asOfBeyondRegister(_ asOf: Day, lastDay: Day) -> String {
        "the as-of date \(asOf.shortEnglish) is \(lastDay.distance(to: asOf)) days after the register's last day (\(lastDay.shortEnglish)): the register has no sessions after that day, so windows after it count nothing"
    }

    static func repeatedMark(_ file: String, line: Int, count: Int) -> Diagnostic {
        Diagnostic("D206", .warning, message: "\(count) row\(count == 1 ? " repeats" : "s repeat") a session with the same mark (first here); each is counted once",
                   location: SourceLocation(file: file, line: line))
    }

    static func outsideTerms(_ file: String, line: Int, column: Int, day: Day) -> Diagnostic {
        Diagnostic("D207", message: "mark on \(day.iso), outside every term of calendar.csv", hint: "check the date, or add the term to calendar.csv",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func weekendMark(_ file: String, line: Int, column: Int, day: Day) -> Diagnostic {
        Diagnostic("D208", message: "mark on \(day.weekdayName) \(day.iso): registers have no weekend sessions", hint: "check the date (day/month order?)",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func badMinutes(_ file: String, line: Int, column: Int) -> Diagnostic {
        Diagnostic("D209", message: "minutes_late is not a whole number of minutes", hint: "write a number such as 12, or leave it empty",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func legacyAfterWithdrawal(_ file: String, line: Int, code: String, count: Int, withdrawn: Day) -> Diagnostic {
        Diagnostic("D210", .warning, message: "code \(markShown(code, quoted: false)) was withdrawn after \(withdrawn.shortEnglish) but is used \(count) time\(count == 1 ? "" : "s") after it (first here); counted with its old meaning",
                   hint: CodeID(code).map { successorHint($0.info.code) } ?? nil,
                   location: SourceLocation(file: file, line: line))
    }

    static func codeBeforeIntroduction(_ file: String, line: Int, code: String, count: Int, introduced: Day) -> Diagnostic {
        Diagnostic("D211", .warning, message: "code \(markShown(code, quoted: false)) came in on \(introduced.shortEnglish) but is used \(count) time\(count == 1 ? "" : "s") before it (first here)",
                   location: SourceLocation(file: file, line: line))
    }

    static func noMarkRecorded(_ file: String, line: Int, count: Int) -> Diagnostic {
        Diagnostic("D212", .warning, message: "\(count) session\(count == 1 ? " has" : "s have") no mark recorded ('-'; first here); they are not counted as possible",
                   hint: "complete the register in the MIS", location: SourceLocation(file: file, line: line))
    }

    static func marksOffRoll(_ file: String, count: Int) -> Diagnostic {
        Diagnostic("D213", .warning, message: "\(count) counted mark\(count == 1 ? " falls" : "s fall") outside the pupils' dates on roll; they are ignored",
                   hint: "check 'admitted' and 'left' in pupils.csv", location: SourceLocation(file: file))
    }

    static func missingMarkField(_ file: String, line: Int, column: Int, name: String) -> Diagnostic {
        Diagnostic("D214", message: "'\(name)' is empty", hint: "every mark row needs upn, date, session and mark",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func tooManyYears(_ file: String, line: Int, column: Int, year: Int, limit: Int) -> Diagnostic {
        Diagnostic("D215", message: "mark in \(Period.yearLabel(year)), but the register already spans \(limit) academic years, the most attend loads",
                   hint: "check the date (a typing slip in the year?); export a few years at a time",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func tooManyProblems(_ file: String, shown: Int, total: Int) -> Diagnostic {
        Diagnostic("D299", .note, message: "\(total - shown) more problems not listed (\(total) in all)", location: SourceLocation(file: file))
    }

    // MARK: codes.csv (D5xx)

    static func badSchoolCode(_ file: String, line: Int, column: Int, text: String) -> Diagnostic {
        Diagnostic("D501", message: text.isEmpty ? "'code' is empty" : "\(ownCodeShown(text)) is not a mark code: at most 8 characters, no spaces, commas or quotes",
                   hint: "each row maps one MIS code to the national code it stands for: I01,I",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func schoolCodeIsNational(_ file: String, line: Int, column: Int, code: String) -> Diagnostic {
        Diagnostic("D502", message: "\(ownCodeShown(code)) is a national code: its meaning cannot be changed",
                   hint: "codes.csv lists only the MIS's own codes (I01, X01, …)",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func schoolCodeMeansUnknown(_ file: String, line: Int, column: Int, code: String, text: String) -> Diagnostic {
        Diagnostic("D503", message: "\(ownCodeShown(code)) means \(ownCodeShown(text)), which is not a national attendance code",
                   hint: "'means' is the national code the MIS code stands for: one of `attend codes` (I, X, C2, …)",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func schoolCodeTwice(_ file: String, line: Int, firstLine: Int, code: String) -> Diagnostic {
        Diagnostic("D504", message: "\(ownCodeShown(code)) is mapped twice (first on line \(firstLine))", hint: "keep one row per code",
                   location: SourceLocation(file: file, line: line), related: [SourceLocation(file: file, line: firstLine)])
    }

    static func tooManySchoolCodes(_ file: String, line: Int, limit: Int) -> Diagnostic {
        Diagnostic("D505", message: "more than \(limit) codes: attend holds at most \(limit) codes of a school's own",
                   hint: "list only the codes the marks use",
                   location: SourceLocation(file: file, line: line))
    }

    // MARK: calendar.csv (D3xx)

    static func badCalendarKind(_ file: String, line: Int, column: Int, text: String) -> Diagnostic {
        Diagnostic("D301", message: "kind \"\(printable(text, 20))\" is not term, half-term or closure", hint: "each row is a term, a half-term or a closure",
                   location: SourceLocation(file: file, line: line, column: column))
    }

    static func calendarRange(_ file: String, line: Int) -> Diagnostic {
        Diagnostic("D302", message: "the end date is before the start date", location: SourceLocation(file: file, line: line))
    }

    static func halfTermOutsideTerm(_ file: String, line: Int, name: String) -> Diagnostic {
        Diagnostic("D303", .warning, message: "half-term \"\(name)\" is not inside any term", location: SourceLocation(file: file, line: line))
    }

    static func overlappingTerms(_ file: String, line: Int, otherLine: Int) -> Diagnostic {
        Diagnostic("D304", message: "this period overlaps the one on line \(otherLine)", location: SourceLocation(file: file, line: line),
                   related: [SourceLocation(file: file, line: otherLine)])
    }

    static func inferredHalfTerms(year: Int, found: Int) -> Diagnostic {
        Diagnostic("D305", .warning, message: "the register for \(year)/\(String((year + 1) % 100)) has \(found) runs of school days between breaks, not 6; half-terms were merged at the shortest breaks",
                   hint: "give a calendar.csv to name the terms exactly")
    }

    static func skippedRows(_ file: String, count: Int) -> Diagnostic {
        Diagnostic(.skippedRows, .warning, message: "\(count) bad row\(count == 1 ? " was" : "s were") skipped (--skip-bad-rows); the figures leave them out",
                   location: SourceLocation(file: file))
    }

    /// Whether a value from a UPN column can be shown: at most 20 ASCII letters and digits
    /// with a digit among them. Anything else may be a name or a contact in the wrong
    /// column, and messages name pupils by UPN only.
    static func looksLikeUPN(_ upn: String) -> Bool {
        let u = upn.utf8
        return !u.isEmpty && u.count <= 20 && u.contains { $0 >= 48 && $0 <= 57 }
            && u.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }

    /// A UPN as a message shows it.
    static func upnText(_ upn: String) -> String {
        looksLikeUPN(upn) ? upn : "(a UPN that is not letters and digits, not shown)"
    }

    /// A code from codes.csv as a message shows it: quoted when it could be a code (at most 8
    /// characters, none of them a space); anything else (a name in the wrong column) by its
    /// length only.
    static func ownCodeShown(_ code: String) -> String {
        let s = printable(code, 12)
        guard s.count <= 8, !s.contains(where: { $0.isWhitespace }) else { return "a code of \(code.count) characters (not shown)" }
        return "\"\(s)\""
    }

    /// A mark code from marks.csv as a message shows it: a code is a character or a few, so
    /// anything longer (a column out of place can hold a name) is not echoed.
    static func markShown(_ code: String, quoted: Bool = true) -> String {
        let s = printable(code, 12)
        guard s.count <= 4 else { return "a mark of \(code.count) characters (not shown)" }
        return quoted ? "\"\(s)\"" : s
    }

    /// Text from a file as a message shows it: at most `n` characters, control characters
    /// (a NUL, an escape sequence) as `?`.
    static func printable(_ text: String, _ n: Int) -> String {
        String(text.prefix(n).map { $0.unicodeScalars.contains { $0.value < 32 || $0.value == 127 } ? "?" : $0 })
    }

    private static func successorHint(_ code: String) -> String? {
        switch code {
        case "H": "agreed holidays are now C"
        case "J": "interviews are now J1 (authorised absence)"
        case "Y": "use Y1 to Y7"
        case "F": "extended holidays were merged into H in 2013"
        default: nil
        }
    }
}

/// The last component of a path, without Foundation.
struct PathName {
    let path: String
    var lastComponent: String { String(path.split(separator: "/").last ?? Substring(path)) }
}
