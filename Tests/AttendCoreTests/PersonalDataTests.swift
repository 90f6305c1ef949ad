import Testing
@testable import AttendCore

/// Errors and logs name pupils by UPN and line only: a register whose bad rows are full of
/// distinctive names, dates of birth, contacts and addresses gives messages (as rendered,
/// with `check`'s report and `--skip-bad-rows`' listing, and from a letters run) that hold
/// none of them.
@Suite struct PersonalDataTests {
    /// Words that must never appear in a message.
    static let secrets = ["Zephyrine", "Quillfeather", "Bartholomew", "Ottoline", "Puddleby", "07700 900461", "zq@example.org",
                          "14/03/2013", "2013-03-14", "Marigold", "Nettlebed", "EHCP-note"]

    static let pupils = """
    upn,forename,surname,year,form,dob,send,fsm,contact_name,contact_phone,contact_email,address,notes
    A100000000001,Zephyrine,Quillfeather,14,9A,14/03/2013,K,Y,Marigold Quillfeather,07700 900461,zq@example.org,"1 Puddleby Lane, Nettlebed",EHCP-note
    A100000000002,Bartholomew,Ottoline,9,9A,2013-03-14,Quillfeather,maybe,Marigold,07700 900461,zq@example.org,Puddleby,
    A100000000003,Ottoline,Bartholomew,9,9A,31/02/2013,N,N,Zephyrine,,,Nettlebed,
    A100000000004,,,9,9A,,N,N,Marigold,,,,
    A100000000005,Ann,Smith,9,9A,2013-03-14,N,N,Marigold Quillfeather,07700 900461,zq@example.org,1 Puddleby Lane,
    A100000000005,Zephyrine,Quillfeather,9,9A,14/03/2013,N,N,Marigold,07700 900461,zq@example.org,Puddleby,
    Zephyrine-Quillfeather,Zephyrine,Quillfeather,9,9A,,N,N,Marigold,,,Puddleby,
    A100000000006,Zephyrine,Quillfeather,9,9A,2013-03-14,N,N,Marigold,07700 900461,zq@example.org,Puddleby,

    """

    static let marks = """
    upn,date,session,mark,comment
    A100000000005,2025-09-03,AM,/,Zephyrine late
    A100000000005,2025-09-03,AM,O,called Marigold on 07700 900461
    A100000000006,2025-09-03,AM,QQ,Quillfeather
    Zephyrine,2025-09-03,PM,/,
    A100000000006,2025-09-06,AM,/,
    A100000000006,Quillfeather,AM,/,
    A100000000006,2025-09-04,Zephyrine,/,

    """

    func assertClean(_ texts: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(!texts.isEmpty, sourceLocation: sourceLocation)
        for t in texts {
            for s in Self.secrets {
                #expect(!t.contains(s), "\"\(s)\" in: \(t)", sourceLocation: sourceLocation)
            }
        }
    }

    func rendered(_ ds: [Diagnostic]) -> [String] { ds.map { DiagnosticRenderer(color: false).render($0) } }

    @Test func aFailedLoadNamesUPNsAndLinesOnly() {
        let ds = Fixture.failures(pupils: Self.pupils, marks: Self.marks)
        assertClean(rendered(ds))
        // Every error names its line; those about a pupil name the UPN.
        #expect(ds.filter { $0.severity == .error }.allSatisfy { ($0.location?.line ?? 0) > 0 })
        #expect(rendered(ds).contains { $0.contains("UPN A100000000005 appears twice (also line 6)") })
        // The bad UPN is echoed as a UPN (it is what the row gave as one), clipped to 20
        // characters; the marks of rejected pupils are not repeated as unknown pupils.
        #expect(ds.map(\.code.rawValue).filter { $0 == "D204" }.count == 1)
    }

    @Test func skipBadRowsAndCheckReportAreClean() throws {
        let r = try Fixture.register(pupils: Self.pupils, marks: Self.marks, skipBadRows: true)
        assertClean(rendered(r.diagnostics))
        assertClean([CheckReport.render(r)])
    }

    @Test func aFileWithNoHeaderIsNotEchoed() {
        let body = Self.pupils.split(separator: "\n").dropFirst().joined(separator: "\n")
        assertClean(rendered(Fixture.failures(pupils: body, marks: Self.marks)))
        let cut = "upn,forename\n" + body
        assertClean(rendered(Fixture.failures(pupils: cut, marks: Self.marks)))
    }

    @Test func lettersListPupilsByUPN() throws {
        let pupils = """
        upn,forename,surname,year,form,contact_name,address
        T100000000001,Zephyrine,Quillfeather,9,9A,,"1 Puddleby Lane"
        T100000000002,Bartholomew,Ottoline,9,9A,Marigold,

        """
        let marks = "upn,date,session,mark\nT100000000001,2026-03-19,AM,/\nT100000000002,2026-03-19,AM,/\n"
        let r = try Fixture.register(pupils: pupils, marks: marks, calendar: "kind,name,start,end\nterm,Spring,2026-01-05,2026-03-27\n")
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        LettersFixture.write("Dear {{contact}},\n{{address}}\n", to: dir + "/l.txt.mustache")
        let session = LettersFixture.session(r, output: dir + "/out", templates: dir)
        let d = try #require(LettersFixture.failure(session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d.code == "L007")
        assertClean(rendered([d]))
        #expect(d.message.contains("T100000000001: no contact (contact_name is empty)"))
        let report = try #require(LettersFixture.report(session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing"))
        #expect(report.letters == 0)
        assertClean(report.lines)
    }
}
