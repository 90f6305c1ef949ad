import Testing
@testable import AttendCore

/// Queries/letters/termly-letters.attend on the demo register as of 20 March 2026, run as
/// `attend run` runs it: templates found next to the script, letters written under the
/// folder it is run from. Every pupil of each band gets that band's letter, and the figures
/// in every letter are those a direct query gives for the pupil.
@Suite struct LettersScriptTests {
    static let bands = [("green", "green"), ("upper amber", "upper-amber"), ("lower amber", "lower-amber"), ("red", "red")]

    @Test func termlyLettersOnTheDemoRegister() throws {
        let out = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(out) }
        // A session as the command line makes one: no script folder yet.
        let s = LettersFixture.session(output: out)
        s.scriptDirectory = nil
        var notes: [String] = []
        let runner = makeRunner(s, output: { _ in }, errors: { notes.append($0) })
        let status = try runner.run(file: LettersFixture.queriesLetters + "/termly-letters.attend")
        #expect(status == .success, "\(notes)")
        #expect(s.scriptDirectory == nil)
        #expect(LettersFixture.list(out) == ["letters"])
        #expect(LettersFixture.mode(out + "/letters") == 0o700)

        for (band, folder) in Self.bands {
            // The direct query: every pupil in the band, with the figures the letter prints.
            let q = "show upn, rate over this term, absent over this term, authorised over this term, unauthorised over this term for pupils where band = \"\(band)\" over this term"
            guard case .result(let table, _) = try s.run(try LettersFixture.statement(q)) else {
                Issue.record("no result for \(q)")
                continue
            }
            let dir = "\(out)/letters/\(folder)"
            let files = LettersFixture.list(dir)
            #expect(files.count == table.rows.count + 1, "\(band)")
            #expect(notes.contains("wrote \(NumberText.grouped(table.rows.count)) letters to letters/\(folder) (index.csv)"), "\(band)")
            #expect(LettersFixture.mode(dir) == 0o700)

            // One letter per pupil, found by UPN in its name, with the pupil's figures.
            let index = LettersFixture.csv(LettersFixture.read(dir + "/index.csv"))
            #expect(index.count == table.rows.count + 1)
            let fileOf = Dictionary(uniqueKeysWithValues: index.dropFirst().map { ($0[2], $0[1]) })
            for row in table.rows {
                let cells = row.enumerated().map { ResultFormatter.display($1, table.columns[$0].kind) }
                let (upn, rate, absent, authorised, unauthorised) = (cells[0], cells[1], cells[2], cells[3], cells[4])
                guard let file = fileOf[upn] else {
                    Issue.record("no \(band) letter for \(upn)")
                    continue
                }
                #expect(file.hasSuffix("_\(upn).html"))
                #expect(files.contains(file))
                let letter = LettersFixture.read(dir + "/" + file)
                #expect(letter.contains("attended <strong>\(rate)%</strong> of the sessions"), "\(upn) rate \(rate)")
                #expect(letter.contains("in our <strong>\(band)</strong> band"), "\(upn) band")
                #expect(letter.contains("<p class=\"date\">23 March 2026</p>"))
                #expect(letter.contains("From 5 January 2026 to 20 March 2026"))
                if band != "green" {
                    #expect(letter.contains("<th scope=\"row\">Attendance</th><td>\(rate)%</td>"), "\(upn)")
                    #expect(letter.contains("<td>\(absent) ("), "\(upn) absent \(absent)")
                }
                if band == "lower amber" || band == "red" {
                    #expect(letter.contains("of which authorised by the school</th><td>\(authorised)</td>"), "\(upn)")
                    #expect(letter.contains("of which unauthorised</th><td>\(unauthorised)</td>"), "\(upn)")
                }
                #expect(LettersFixture.mode(dir + "/" + file) == 0o600)
            }
        }

        // Run again from the same folder: refused, nothing changed.
        notes = []
        #expect(try runner.run(file: LettersFixture.queriesLetters + "/termly-letters.attend") == .queryError)
        #expect(notes.joined(separator: "\n").contains("error[L009]: 656 files in letters/green already exist"))
    }
}
