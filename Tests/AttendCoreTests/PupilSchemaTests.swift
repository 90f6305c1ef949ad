import Testing
@testable import AttendCore

/// The one pupil schema (Store/PupilSchema.swift): every column is read, stored, shown and
/// named in queries from its one line; and the one rule for optional columns a register
/// lacks (Evaluator+AbsentColumns.swift).
@Suite struct PupilSchemaTests {
    /// A register whose pupils.csv has every column of the schema, headed by its canonical
    /// name, with a value of the column's kind.
    @Test func everyColumnIsReadFromItsLine() throws {
        func value(_ c: PupilColumn) -> (written: String, shown: String) {
            switch c.kind {
            case _ where c == .upn: ("A123456789012", "A123456789012")
            case .text, .lines: ("some \(c.name)", "some \(c.name)")
            case .capitals: ("f", "F")
            case .year: ("Year 9", "9")
            case .flag: ("yes", "Y")
            case .send: ("EHCP", "E")
            case .date: ("14/02/2012", "2012-02-14")
            }
        }
        let columns = PupilSchema.columns
        let pupils = columns.map(\.name).joined(separator: ",") + ",key_worker\n"
            + columns.map { "\"\(value($0).written)\"" }.joined(separator: ",") + ",Mr Khan\n"
        let r = try Fixture.register(pupils: pupils, marks: "upn,date,session,mark\nA123456789012,2012-02-15,AM,/\n")
        let t = r.pupils
        #expect(t.count == 1)
        for c in columns {
            #expect(t.has(c), "\(c)")
            #expect(t.text(c, 0) == value(c).shown, "\(c)")
            #expect(Evaluator.attributeText(.column(c), 0, in: t) == value(c).shown, "\(c)")
        }
        #expect(t.attributeNames == columns.map(\.name) + ["key_worker"])
        // The saved store writes and reads back every column.
        let bytes = SavedStore.encodePupils(t)
        let back = try bytes.withUnsafeBytes { b in try SavedStore.decodePupils(b) }
        for c in columns { #expect(back.text(c, 0) == t.text(c, 0), "\(c)") }
    }

    @Test func everySpellingNamesItsColumn() {
        for c in PupilSchema.columns {
            #expect(c.spellings.first == PupilSchema.normalized(c.name), "\(c): the canonical name is its first spelling")
            for s in c.spellings { #expect(PupilSchema.column(named: s) == c, "\(s)") }
        }
        #expect(PupilSchema.column(named: "Priority Contact Name") == PupilSchema["contact_name"])
        #expect(PupilSchema.column(named: "Reg Group") == .form)
        #expect(PupilSchema.column(named: "Key Worker") == nil)
        // No spelling names two columns.
        let all = PupilSchema.columns.flatMap(\.spellings)
        #expect(Set(all).count == all.count)
        #expect(PupilSchema.required.map(\.name) == ["upn", "forename", "surname", "year"])
    }

    // MARK: Columns a register lacks

    static let minimal: Register = try! Fixture.load(folder: Fixture.testsDirectory + "/Fixtures/exports/minimal-columns")

    func run(_ text: String) throws -> ResultTable {
        let s = Session(register: Self.minimal, asOf: Fixture.day("2026-02-13"))
        guard case .result(let t, _) = try s.run(try LettersFixture.statement(text)) else { throw LettersFixture.NotParsed(text: text) }
        return t
    }

    func notes(_ t: ResultTable) -> [String] { ResultFormatter.noteLines(t)?.split(separator: "\n").map(String.init) ?? [] }

    @Test func aShownColumnIsLeftOutWithOneNote() throws {
        let t = try run("show upn, contact_name, contact_phone, dob, rate over this year for pupils sorted by form, surname")
        #expect(t.columns.map(\.name) == ["upn", "contact_name", "rate this year", "surname"])
        #expect(t.rows.count == 40)
        #expect(notes(t) == ["note: contact_phone is not in this register's pupils.csv; left out",
                             "note: dob is not in this register's pupils.csv; left out",
                             "note: form is not in this register's pupils.csv; left out"])
        // Sorted by surname (form left out), as a list sorted by surname alone is.
        let bySurname = try run("show upn, contact_name, rate over this year for pupils sorted by surname")
        #expect(t.rows.map { $0[0] } == bySurname.rows.map { $0[0] })
        // The default columns of a list leave out form without a note.
        let list = try run("pupils where rate < 90% over this year")
        #expect(list.columns.map(\.name) == ["upn", "name", "year", "rate this year"])
        #expect(notes(list).isEmpty)
    }

    @Test func aConditionOnALackingColumnHoldsForNoPupil() throws {
        for q in ["pupils where send = E", "pupils where not send = E", "pupils where send != E", "pupils where not fsm",
                  "pupils where fsm and year = 9", "pupils in form 7A", "pupils where dob < 2020-01-01",
                  "pupils where sex is empty"] {
            let t = try run(q)
            #expect(t.rows.isEmpty, "\(q)")
            #expect(notes(t).count == 1 && notes(t)[0].hasSuffix("a condition on it is unknown for every pupil, so no pupil passes it"), "\(q): \(notes(t))")
        }
        // The rest of an `or` still counts.
        let t = try run("pupils where fsm or year = 9")
        #expect(t.rows.count == 2)
        #expect(notes(t) == ["note: fsm is not in this register's pupils.csv; a condition on it is unknown for every pupil, so no pupil passes it"])
    }

    @Test func aGroupingOnALackingColumnIsLeftOut() throws {
        let count = try run("count pupils by send")
        #expect(count.columns.map(\.name) == ["pupils"])
        #expect(count.rows == [[.integer(40)]])
        #expect(notes(count) == ["note: send is not in this register's pupils.csv; not grouped by it"])
        let summary = try run("summary by fsm over this year")
        #expect(summary.rows.count == 1 && summary.rows[0][0] == .text("all"))
        let rate = try run("rate by sex over this year")
        #expect(rate.rows.count == 1 && rate.rows[0][0] == .text("(none)") && rate.rows[0][1] == .integer(40))
        #expect(notes(rate) == ["note: sex is not in this register's pupils.csv; every pupil is in one group"])
    }

    @Test func stillErrors() throws {
        func code(_ q: String) -> String? {
            do { _ = try run(q); return nil } catch let d as Diagnostic { return d.code.rawValue } catch { return "?" }
        }
        #expect(code("show contact_phne for pupils") == "Q101")
        do { _ = try run("show contact_phne for pupils") } catch let d as Diagnostic {
            #expect(d.hint == "did you mean `contact_phone`?")   // a column attend knows, though this register lacks it
        }
        #expect(code("pupils where send = X") == "Q117")
        #expect(code("pupils where year = 15") == "Q117")
        #expect(code("pupils where dob > 5") == "Q111")
    }
}
