#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// What keeps a letter run from sending the wrong thing or leaking it: missing fields and
/// contacts named by field and UPN, templates checked before rendering, owner-only files
/// and folders, no silent overwrite.
@Suite struct LettersSafetyTests {
    /// A temporary folder holding `templates` (name → text), and a session on the small
    /// register reading them and writing under `out/`.
    struct Setup {
        let dir: String
        let session: Session
        var out: String { dir + "/out" }

        init(_ templates: [String: String], register: Register? = nil, school: SchoolSettings = .demo) throws {
            dir = LettersFixture.temporaryFolder()
            for (name, text) in templates {
                let path = dir + "/" + name
                try SafeFileWriter.makeDirectory(SafeFileWriter.directory(of: path))
                LettersFixture.write(text, to: path)
            }
            session = LettersFixture.session(try register ?? LettersFixture.smallRegister(), output: dir + "/out", templates: dir, school: school)
        }

        func remove() { LettersFixture.removeTree(dir) }
    }

    /// Prints the address, so a pupil with none lacks what the letter needs.
    static let simple = "Dear {{contact}},\n{{address}}\n{{forename}}: {{rate}}% over {{period}}.\n"

    // MARK: Missing fields and contacts

    @Test func missingFieldAndContactNamedByFieldAndUPN() throws {
        let t = try Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d.code == "L007")
        #expect(d.message.contains("2 of 3 pupils lack what the letter needs; no letters were written"))
        #expect(d.message.contains("T100000000002: no value for address"))
        #expect(d.message.contains("T100000000003: no contact (contact_name is empty)"))
        #expect(d.hint?.contains("skip-missing") == true)
        #expect(ExitStatus(d.category) == .queryError)
        // Nothing was written, not even the folder.
        #expect(!LettersFixture.exists(t.out))
    }

    @Test func skipMissingWritesTheOthersAndListsThem() throws {
        let t = try Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let r = try #require(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing"))
        #expect(r.letters == 1)
        #expect(r.files == ["Smith_Ann_T100000000001.txt", "index.csv"])
        #expect(r.skipped.map(\.upn) == ["T100000000002", "T100000000003"])
        #expect(r.skipped[0].fields == ["address"])
        #expect(r.skipped[1].noContact == "contact_name")
        #expect(r.lines == [
            "wrote 1 letter to x (index.csv)",
            "skipped 2 pupils lacking what the letter needs:",
            "  T100000000002: no value for address",
            "  T100000000003: no contact (contact_name is empty)",
        ])
        #expect(LettersFixture.read(t.out + "/x/Smith_Ann_T100000000001.txt") == "Dear Mary Smith,\n1 High Street, Northbridge, NB1 1AA\nAnn: 100.0% over this year.\n")
    }

    /// A section over a field is a condition, not a need: `{{#address}}…{{/address}}`
    /// leaves the part out for a pupil with no address, and an inverted section over a
    /// list says what to print instead.
    @Test func sectionsMakeFieldsOptional() throws {
        let t = try Setup(["l.txt.mustache": "{{#contact}}Dear {{contact}},{{/contact}}\n{{#address_lines}}{{.}}\n{{/address_lines}}{{^address_lines}}(no address)\n{{/address_lines}}"])
        defer { t.remove() }
        let r = try #require(LettersFixture.report(t.session, "pupils in form \"9A\" letters using \"l.txt.mustache\" into \"x\""))
        #expect(r.letters == 2)
        #expect(LettersFixture.read(t.out + "/x/OBrien_Ben_T100000000002.txt") == "Dear Tom O'Brien,\n(no address)\n")
    }

    /// A section over the lines of an optional column is optional too: a pupil with no
    /// postal address gets a letter addressed by name (letters are often emailed).
    @Test func noAddressIsAddressedByName() throws {
        let t = try Setup(["l.txt.mustache": "Dear {{contact}},\n{{#address_lines}}{{.}}\n{{/address_lines}}{{forename}}: {{rate}}% over {{period}}.\n"])
        defer { t.remove() }
        let r = try #require(LettersFixture.report(t.session, "pupils in form \"9A\" letters using \"l.txt.mustache\" into \"x\""))
        #expect(r.letters == 2 && r.skipped.isEmpty)
        #expect(LettersFixture.read(t.out + "/x/Smith_Ann_T100000000001.txt") == "Dear Mary Smith,\n1 High Street\nNorthbridge\nNB1 1AA\nAnn: 100.0% over this year.\n")
        #expect(LettersFixture.read(t.out + "/x/OBrien_Ben_T100000000002.txt") == "Dear Tom O'Brien,\nBen: 75.0% over this year.\n")
    }

    @Test func unknownFieldNamedWithTemplateLineAndSuggestion() throws {
        let t = try Setup(["l.html.mustache": "<p>Dear {{contact}},</p>\n<p>{{adress}}</p>\n"])
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.html.mustache\" into \"x\""))
        #expect(d.code == "L006")
        #expect(d.message == "\(t.dir)/l.html.mustache:2:4: the template names `adress`, a field these letters do not have")
        #expect(d.hint == "did you mean `address`?")
        #expect(d.related == [SourceLocation(file: "\(t.dir)/l.html.mustache", line: 2, column: 4)])
    }

    @Test func fieldsOfAListOnlyInsideIt() throws {
        let t = try Setup(["l.txt.mustache": "{{contact}} {{value}}"])
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d.code == "L006")
        #expect(d.hint == "`value` is a key of each item of `measures`; use it inside {{#measures}}…{{/measures}}")
    }

    @Test func unknownTransformIsAnError() throws {
        let t = try Setup(["l.txt.mustache": "{{contact}} {{uppercase(name)}}"])
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d.code == "L006")
        #expect(d.hint?.hasPrefix("`uppercase` is not a Mustache transform; did you mean `uppercased`?") == true)
    }

    @Test func columnTheRegisterLacks() throws {
        let t = try Setup(["l.txt.mustache": "{{contact}} {{dob}}"])
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d.code == "L006")
        #expect(d.hint == "pupils.csv has no `dob` column; print it only where it is set: {{#dob}}…{{/dob}}")
        // As a condition it is fine: false for every pupil.
        LettersFixture.write("{{contact}}{{#dob}} born {{dob}}{{/dob}}", to: t.dir + "/l.txt.mustache")
        #expect(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing")?.letters == 2)
    }

    @Test func noContactColumn() throws {
        let t = try Setup(["l.txt.mustache": "{{name}}"], register: try Fixture.workedRegister())
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d.code == "L008")
        #expect(d.hint?.hasPrefix("name the column with `contact = COLUMN`") == true)
        // `contact = COLUMN` names any column; a misspelt one gets a suggestion.
        let d2 = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" contact = surnam"))
        #expect(d2.code == "Q101")
        #expect(d2.hint == "did you mean `surname`?")
        let r = try #require(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" contact = surname"))
        #expect(r.letters > 0)
    }

    @Test func schoolSettingNotSet() throws {
        let t = try Setup(["l.txt.mustache": "{{contact}}\n{{school_name}}\n{{#school_phone}}Tel {{school_phone}}{{/school_phone}}\n"], school: SchoolSettings())
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d.code == "L010")
        #expect(d.message.hasSuffix("l.txt.mustache:2:1: the template names `school_name`, but the school's name is not set"))
        // The phone, printed only where it is set, is not needed.
        t.session.school = SchoolSettings(values: ["name": "Test School"])
        let r = try #require(LettersFixture.report(t.session, "pupils in form \"9A\" letters using \"l.txt.mustache\" into \"x\" skip-missing"))
        #expect(r.files.contains("Smith_Ann_T100000000001.txt"))
        #expect(LettersFixture.read(t.out + "/x/Smith_Ann_T100000000001.txt") == "Mary Smith\nTest School\n\n")
    }

    // MARK: Templates

    @Test func templateNotFound() throws {
        let t = try Setup([:])
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"nope.html.mustache\" into \"x\""))
        #expect(d.code == "L003")
        #expect(d.message == "cannot read the template \(t.dir)/nope.html.mustache: no such file")
    }

    @Test func templateSyntaxErrorHasLineAndColumn() throws {
        let t = try Setup(["l.txt.mustache": "Dear {{contact}},\n{{#is_red}}\nred\n"])
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d.code == "L004")
        #expect(d.message.contains("l.txt.mustache:"))
        #expect(d.message.contains("a section {{#…}} or {{^…}} is never closed with {{/…}}"))
        let t2 = try Setup(["l.txt.mustache": "Dear {{contact}},\n  {{name}\n"])
        defer { t2.remove() }
        let d2 = try #require(LettersFixture.failure(t2.session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d2.code == "L004")
        #expect(d2.related.first?.line == 2)
    }

    @Test func partialsFromTheTemplatesFolderOrPartials() throws {
        let t = try Setup(["l.txt.mustache": "{{> head}}Body for {{forename}}\n{{> foot}}",
                           "partials/head.txt.mustache": "To {{contact}}\n",
                           "foot.mustache": "-- {{school_name}}\n"])
        defer { t.remove() }
        _ = try #require(LettersFixture.report(t.session, "pupils in form \"9A\" letters using \"l.txt.mustache\" into \"x\""))
        #expect(LettersFixture.read(t.out + "/x/Smith_Ann_T100000000001.txt") == "To Mary Smith\nBody for Ann\n-- Northbridge Academy\n")
        // A partial's fields are checked too, and a missing partial is named.
        LettersFixture.write("To {{contcat}}\n", to: t.dir + "/partials/head.txt.mustache")
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"y\""))
        #expect(d.message.hasPrefix("\(t.dir)/partials/head.txt.mustache:1:4: the template names `contcat`"))
        LettersFixture.write("{{> nothere}}", to: t.dir + "/l.txt.mustache")
        let d2 = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"y\""))
        #expect(d2.code == "L005")
        // A partial that includes itself is refused before rendering.
        LettersFixture.write("{{> a}}", to: t.dir + "/l.txt.mustache")
        LettersFixture.write("A{{#is_red}}{{> b}}{{/is_red}}", to: t.dir + "/a.mustache")
        LettersFixture.write("B{{> a}}", to: t.dir + "/b.mustache")
        let d3 = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"y\""))
        #expect(d3.code == "L012")
    }

    @Test func textIsNotEscapedHTMLIs() throws {
        let t = try Setup(["l.txt.mustache": "{{contact}} & {{surname}}\n", "l.html.mustache": "<p>{{contact}} &amp; {{surname}}</p>\n"])
        defer { t.remove() }
        _ = try #require(LettersFixture.report(t.session, "pupils in form \"9A\" letters using \"l.txt.mustache\" into \"t\" skip-missing"))
        _ = try #require(LettersFixture.report(t.session, "pupils in form \"9A\" letters using \"l.html.mustache\" into \"h\" skip-missing"))
        #expect(LettersFixture.read(t.out + "/t/OBrien_Ben_T100000000002.txt") == "Tom O'Brien & O'Brien\n")
        #expect(LettersFixture.read(t.out + "/h/OBrien_Ben_T100000000002.html") == "<p>Tom O&#39;Brien &amp; O&#39;Brien</p>\n")
    }

    // MARK: Options

    @Test func unknownOptionGetsSuggestion() throws {
        let t = try Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-mising"))
        #expect(d.code == "L001")
        #expect(d.hint?.hasPrefix("did you mean `skip-missing`?") == true)
        let d2 = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" format = pdf"))
        #expect(d2.code == "L002")
        let d3 = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" merged mailmerge"))
        #expect(d3.code == "L002")
        let d4 = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" improvement-weeks = 8"))
        #expect(d4.code == "L002")
    }

    /// In a script, a letters error shows FILE:LINE:COLUMN and a caret under the clause.
    @Test func scriptErrorPointsAtTheClause() throws {
        let t = try Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let script = t.dir + "/send.attend"
        LettersFixture.write("# letters\n\npupils where rate < 100% over this year\n  letters using \"l.txt.mustache\" into \"x\" replce\n", to: script)
        var errors: [String] = []
        let runner = makeRunner(t.session, output: { _ in }, errors: { errors.append($0) })
        #expect(try runner.run(file: script) == .queryError)
        let text = errors.joined(separator: "\n")
        #expect(text.hasPrefix("\(script):4:43: error[L001]: unknown letters option `replce`"))
        #expect(text.contains("\n    letters using \"l.txt.mustache\" into \"x\" replce\n                                            ^^^^^^\n"))
    }

    // MARK: Files

    @Test func ownerOnlyFilesAndFolders() throws {
        let t = try Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let r = try #require(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"deep/er/x\" skip-missing"))
        for folder in ["/out", "/out/deep", "/out/deep/er", "/out/deep/er/x"] {
            #expect(LettersFixture.mode(t.dir + folder) == 0o700, "\(folder)")
        }
        for f in r.files {
            #expect(LettersFixture.mode(t.out + "/deep/er/x/" + f) == 0o600, "\(f)")
        }
        // No temporary files left behind.
        #expect(LettersFixture.list(t.out + "/deep/er/x") == ["Smith_Ann_T100000000001.txt", "index.csv"])
    }

    @Test func refusesToOverwriteUnlessReplace() throws {
        let t = try Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        _ = try #require(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing"))
        LettersFixture.write("edited by hand\n", to: t.out + "/x/Smith_Ann_T100000000001.txt")
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing"))
        #expect(d.code == "L009")
        // Named by UPN, never by the pupil's name the file name carries.
        #expect(d.message == "2 files in x already exist (the letter for T100000000001, index.csv); nothing was written")
        #expect(!d.description.contains("Smith") && !d.description.contains("Ann"))
        #expect(LettersFixture.read(t.out + "/x/Smith_Ann_T100000000001.txt") == "edited by hand\n")
        let r = try #require(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing replace"))
        #expect(r.replaced == 2)
        #expect(r.lines.first == "wrote 1 letter to x (index.csv, 2 replaced)")
        #expect(LettersFixture.read(t.out + "/x/Smith_Ann_T100000000001.txt").hasPrefix("Dear Mary Smith,"))
        #expect(LettersFixture.mode(t.out + "/x/Smith_Ann_T100000000001.txt") == 0o600)
    }

    /// The writer itself never replaces a file that appears after the check.
    @Test func safeWriterRefusesAnExistingFile() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        try SafeFileWriter.write("one\n", to: dir + "/a.txt", replace: false)
        #expect(throws: Diagnostic.self) { try SafeFileWriter.write("two\n", to: dir + "/a.txt", replace: false) }
        #expect(LettersFixture.read(dir + "/a.txt") == "one\n")
        #expect(LettersFixture.list(dir) == ["a.txt"])
    }

    @Test func fileNamesAPersonCanFind() {
        #expect(LetterWriter.fileName(surname: "O'Brien", forename: "Zoë", upn: "A880007000021", format: .html) == "OBrien_Zoë_A880007000021.html")
        #expect(LetterWriter.fileName(surname: "Smith, Jr", forename: "Elizabeth \"Beth\"", upn: "A1", format: .text) == "Smith-Jr_Elizabeth-Beth_A1.txt")
        #expect(LetterWriter.fileName(surname: "van der Merwe", forename: "Jean-Luc", upn: "A2", format: .markdown) == "van-der-Merwe_Jean-Luc_A2.md")
        #expect(LetterWriter.fileName(surname: "../../etc", forename: "x/y", upn: "A3", format: .html) == "etc_x-y_A3.html")
        #expect(LetterWriter.unique(["a.html", "a.html", "b.html", "a.html"]) == ["a.html", "a_2.html", "b.html", "a_3.html"])
    }

    @Test func mergedFileWithPageBreaks() throws {
        let t = try Setup(["l.html.mustache": "<!DOCTYPE html>\n<html><head><title>x</title></head>\n<body>\n<p>Dear {{contact}}</p>\n</body></html>\n",
                           "l.txt.mustache": "Dear {{contact}}\n"])
        defer { t.remove() }
        let r = try #require(LettersFixture.report(t.session, "pupils letters using \"l.html.mustache\" into \"m\" merged skip-missing"))
        #expect(r.files == ["letters.html", "index.csv"])
        #expect(r.lines.first == "wrote 2 letters to m/letters.html (index.csv)")
        let html = LettersFixture.read(t.out + "/m/letters.html")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html><head><title>x</title><style>.attend-letter { break-after: page;"))
        #expect(html.components("<div class=\"attend-letter\">") == 2)
        #expect(html.components("<body>") == 1)
        #expect(html.contains("<body>\n<div class=\"attend-letter\">\n<p>Dear Tom O&#39;Brien</p>\n</div>\n<div class=\"attend-letter\">\n<p>Dear Mary Smith</p>\n</div>\n</body>\n</html>\n"))
        let index = LettersFixture.csv(LettersFixture.read(t.out + "/m/index.csv"))
        #expect(index.count == 3)
        #expect(index[1][0...2] == ["1", "letters.html", "T100000000002"])
        #expect(index[2][0...2] == ["2", "letters.html", "T100000000001"])
        _ = try #require(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"mt\" merged skip-missing"))
        #expect(LettersFixture.read(t.out + "/mt/letters.txt") == "Dear Tom O'Brien\n\u{0C}\nDear Mary Smith\n")
    }

    @Test func mailMergeOnly() throws {
        let t = try Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let r = try #require(LettersFixture.report(t.session, "pupils where rate >= 50% over this year letters using \"l.txt.mustache\" into \"mm\" mailmerge skip-missing"))
        #expect(r.files == ["mailmerge.csv"])
        #expect(r.lines.first == "wrote 1 row to mm/mailmerge.csv")
        let rows = LettersFixture.csv(LettersFixture.read(t.out + "/mm/mailmerge.csv"))
        #expect(rows.count == 2)
        let header = rows[0]
        for field in ["upn", "contact", "address", "rate", "rate_this_year", "band", "as_of", "school_name", "is_red"] {
            #expect(header.contains(field), "\(field)")
        }
        #expect(!header.contains("measures"))
        let row = Dictionary(uniqueKeysWithValues: zip(header, rows[1]))
        #expect(row["upn"] == "T100000000001")
        #expect(row["rate_this_year"] == "100.0")
        #expect(row["as_of"] == "20 March 2026")
        #expect(row["is_green"] == "yes")
    }

    @Test func noPupilsWritesNothing() throws {
        let t = try Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let r = try #require(LettersFixture.report(t.session, "pupils where rate < 1% over this year letters using \"l.txt.mustache\" into \"x\""))
        #expect(r.lines == ["no pupils: no letters written"])
        #expect(!LettersFixture.exists(t.out))
    }
}

extension String {
    /// How many times `s` occurs.
    func components(_ s: String) -> Int {
        var n = 0
        var from = startIndex
        while let r = range(ofASCII: s, from: from) {
            n += 1
            from = r.upperBound
        }
        return n
    }
}
