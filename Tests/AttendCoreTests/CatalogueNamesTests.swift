import Foundation
import Testing
@testable import AttendCore

/// Messages name pupils by UPN only. Every entry of every catalogue is rendered here (a test
/// checks none is missing). Those that can carry a value
/// read from a register row or a letter file (Catalogue/DataMessages.swift, the letters'
/// L007 and L009) are rendered with a pupil's name, Grace Davies, in every argument that
/// holds such a value (a UPN, a mark code, a date, a session, a mark, a file name, a pupil
/// with missing fields); the output must not contain the name. Arguments that are the
/// user's own words (a path they gave) or attend's (a column name from the header, a
/// reason, calendar.csv's kind of period) are given plainly. It found D205 (two marks for a
/// session), D210 and D211 (legacy codes) echoing a mark field whole; they now show a mark
/// of more than four characters by its length only, as D201 does.
@Suite struct CatalogueNamesTests {
    static let name = "Grace Davies"
    static let v = "Davies Grace"
    static let file = "reg/pupils.csv"
    static let day = Day(parsing: "2026-01-23")!
    static let site = DiagnosticSite(source: QuerySource(text: "pupils", span: 0..<6))

    static var rendered: [Diagnostic] {
        let (f, v, d) = (file, v, day)
        return [
            .cannotOpen(f, errno: 2), .isDirectory(f), .notRegularFile(f), .cannotWrite(f, reason: "No space left on device"),
            .missingRegisterFile(f), .missingColumn(f, column: "upn", found: ["forename", "surname"]),
            .noHeader(f, blank: false, expected: ["upn"]), .emptyFile(f), .noRows(f), .notUTF8(f, line: 3, detail: "a character is malformed"),
            .wrongDelimiter(f, name: "semicolons"), .notCSV(f), .duplicateHeader(f, column: "upn", col: 2), .unterminatedQuote(f, line: 3),
            .nulBytes(f, line: 3), .duplicateUPN(f, line: 3, firstLine: 2, upn: v), .missingValue(f, line: 3, column: 2, name: "upn"),
            .badYearGroup(f, line: 3, column: 4), .badFlag(f, line: 3, column: 5, name: "fsm"), .badSEND(f, line: 3, column: 6),
            .badPupilDate(f, line: 3, column: 7, name: "dob"), .leftBeforeAdmitted(f, line: 3, upn: v), .oddUPN(f, line: 3, column: 1, upn: v),
            .unknownCode(f, line: 3, column: 4, code: v), .malformedDate(f, line: 3, column: 2, text: v), .badSession(f, line: 3, column: 3, text: v),
            .unknownPupil(f, line: 3, column: 1, upn: v), .conflictingMarks(f, line: 3, otherLine: 2, upn: v, day: d, pm: false, a: v, b: v),
            .repeatedMark(f, line: 3, count: 2), .outsideTerms(f, line: 3, column: 2, day: d), .weekendMark(f, line: 3, column: 2, day: d),
            .badMinutes(f, line: 3, column: 5), .legacyAfterWithdrawal(f, line: 3, code: v, count: 2, withdrawn: d),
            .codeBeforeIntroduction(f, line: 3, code: v, count: 2, introduced: d), .noMarkRecorded(f, line: 3, count: 2), .marksOffRoll(f, count: 2),
            .missingMarkField(f, line: 3, column: 2, name: "date"), .tooManyYears(f, line: 3, column: 2, year: 2200, limit: 20),
            .tooManyProblems(f, shown: 20, total: 40), .badCalendarKind(f, line: 3, column: 1, text: "holiday"), .calendarRange(f, line: 3),
            .halfTermOutsideTerm(f, line: 3, name: "Autumn 1"), .overlappingTerms(f, line: 3, otherLine: 2), .inferredHalfTerms(year: 2025, found: 2),
            .skippedRows(f, count: 2),
            .notUTF8(f, saveAs: "the script"), .demoWriteFailed("cannot write \(f)", errno: 28), .notADirectory(f),
            .shortPupilRow(f, line: 3, fields: 5, header: 17),
            .conflictingMarksAcrossFiles(f, line: 3, otherFile: "reg/marks-2.csv", otherLine: 2, upn: v, day: d, pm: true, a: v, b: v),
            .markOnClosureDay(f, line: 3, count: 2, day: d, closure: "INSET day"), .farDate(f, line: 3, column: 2, day: d, from: 2025, to: 2026),
            .marksStopEarly(f, count: 2, after: d, lastDay: d, upns: [v, v]),
            .badSchoolCode(f, line: 3, column: 1, text: v), .schoolCodeIsNational(f, line: 3, column: 1, code: v),
            .schoolCodeMeansUnknown(f, line: 3, column: 2, code: v, text: v), .schoolCodeTwice(f, line: 3, firstLine: 2, code: v),
            .tooManySchoolCodes(f, line: 3, limit: 24),
            .pupilsLackFields([LetterProblem(upn: "A880007000001", name: name, noContact: "contact_name", fields: ["address"])], total: 3, at: site),
            .lettersWouldOverwrite(["Davies_Grace_A880007000001.html", "Davies_Grace_A880007000002.html", "index.csv"], folder: "letters", at: site),
        ]
    }

    @Test func noEntryNamesThePupil() {
        let all = Self.rendered
        #expect(all.count == 60)
        for d in all {
            let text = DiagnosticRenderer(color: false).render(d)
            #expect(!text.contains("Grace") && !text.contains("Davies"), "\(d.code): \(text)")
        }
    }

    /// Every other catalogue's entries, rendered. Their arguments are the user's own words
    /// (query text, paths, parameter names), attend's (column names, periods, forms, file
    /// formats) or a school's settings and templates; none is given a register row's value,
    /// so each is rendered with plain arguments, and the check above still applies: an entry
    /// that pulled a pupil's name from somewhere else would show it. A new entry that does take
    /// a value read from a register row gives it the name here (as the data catalogue does).
    static var renderedElsewhere: [Diagnostic] {
        let s = site, f = file, d = day
        let period = Period(kind: .term, name: "Autumn", start: d, end: d, academicYear: 2025, number: 1)
        return [
            // BindMessages
            .unknownColumn("frm", suggestion: "form", columns: ["upn", "form"], at: s), .unknownCohort("c", suggestion: nil, defined: ["d"], at: s),
            .unknownMarkCode("QQ", suggestion: "O", at: s), .countVersusPercentage(left: "absent", right: "90%", at: s),
            .noSuchPeriod("term 4", year: 2025, available: [period], at: s), .yearNotInRegister(2019, covered: [2025], at: s),
            .windowAfterAsOf("next term", asOf: d, at: s), .backwardsWindow(at: s), .noMinutesLate(at: s), .notAYesNoColumn("form", at: s),
            .incomparable("form", "<", "90%", at: s), .unknownUPN("A880007000001", at: s), .unknownParameter("yeer", at: s),
            .parameterKind("year", expected: "a whole number", at: s), .unitMismatch("absent", unit: "%", expected: "sessions", at: s),
            .measureNotAllowed("trend", hint: "use it in show", at: s), .invalidValue("14", column: "year", expected: "a year group", at: s),
            .notPositive("a limit", at: s), .oneGroupOnly(at: s), .nothingToCompare(at: s), .columnNotInRegister("fsm", at: s),
            .noCurrentPeriod("this term", asOf: d, at: s), .unknownForm("9Z", hint: "forms are 9A, 9B", at: s), .unknownFormat("xls", at: s),
            .badCohortName("pupils", at: s), .notBound(at: s), .tooLargeToCompute(at: s),
            .windowsDisagree(part: "rate", windowed: "rate this term", what: "one statement", sameWindow: "a", asWritten: "b", at: s),
            // DemoMessages, UsageMessages
            .unknownDemoStyle("fancy", known: ["plain"]), .demoStyleBothOrders("shuffled,date-order"),
            .notAFolder(f), .badParameterValue("year", value: "nine"), .undeclaredParameter("yeer", declared: ["year"]),
            .repeatedParameter("year"), .parameterWithoutValue("year"), .demoPupilCount(0, max: 1_000_000), .demoYear(1900, supported: 2000...2100),
            // LetterMessages (pupilsLackFields and lettersWouldOverwrite are rendered above, with the name)
            .unknownLetterOption("sign", suggestion: "signature", at: s), .badLetterOption("bad option", hint: "see Docs/letters.md", at: s),
            .templateNotFound("t.html", reason: "No such file or directory", at: s),
            .templateSyntax("t.html", line: 3, column: 4, problem: "an unclosed {{", text: "Dear {{contact_name", at: s),
            .partialNotFound("footer", template: "t.html", line: 3, column: 4, tried: ["footer.html"], at: s),
            .unknownLetterField("fornam", template: "t.html", line: 3, column: 4, why: nil, suggestion: "forename", at: s),
            .noContactColumn(columns: ["upn", "forename"], at: s),
            .schoolSettingMissing("head", field: "school.head", template: "t.html", line: 3, column: 4, settingsFile: "school.conf", at: s),
            .badSchoolSetting("a line without =", hint: "write KEY = VALUE", file: "school.conf", line: 3), .partialsTooDeep("footer", template: "t.html", at: s),
            // QueryMessages: arguments are the user's query text
            .unexpectedCharacter("§", at: s), .controlCharacter(7, at: s), .unterminatedString(at: s), .unterminatedQuotedName(at: s),
            .emptyQuotedName(at: s), .missingParameterName(at: s), .foreignOperator("==", replacement: "=", at: s),
            .numberTooLarge("1", limit: 18, at: s), .tooManyTerms(limit: 2000, at: s), .invalidDate("31 Feb", at: s),
            .statementTooLong(limit: 100_000, at: s), .nestingTooDeep(limit: 200, at: s), .unknownMeasure("rat", suggestion: "rate", at: s),
            .noStatement(onlyComments: true, at: s), .expectedStatement(found: "x", suggestion: nil, at: s),
            .expectedEndOfStatement(found: "x", suggestion: nil, glued: false, at: s), .explainNeedsQuery(found: "x", at: s),
            .expectedWord("by", after: "sorted", found: "x", at: s), .clauseOutOfOrder("limit", at: s),
            .expectedUPN(found: "x", looksLikePupilList: false, at: s), .expectedPupilList(after: "for", found: "x", at: s),
            .expectedName(after: "let", found: "x", at: s), .reservedCohortName("pupils", at: s), .expectedColumn(after: "show", found: "x", at: s),
            .expectedShowFor(found: "x", at: s), .expectedText(after: "into", found: "x", at: s),
            .expectedCondition(after: "where", found: "x", suggestion: nil, at: s), .mixedAndOr(at: s), .unclosedBracket(found: "x", at: s),
            .unexpectedClosingBracket(at: s), .expectedOperand(after: "<", found: "x", at: s), .measureNeedsComparison("rate", at: s),
            .predicateCompared("persistent", at: s), .expectedCode(found: "x", at: s), .codesNeedCommas(at: s),
            .expectedWindow(after: "over", found: "x", at: s), .expectedPeriod(after: "this", found: "x", suggestion: nil, at: s),
            .expectedDate(after: "on", found: "x", at: s), .expectedWholeNumber(after: "last", found: "x", at: s),
            .invalidAcademicYear("2025/27", at: s), .windowReachesNoMeasure(at: s), .windowWithoutMeasure("term 1", at: s),
            .windowAfterBracket(at: s), .misplacedWindow("over term 1", at: s), .unknownFormat("xls", suggestion: "csv", at: s),
            .unknownSetting("colour", suggestion: nil, at: s), .clauseInCohort("limit", at: s), .parserStalled(at: s),
            .standInRefuses("pupils", span: 0..<6),
            // ScriptMessages, StoreMessages
            .missingParameter("year", at: s), .safeModeWrite("../x.csv", why: "outside the folder", at: s), .safeModeResultsFile("x.sh", at: s),
            .safeModeRead("/etc/t.html", why: "outside the script's folder", at: s),
            .notAStore(f), .storeVersion("r.attend", found: 2, supported: 3), .storeDamaged("r.attend", "a checksum does not match"),
            .storeSourceChanged("r.attend", file: f, what: "its size"), .storeSourceMissing("r.attend", file: f, saved: "1 Dec 2026"),
            // WorkbookMessages, WriteMessages
            .workbookFailed("x.xlsx", reason: "error creating output xlsx file"), .workbookNeedsFile(at: s), .workbookIsNotText("x.xlsx"),
            .fileExists("x.csv"), .notWritableKind("/dev/null", kind: "a device"), .registerFileTarget("pupils.csv", registerFile: f),
            // CaseworkMessages: actions.csv's fields are a register file's, and get the name.
            .unknownAction("reg/actions.csv", line: 3, column: 3, text: v, schoolWords: ["fpn"]),
            .actionForUnknownPupil("reg/actions.csv", line: 3, column: 2, upn: v), .partialLastLine("reg/actions.csv", line: 3),
            .actionInFuture("reg/actions.csv", line: 3, column: 1, date: d, today: d), .appendRefusedSafe("record", at: s),
            .actionLogNotFile("reg/actions.csv", kind: "a folder"), .actionLogPartial("reg/actions.csv"),
            .actionLogHeader("reg/actions.csv", missing: "upn"), .actionLogFailed("reg/actions.csv", reason: "No space left on device"),
            .expectedAction(found: "x", at: s), .recordNeeds("a date", found: "x", at: s), .noNeedsAction(found: "x", at: s),
            .actionsNeeds("a pupil", found: "x", at: s), .actionWindowUnit(found: "x", at: s), .recordInFuture(d, today: d, at: s),
            .noActionLog(at: s), .recordTextLineBreak("note", at: s), .actionWindowZero(at: s), .actionsOptionFolder("reg"), .noCompared(at: s),
            // ProjectionMessages, ReferenceMessages (a reference file holds an area's figures, no pupil)
            .projectionWindow("sessions needed", at: s), .projectionRate("150%", at: s), .projectionIsCondition("at risk", at: s),
            .projectionGrouped("sessions needed", at: s),
            .referenceHeader("la.csv", found: ["a"]), .referenceFieldCount("la.csv", line: 3, found: 2, expected: 8),
            .referenceBadField("la.csv", line: 3, column: "value", value: "n/a", why: "not a number"),
            .referenceDuplicate("la.csv", line: 3, firstLine: 2), .referenceUnterminatedQuote("la.csv", line: 3), .noReferenceFile(at: s),
            .unknownComparison("natonal", areas: ["national"], suggestion: "national", at: s), .nothingToCompareWithFigures(at: s),
            .unknownReport("weekly"), .cannotReadReportScript("r.attend"), .reportStatementWrites(at: s),
            // SearchMessages, TimeMessages: the user's words
            .expectedWeekdays(found: "fri", suggestion: "fridays", at: s), .chartNeedsGroups(at: s), .weekdaysNeedCount("rate", at: s),
            .noPupilNamed(at: s), .likeNeedsName("form", at: s), .emptyNameSearch(at: s),
            .unknownChartValue("x", available: ["rate"], at: s), .trendWindow(at: s), .trendIsAColumn(at: s),
            .monthAfterAsOf("june", asOf: d, earlier: "june 2025", at: s), .noSchoolDays("august", schoolDays: nil, at: s),
            .namedDayNotSchoolDay("last saturday", day: d, previous: d, at: s), .noSuchDayInYear(31, month: 2, year: 2026, at: s),
            .notByTime("count", hint: "use rate", at: s), .sideBySideByTime(at: s), .tooManyWindows(limit: 8, at: s), .sideWindowNotAllowed(at: s),
        ]
    }

    @Test func noOtherEntryNamesThePupil() {
        for d in Self.renderedElsewhere {
            let text = DiagnosticRenderer(color: false).render(d)
            #expect(!text.contains("Grace") && !text.contains("Davies"), "\(d.code): \(text)")
        }
    }

    /// Every entry of every catalogue (each `static func … -> Diagnostic` under
    /// Diagnostics/Catalogue/) is rendered in this file: a new one must be added, and its
    /// author decides which of its arguments can hold a value read from a register row.
    @Test func everyCatalogueEntryIsCovered() throws {
        let catalogue = Fixture.testsDirectory + "/../Sources/AttendCore/Diagnostics/Catalogue"
        let me = try String(contentsOfFile: Fixture.testsDirectory + "/AttendCoreTests/CatalogueNamesTests.swift", encoding: .utf8)
        let files = try FileManager.default.contentsOfDirectory(atPath: catalogue).filter { $0.hasSuffix(".swift") }.sorted()
        #expect(files.count >= 10)
        let entry = /static func (\w+)\([^{]*?\)\s*->\s*Diagnostic\s*\{/
        var names: [String] = []
        for file in files {
            let source = try String(contentsOfFile: catalogue + "/" + file, encoding: .utf8)
            names += source.matches(of: entry).map { String($0.output.1) }
        }
        #expect(names.count > 150)
        for name in Set(names).sorted() {
            #expect(me.contains("." + name + "("), "Catalogue entry `\(name)` is not rendered in CatalogueNamesTests")
        }
    }
}
