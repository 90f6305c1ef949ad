import Testing
@testable import AttendCore

/// Messages name pupils by UPN only. Every entry of the catalogues that can carry a value
/// read from a register row or a letter file (Catalogue/DataMessages.swift, the letters'
/// L007 and L009) is rendered with a pupil's name, Grace Davies, in every argument that
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

    /// Every entry of DataMessages.swift is in the list above (a new one must be added).
    @Test func everyDataEntryIsCovered() throws {
        let source = try String(contentsOfFile: Fixture.testsDirectory + "/../Sources/AttendCore/Diagnostics/Catalogue/DataMessages.swift", encoding: .utf8)
        let entries = source.split(separator: "\n").filter { $0.contains("static func") && $0.contains("-> Diagnostic") }
        #expect(entries.count == 57, "DataMessages has \(entries.count) entries; render each in CatalogueNamesTests")
    }
}
