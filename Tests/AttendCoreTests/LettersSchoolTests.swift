import Testing
@testable import AttendCore

/// school.conf: the school's names for letters and its own bands.
@Suite struct LettersSchoolTests {
    @Test func readsSettingsAndBands() throws {
        let text = """
        # Our school
        name = St Anne's C of E Primary
        Head Teacher = "Mr J. Brown"   
        attendance-lead = Ms K. Lee   # from September
        phone = 01632 960 111
        band.green = 95
        band.upper amber = 93.5%

        """
        let s = try SchoolSettings.parse(text, file: "school.conf")
        #expect(s.value("name") == "St Anne's C of E Primary")
        #expect(s.value("head_teacher") == "Mr J. Brown")
        #expect(s.value("attendance_lead") == "Ms K. Lee")
        #expect(s.value("head_teacher_title") == "Headteacher")
        #expect(s.value("email") == "")
        let b = s.bands()
        #expect(b.band(of: Exact(95)) == "green")
        #expect(b.band(of: Exact(949, 10)) == "upper amber")
        #expect(b.band(of: Exact(934, 10)) == "lower amber")
        #expect(b.explanation == ["green: 95 and over", "upper amber: 93.5 to under 95", "lower amber: 90 to under 93.5", "red: under 90"])
    }

    @Test func everyBadLineListed() {
        let text = "name = X\nthis is not a setting\nheadteacher = Y\nband.green = lots\n"
        do {
            _ = try SchoolSettings.parse(text, file: "school.conf")
            Issue.record("parsed")
        } catch {
            let ds = error.diagnostics
            #expect(ds.map(\.code) == ["L011", "L011", "L011"])
            #expect(ds.map { $0.location?.line ?? 0 } == [2, 3, 4])
            #expect(ds[1].message == "unknown setting `headteacher`")
            #expect(ds[1].hint == "did you mean `head_teacher`?")
        }
    }

    @Test func foundInOrBesideTheRegisterFolder() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        try SafeFileWriter.makeDirectory(dir + "/register")
        #expect(SchoolSettings.find(registerFolder: dir + "/register") == nil)
        LettersFixture.write("name = Beside\n", to: dir + "/school.conf")
        #expect(SchoolSettings.find(registerFolder: dir + "/register") == dir + "/school.conf")
        LettersFixture.write("name = Inside\n", to: dir + "/register/school.conf")
        let path = try #require(SchoolSettings.find(registerFolder: dir + "/register/"))
        #expect(try SchoolSettings.load(path: path).value("name") == "Inside")
    }

    /// `attend demo DIR` writes the demo's settings; they read back as `.demo`.
    @Test func demoFileReadsBack() throws {
        let s = try SchoolSettings.parse(SchoolSettings.demoFileText, file: "school.conf")
        #expect(s.values == SchoolSettings.demo.values)
        #expect(s.bands() == Bands.standard)
    }

    /// A school's bands decide which letter a pupil gets.
    @Test func bandsFromSchoolConfChooseTheLetter() throws {
        let out = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(out) }
        var school = SchoolSettings.demo
        school.bandBounds = [Bands.Band(name: "green", lowerBound: Exact(95))]
        let s = LettersFixture.session(output: out, school: school)
        let standard = LettersFixture.session(output: out)
        func count(_ session: Session) throws -> Int {
            guard case .result(let t, _) = try session.run(try LettersFixture.statement("pupils where band = \"green\" over this term")) else { return -1 }
            return t.rows.count
        }
        #expect(try count(s) > count(standard))
        let r = try #require(LettersFixture.report(s, "pupils where band = \"green\" over this term letters using \"green.html.mustache\" into \"g\" preview"))
        #expect(r.preview?.contains("green band (95% and over)") == true)
    }
}
