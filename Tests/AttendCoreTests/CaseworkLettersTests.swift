import Testing
@testable import AttendCore

/// A `letters` run appends one `letter` row per letter written (the template's name in the
/// note) to the actions log, and only after the letters are safely in place: a run that
/// fails writes neither letters nor rows; `--safe` writes the letters and not the rows.
@Suite struct CaseworkLettersTests {
    static let simple = LettersSafetyTests.simple

    @Test func lettersWrittenAreLoggedAfterwards() throws {
        let t = try LettersSafetyTests.Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let log = t.dir + "/actions.csv"
        t.session.actions = ActionLog(path: log)
        let r = try #require(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing"))
        #expect(r.letters == 1)
        #expect(r.lines.last == "appended 1 `letter` row to \(log)")
        let text = ActionLogAppendTests.read(log)
        #expect(text == "date,upn,action,by,note\n2026-03-23,T100000000001,letter,Mr D. Okafor,l.txt.mustache\n", "\(text ?? "")")
        #expect(t.session.actions.entries.map(\.upn) == ["T100000000001"])
        #expect(ActionLogAppendTests.mode(log) == 0o600)
    }

    @Test func aFailedRunLogsNothing() throws {
        let t = try LettersSafetyTests.Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let log = t.dir + "/actions.csv"
        t.session.actions = ActionLog(path: log)
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\""))
        #expect(d.code == "L007")
        #expect(!LettersFixture.exists(log))
        #expect(t.session.actions.isEmpty)
    }

    @Test func aRunThatCannotWriteItsLettersLogsNothing() throws {
        let t = try LettersSafetyTests.Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let log = t.dir + "/actions.csv"
        t.session.actions = ActionLog(path: log)
        // The letters folder is a file: the writer refuses it before any letter is in place.
        try SafeFileWriter.makeDirectory(t.out)
        LettersFixture.write("not a folder", to: t.out + "/x")
        _ = LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing")
        #expect(!LettersFixture.exists(log))
    }

    @Test func underSafeTheLettersAreWrittenButNotLogged() throws {
        let t = try LettersSafetyTests.Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let log = t.dir + "/actions.csv"
        t.session.actions = ActionLog(path: log)
        t.session.safeMode = true
        t.session.outputDirectory = nil
        let here = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(here) }
        t.session.outputDirectory = here
        guard let r = LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing") else { return }
        #expect(r.letters == 1)
        #expect(r.lines.last?.contains("was not appended to (--safe") == true, "\(r.lines)")
        #expect(!LettersFixture.exists(log))
    }

    @Test func aPreviewLogsNothing() throws {
        let t = try LettersSafetyTests.Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let log = t.dir + "/actions.csv"
        t.session.actions = ActionLog(path: log)
        _ = LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing preview")
        #expect(!LettersFixture.exists(log))
    }
}

extension CaseworkLettersTests {
    @Test func aLogThatCannotBeAppendedToStopsTheRunBeforeAnyLetter() throws {
        let t = try LettersSafetyTests.Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let log = t.dir + "/actions.csv"
        let crashed = "date,upn,action,by,note\n2026-03-03,T1000000"
        ActionLogAppendTests.write(log, crashed)
        t.session.actions = ActionLog(path: log)
        let d = try #require(LettersFixture.failure(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing"))
        #expect(d.code == "F072")
        #expect(!LettersFixture.exists(t.out))
        #expect(ActionLogAppendTests.read(log) == crashed)
    }

    @Test func aLogCreatedByARunIsARegisterFileAfterwards() throws {
        let t = try LettersSafetyTests.Setup(["l.txt.mustache": Self.simple])
        defer { t.remove() }
        let log = t.dir + "/actions.csv"
        t.session.actions = ActionLog(path: log)
        _ = LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"x\" skip-missing")
        #expect(throws: Diagnostic.self) { try SafeFileWriter.check(log, replace: true) }
    }
}
