import Testing
@testable import AttendCore

/// Every case of register-files.md's "Bad input": reported as file:line[:column] with the
/// expected message, all problems at once, and never a silent guess.
@Suite struct RegisterBadInputTests {
    static let pupils = "upn,forename,surname,year\nA123456789012,Ann,Smith,9\nB123456789012,Bob,Jones,10\n"
    static let header = "upn,date,session,mark\n"
    static let oneMark = header + "A123456789012,2025-09-03,AM,/\n"

    func rendered(_ ds: [Diagnostic]) -> [String] { ds.map { DiagnosticRenderer(color: false).render($0).split(separator: "\n").first.map(String.init) ?? "" } }

    @Test func unknownCodeBadDateBadSessionUnknownUPNAllReported() {
        let marks = Self.header
            + "A123456789012,2025-09-03,AM,QQ\n"      // line 2: unknown code
            + "A123456789012,2025-02-30,AM,/\n"       // line 3: no 30 February
            + "A123456789012,2025-09-04,XM,/\n"       // line 4: bad session
            + "Z999999999999,2025-09-04,AM,/\n"       // line 5: unknown UPN
            + "B123456789012,2025-09-04,AM,/\n"       // line 6: fine
        let lines = rendered(Fixture.failures(pupils: Self.pupils, marks: marks))
        #expect(lines == [
            "marks.csv:2:29: error[D201]: unknown mark code \"QQ\"",
            "marks.csv:3:15: error[D202]: \"2025-02-30\" is not a valid date",
            "marks.csv:4:26: error[D203]: session \"XM\" is neither AM nor PM",
            "marks.csv:5:1: error[D204]: mark for UPN Z999999999999, who is not in pupils.csv",
        ])
    }

    @Test func lowerCaseCodeGetsHint() {
        let ds = Fixture.failures(pupils: Self.pupils, marks: Self.header + "A123456789012,2025-09-03,AM,o\n")
        #expect(ds.first?.hint == "codes are upper case: did you mean O?")
    }

    @Test func conflictingMarksNameBothLines() {
        let marks = Self.header + "A123456789012,2025-09-03,AM,/\nB123456789012,2025-09-03,AM,/\nA123456789012,03/09/2025,am,O\n"
        let ds = Fixture.failures(pupils: Self.pupils, marks: marks)
        #expect(rendered(ds) == ["marks.csv:4: error[D205]: two different marks for A123456789012 on 2025-09-03 AM: \"/\" on line 2 and \"O\" here"])
        #expect(ds.first?.related == [SourceLocation(file: "marks.csv", line: 2)])
    }

    @Test func repeatedSameMarkIsAWarning() throws {
        let marks = Self.header + "A123456789012,2025-09-03,AM,/\nA123456789012,2025-09-03,AM,/\n"
        let r = try Fixture.register(pupils: Self.pupils, marks: marks)
        #expect(r.diagnostics.map(\.code) == ["D206"])
        #expect(r.matrix(.attended).count(0, 0, r.sessionCount) == 1)
    }

    @Test func missingColumnNamesItAndListsFound() {
        let ds = Fixture.failures(pupils: Self.pupils, marks: "upn,date,mark\nA123456789012,2025-09-03,/\n")
        #expect(rendered(ds) == ["marks.csv:1: error[D001]: missing required column 'session'; found: upn, date, mark"])
        let dp = Fixture.failures(pupils: "UPN,First Name,Surname\nA123456789012,A,B\n", marks: Self.header)
        #expect(rendered(dp) == ["pupils.csv:1: error[D001]: missing required column 'year'; found: UPN, First Name, Surname"])
    }

    @Test func markOutsideEveryTerm() {
        let cal = "kind,name,start,end\nterm,Autumn,2025-09-03,2025-12-19\n"
        let ds = Fixture.failures(pupils: Self.pupils, marks: Self.header + "A123456789012,2025-09-03,AM,/\nA123456789012,2025-12-22,AM,/\n", calendar: cal)
        #expect(rendered(ds) == ["marks.csv:3:15: error[D207]: mark on 2025-12-22, outside every term of calendar.csv"])
    }

    @Test func notCSVEmptyNotUTF8() {
        #expect(rendered(Fixture.failures(pupils: Self.pupils, marks: "")) == ["marks.csv: error[D002]: the file is empty"])
        #expect(rendered(Fixture.failures(pupils: Self.pupils, marks: "%PDF-1.4 binary stuff\n")) == ["marks.csv:1: error[D011]: this is not a CSV file (no comma-separated header)"])
        #expect(rendered(Fixture.failures(pupils: Self.pupils, marks: "upn;date;session;mark\n")) == ["marks.csv:1: error[D011]: the header is separated by semicolons, not commas"])
        #expect(rendered(Fixture.failures(pupils: Self.pupils, marks: "upn\tdate\tsession\tmark\n")) == ["marks.csv:1: error[D011]: the header is separated by tabs, not commas"])
        let latin1 = "upn,forename,surname,year\nA123456789012,Zo\u{00EB},Smith,9\n".unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        let source = RegisterSource(name: "t", pupils: FileBytes(name: "pupils.csv", bytes: latin1),
                                    marks: FileBytes(name: "marks.csv", bytes: Array(Self.header.utf8)), calendar: nil)
        do { _ = try RegisterLoader.load(source); Issue.record("loaded Latin-1") } catch {
            #expect(rendered(error.diagnostics) == ["pupils.csv:2: error[D010]: not UTF-8 text (a character is malformed)"])
        }
        #expect(rendered(Fixture.failures(pupils: Self.pupils, marks: "upn,da\0te\n")) == ["marks.csv:1: error[D029]: the file contains NUL bytes: it is binary or UTF-16, not CSV text"])
    }

    @Test func pupilsErrorsDoNotEchoPersonalData() {
        let pupils = "upn,forename,surname,year,send,fsm,dob\nA123456789012,Ann,Smith,9,Q,maybe,31/02/2012\nA123456789012,Ann,Smyth,14,N,Y,\n"
        let lines = rendered(Fixture.failures(pupils: pupils, marks: Self.oneMark))
        #expect(lines == [
            "pupils.csv:2:27: error[D105]: SEN status is not N, K or E",
            "pupils.csv:2:29: error[D104]: 'fsm' is not yes or no",
            "pupils.csv:2:35: error[D106]: 'dob' is not a valid date",
            "pupils.csv:3:25: error[D103]: year group is not R or 1 to 13",
        ])
        for l in lines { #expect(!l.contains("Smith") && !l.contains("Ann") && !l.contains("31/02")) }
    }

    @Test func duplicateUPNInPupils() {
        let pupils = "upn,forename,surname,year\nA123456789012,Ann,Smith,9\nA123456789012,Anne,Smith,9\n"
        #expect(rendered(Fixture.failures(pupils: pupils, marks: Self.oneMark)) == ["pupils.csv:3: error[D101]: UPN A123456789012 appears twice (also line 2)"])
    }

    @Test func skipBadRowsLoadsTheRestAndListsSkipped() throws {
        let marks = Self.header + "A123456789012,2025-09-03,AM,QQ\nA123456789012,2025-09-03,PM,\\\nB123456789012,2025-09-03,AM,O\n"
        let r = try Fixture.register(pupils: Self.pupils, marks: marks, skipBadRows: true)
        #expect(r.diagnostics.map(\.code.rawValue) == ["D201", "D399"])
        #expect(r.diagnostics.last?.message == "1 bad row was skipped (--skip-bad-rows); the figures leave them out")
        #expect(r.matrix(.possible).count(0, 0, r.sessionCount) == 1)
    }

    @Test func warningsNeverStopALoad() throws {
        let marks = Self.header + "A123456789012,2025-09-03,AM,-\nA123456789012,2025-09-03,PM,H\nB123456789012,2025-09-03,AM,/\n"
        let r = try Fixture.register(pupils: Self.pupils, marks: marks)
        #expect(Set(r.diagnostics.map(\.code.rawValue)) == ["D210", "D212"])
        #expect(r.loadStatistics.noMarkEntries == 1)
    }

    @Test func weekendMarkAndUnterminatedQuote() {
        let ds = rendered(Fixture.failures(pupils: Self.pupils, marks: Self.header + "A123456789012,2025-09-06,AM,/\nB123456789012,\"2025-09-05,AM,/\n"))
        #expect(ds.contains("marks.csv:2:15: error[D208]: mark on Saturday 2025-09-06: registers have no weekend sessions"))
        #expect(ds.contains("marks.csv:3: error[D022]: a quoted field starting on this line is never closed"))
    }

    @Test func missingFileAndDirectory() {
        do { _ = try RegisterSource.folder("/nonexistent/register"); Issue.record("opened") } catch {
            #expect(rendered(error.diagnostics).first?.hasPrefix("/nonexistent/register: error[F001]: cannot open /nonexistent/register") == true)
        }
        do { _ = try FileBytes(path: "/tmp"); Issue.record("opened a folder") } catch {
            #expect(error.code == "F002")
        }
    }
}
