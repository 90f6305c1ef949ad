import Testing
@testable import AttendCore

/// Every quirk of real exports that register-files.md says must load without edits.
@Suite struct RegisterFileQuirkTests {
    static let pupils = "upn,forename,surname,year,form\nA123456789012,Zoë,O'Brien,9,9A\nB123456789012,Łukasz,\"Smith, Jr\",10,10B\n"
    static let marks = "upn,date,session,mark\nA123456789012,2025-09-03,AM,/\nA123456789012,2025-09-03,PM,\\\nB123456789012,2025-09-03,AM,O\nB123456789012,2025-09-03,PM,C2\n"

    func codes(_ r: Register, _ upn: String) -> [String] {
        let p = r.pupils.index(ofUPN: upn)!
        return (0..<r.sessionCount).map { r.code(p, $0).code }
    }

    @Test func plainFilesLoad() throws {
        let r = try Fixture.register(pupils: Self.pupils, marks: Self.marks)
        #expect(r.pupilCount == 2)
        #expect(codes(r, "A123456789012") == ["/", "\\"])
        #expect(codes(r, "B123456789012") == ["O", "C2"])
        #expect(r.pupils.surname[1] == "Smith, Jr")
        #expect(r.pupils.forename[0] == "Zoë")
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let bom = "\u{FEFF}"
        let r = try Fixture.register(pupils: bom + Self.pupils.replacingAll("\n", "\r\n"),
                                     marks: bom + Self.marks.replacingAll("\n", "\r\n"))
        #expect(codes(r, "B123456789012") == ["O", "C2"])
        #expect(r.pupils.form[1] == "10B")
    }

    @Test func missingFinalNewline() throws {
        let r = try Fixture.register(pupils: String(Self.pupils.dropLast()), marks: String(Self.marks.dropLast()))
        #expect(codes(r, "B123456789012") == ["O", "C2"])
    }

    @Test func quotingEscapesAndEmptyQuotedFields() throws {
        let pupils = "upn,forename,surname,year,form,contact_name\nA123456789012,\"Ní Bhriain\",\"O\"\"Brien\",9,\"\",\"Mrs \"\"Jo\"\" Smith, Jr\"\n"
        let r = try Fixture.register(pupils: pupils, marks: "upn,date,session,mark\nA123456789012,2025-09-03,AM,/\n")
        #expect(r.pupils.surname[0] == "O\"Brien")
        #expect(r.pupils.forename[0] == "Ní Bhriain")
        #expect(r.pupils.form[0] == "")
        #expect(r.pupils.texts[PupilSchema["contact_name"].slot] == ["Mrs \"Jo\" Smith, Jr"])
    }

    @Test func misHeaderSpellingsExtraColumnsAnyOrder() throws {
        let pupils = "Legal Surname,Reg Group,UPN,Legal Forename,NC Year,SEN Status,FSM Eligible,Pupil Premium,Key Worker,Date of Birth,Admission Date\n"
            + "O'Brien,9A,A123456789012,Zoë,9,E,Yes,0,Mr Khan,14/02/2012,01/09/2021\n"
        let marks = "Mark,Comment,Session,Date,UPN\nO,\"late, bus\",am,03/09/2025,A123456789012\n"
        let r = try Fixture.register(pupils: pupils, marks: marks)
        #expect(r.pupils.form == ["9A"])
        #expect(r.pupils.sends[PupilColumn.send.slot] == [.ehcPlan])
        #expect(r.pupils.flag(PupilSchema["fsm"], 0) == true)
        #expect(r.pupils.flag(PupilSchema["pp"], 0) == false)
        #expect(r.pupils.date(PupilSchema["dob"], 0) == Fixture.day("2012-02-14"))
        #expect(r.pupils.extra("key_worker")?.values == ["Mr Khan"])
        #expect(codes(r, "A123456789012") == ["O", ""])
    }

    @Test func rowsInAnyOrder() throws {
        let marks = "upn,date,session,mark\nB123456789012,2025-09-04,PM,I\nA123456789012,2025-09-03,PM,\\\nB123456789012,2025-09-03,AM,O\nA123456789012,2025-09-04,AM,/\n"
        let r = try Fixture.register(pupils: Self.pupils, marks: marks)
        #expect(r.calendar.days == [Fixture.day("2025-09-03"), Fixture.day("2025-09-04")])
        #expect(codes(r, "B123456789012") == ["O", "", "", "I"])
        #expect(codes(r, "A123456789012") == ["", "\\", "/", ""])
    }

    @Test func spacesAroundMarksAndSessionSpellings() throws {
        let marks = "upn,date,session,mark\nA123456789012 ,2025-09-03, Morning , / \nA123456789012,2025-09-03,afternoon,  C2\nB123456789012,2025-09-03,A,L\nB123456789012,2025-09-03,p,Y1\n"
        let r = try Fixture.register(pupils: Self.pupils, marks: marks)
        #expect(codes(r, "A123456789012") == ["/", "C2"])
        #expect(codes(r, "B123456789012") == ["L", "Y1"])
    }

    @Test func ukDates() throws {
        let marks = "upn,date,session,mark\nA123456789012,03/09/2025,AM,/\nA123456789012,3/9/2025,PM,\\\n"
        let r = try Fixture.register(pupils: Self.pupils, marks: marks)
        #expect(r.calendar.days == [Fixture.day("2025-09-03")])
        #expect(codes(r, "A123456789012") == ["/", "\\"])
    }

    @Test func flagSpellings() {
        for (text, value) in [("Y", true), ("Yes", true), ("T", true), ("1", true), ("true", true),
                              ("N", false), ("No", false), ("F", false), ("0", false), ("false", false)] {
            #expect(PupilSchema.parseFlag(text) == value)
        }
        #expect(PupilSchema.parseFlag("maybe") == nil)
        #expect(PupilSchema.parseYear("R") == 0)
        #expect(PupilSchema.parseYear("Year 9") == 9)
        #expect(PupilSchema.parseYear("Y11") == 11)
        #expect(PupilSchema.parseYear("14") == nil)
        #expect(PupilSchema.parseYear("-1") == nil)
    }

    @Test func minutesLateSummed() throws {
        let marks = "upn,date,session,mark,minutes_late\nA123456789012,2025-09-03,AM,L,12\nA123456789012,2025-09-03,PM,U,45\nA123456789012,2025-09-04,AM,/,\n"
        let r = try Fixture.register(pupils: Self.pupils, marks: marks)
        let m = try #require(r.minutesLate)
        #expect(m.sum(0, 0, r.sessionCount) == 57)
        #expect(m.sum(0, 1, 2) == 45)
    }
}

/// Legacy codes are classified by the meaning they had on their date.
@Suite struct CodeClassificationTests {
    /// Every column of every row of the spec's CSV against the generated table (and
    /// .ci/run checks that scripts/generate-code-table would write the same file).
    @Test func tableMatchesSpecFile() throws {
        let text = try String(decoding: FileBytes(path: Fixture.testsDirectory + "/Fixtures/attendance-codes.csv").withBytes { Array($0) }, as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["code", "meaning", "category", "counts_as", "valid_from", "valid_to", "penalty_threshold"])
        let rows = lines.dropFirst()
        #expect(rows.count == CodeTable.all.count)
        let counts: [String: StatClass] = ["present": .present, "approved-activity": .approvedActivity, "authorised": .authorised,
                                           "unauthorised": .unauthorised, "not-counted": .notCounted, "missing": .missing]
        for (row, info) in zip(rows, CodeTable.all) {
            try #require(row.count == 7, "\(row)")
            #expect(info.code == row[0])
            #expect(info.meaning == row[1], "\(row[0])")
            #expect(info.category == row[2], "\(row[0])")
            #expect(info.counts == counts[row[3]], "\(row[0])")
            #expect(info.validFrom == (row[4].isEmpty ? nil : Day(parsing: row[4])), "\(row[0])")
            #expect(info.validTo == (row[5].isEmpty ? nil : Day(parsing: row[5])), "\(row[0])")
            #expect(info.penaltyThreshold == (row[6] == "yes"), "\(row[0])")
            #expect(["yes", "no"].contains(row[6]), "\(row[0])")
        }
    }

    @Test func classes() {
        func cls(_ c: String) -> StatClass { CodeID(c)!.info.counts }
        for c in ["/", "\\", "L"] { #expect(cls(c) == .present) }
        for c in ["K", "V", "P", "W", "B"] { #expect(cls(c) == .approvedActivity) }
        for c in ["C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E"] { #expect(cls(c) == .authorised) }
        for c in ["G", "N", "O", "U"] { #expect(cls(c) == .unauthorised) }
        for c in ["D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#"] { #expect(cls(c) == .notCounted) }
        #expect(cls("-") == .missing)
        #expect(cls("J") == .approvedActivity)   // interviews counted as attendance before 2024
        #expect(cls("H") == .authorised)
        #expect(cls("Y") == .notCounted)
    }

    @Test func legacyCodesAroundTheChange() throws {
        // J on 16 Aug 2024 (in force: approved activity) and on 19 Aug 2024 (withdrawn: warned);
        // J1 on 19 Aug 2024 (authorised); J1 before it came in (warned).
        let pupils = "upn,forename,surname,year\nA123456789012,A,B,9\n"
        let marks = "upn,date,session,mark\nA123456789012,2024-08-16,AM,J\nA123456789012,2024-08-19,AM,J\nA123456789012,2024-08-19,PM,J1\nA123456789012,2024-08-16,PM,J1\nA123456789012,2024-08-15,AM,H\n"
        let r = try Fixture.register(pupils: pupils, marks: marks)
        #expect(r.diagnostics.contains { $0.code == "D210" && $0.message.contains("code J ") })
        #expect(r.diagnostics.contains { $0.code == "D211" && $0.message.contains("code J1 ") })
        #expect(!r.diagnostics.contains { $0.message.contains("code H ") })
        let s = r.calendar.sessionRange(from: Fixture.day("2024-08-16"), through: Fixture.day("2024-08-16"))
        #expect(r.matrix(.attended).count(0, s.lowerBound, s.upperBound) == 1)     // J before the change
        let t = r.calendar.sessionRange(from: Fixture.day("2024-08-19"), through: Fixture.day("2024-08-19"))
        #expect(r.matrix(.authorised).count(0, t.lowerBound, t.upperBound) == 1)   // J1 after it
        #expect(CodeID("J")!.info.isValid(on: Fixture.day("2024-08-18")))
        #expect(!CodeID("J")!.info.isValid(on: Fixture.day("2024-08-19")))
        #expect(CodeID("K")!.info.isValid(on: Fixture.day("2024-08-19")))
        #expect(!CodeID("K")!.info.isValid(on: Fixture.day("2024-08-18")))
    }
}

extension String {
    func replacingAll(_ a: String, _ b: String) -> String { split(separator: a, omittingEmptySubsequences: false).joined(separator: b) }
}
