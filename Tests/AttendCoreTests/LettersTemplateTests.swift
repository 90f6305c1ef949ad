import Testing
@testable import AttendCore

/// The shipped templates of Queries/letters, rendered for pupils of the demo register as
/// of 20 March 2026, against the golden files of Tests/Golden/letters
/// (`ATTEND_RECORD=1 swift test --filter Letters` rewrites them; check the diff by eye).
@Suite struct LettersTemplateTests {
    static let templates = ["green", "upper-amber", "lower-amber", "red", "notice-to-improve"]
    static let queries = [
        "pupils where band = \"green\" over this term",
        "pupils where band = \"upper amber\" over this term",
        "pupils where band = \"lower amber\" over this term",
        "pupils where band = \"red\" over this term",
        "pupils where unauthorised >= 10 in last 10 weeks",
    ]

    @Test(arguments: zip(templates, queries))
    func shippedTemplate(_ name: String, _ query: String) throws {
        let out = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(out) }
        let s = LettersFixture.session(output: out)
        let r = try #require(LettersFixture.report(s, "\(query) sorted by upn limit 2 letters using \"\(name).html.mustache\" into \"\(name)\""))
        #expect(r.letters == 2)
        #expect(r.files.count == 3)
        #expect(r.files.last == "index.csv")
        for f in r.files {
            LettersFixture.checkGolden("\(name)/\(f)", LettersFixture.read("\(out)/\(name)/\(f)"))
        }
    }

    /// The preview of a shipped HTML letter is its text: no tags, no style sheet.
    @Test func previewIsPlainText() throws {
        let out = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(out) }
        let s = LettersFixture.session(output: out)
        let st = try LettersFixture.statement("pupils where band = \"red\" over this term sorted by upn letters using \"red.html.mustache\" into \"red\"")
        let r = try s.previewLetters(st)
        let text = try #require(r.preview)
        #expect(r.lines.first?.hasPrefix("preview of the first of 226 letters (") == true)
        #expect(!text.contains("<"))
        #expect(!text.contains("@page"))
        #expect(text.contains("Dear "))
        #expect(text.contains("I would like to invite you to a meeting"))
        #expect(text.contains("Yours sincerely,"))
        LettersFixture.checkGolden("red/preview.txt", text)
        // Nothing was written.
        #expect(LettersFixture.list(out).isEmpty)
    }

    /// `preview` as an option does the same at any prompt or script.
    @Test func previewOption() throws {
        let out = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(out) }
        let s = LettersFixture.session(output: out)
        let r = try #require(LettersFixture.report(s, "pupils where band = \"green\" over this term letters using \"green.html.mustache\" into \"g\" preview"))
        #expect(r.preview?.contains("green") == true)
        #expect(r.files.isEmpty)
        #expect(LettersFixture.list(out).isEmpty)
    }

    /// Every field a letter can name, with its value for one pupil: the table of
    /// Docs/letters.md comes from this golden file.
    @Test func everyField() throws {
        let out = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(out) }
        let s = LettersFixture.session(output: out)
        let r = try #require(LettersFixture.report(s, "pupils where band = \"red\" over this term and unauthorised >= 5 over this term sorted by upn limit 1 letters using \"red.html.mustache\" into \"m\" mailmerge"))
        #expect(r.files == ["mailmerge.csv"])
        let rows = LettersFixture.csv(LettersFixture.read("\(out)/m/mailmerge.csv"))
        try #require(rows.count == 2)
        let lines = zip(rows[0], rows[1]).map { "\($0)\t\($1)" }
        LettersFixture.checkGolden("fields.tsv", lines.joined(separator: "\n") + "\n")
    }
}
