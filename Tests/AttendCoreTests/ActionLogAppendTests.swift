#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// Appending to the actions log (``ActionLogAppender``, Docs/casework.md): whole lines, the
/// file never rewritten, 0600, created with its header, a cut-short last line refused,
/// rows in the file's own column order, `--safe` refused, `record` seen by the loaded log
/// at once, and a `letters` run appending only after its letters are written.
@Suite struct ActionLogAppendTests {
    static let worked = try! Fixture.workedRegister()

    static func entry(_ date: String, pupil: Int, _ action: ActionKind, by: String = "JS", note: String = "") -> ActionEntry {
        ActionEntry(date: Fixture.day(date), pupil: pupil, upn: worked.pupils.upn[pupil], action: action, by: by, note: note)
    }

    static func read(_ path: String) -> String? {
        guard let b = try? FileBytes(path: path) else { return nil }
        return b.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    static func mode(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_mode & 0o777) : -1
    }

    static func write(_ path: String, _ text: String, mode: mode_t = 0o644) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
        precondition(fd >= 0)
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress!, $0.count - 1) }
        fchmod(fd, mode)
        close(fd)
    }

    @Test func anAbsentLogIsCreatedOwnerOnlyWithItsHeader() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let path = dir + "/actions.csv"
        try ActionLogAppender.append([Self.entry("2026-03-03", pupil: 1, .meeting, note: "with dad, agreed a plan")], to: path)
        #expect(Self.read(path) == "date,upn,action,by,note\n2026-03-03,W100000000002,meeting,JS,\"with dad, agreed a plan\"\n")
        #expect(Self.mode(path) == 0o600)
        #expect(LettersFixture.list(dir) == ["actions.csv"])
    }

    @Test func anAppendKeepsEveryByteBeforeItAndMakesTheFileOwnerOnly() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let path = dir + "/actions.csv"
        let before = "date,upn,action,by,note\n2025-09-22,W100000000002,letter,DO,termly\n"
        Self.write(path, before)
        var st = stat()
        stat(path, &st)
        let inode = st.st_ino
        try ActionLogAppender.append([Self.entry("2026-03-03", pupil: 1, .call), Self.entry("2026-03-04", pupil: 2, .homeVisit)], to: path)
        let after = Self.read(path) ?? ""
        #expect(after == before + "2026-03-03,W100000000002,call,JS,\n2026-03-04,W100000000003,home-visit,JS,\n")
        stat(path, &st)
        #expect(st.st_ino == inode, "the file was replaced, not appended to")
        #expect(Self.mode(path) == 0o600)
        // And it reads back as a log.
        var ds: [Diagnostic] = []
        let entries = ActionsLoader(file: try FileBytes(path: path), pupils: Self.worked.pupils, today: Fixture.day("2026-03-20")).load(into: &ds)
        #expect(entries?.count == 3 && ds.isEmpty)
    }

    @Test func rowsFollowTheFilesOwnHeader() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let path = dir + "/actions.csv"
        Self.write(path, "UPN,Action Type,Action Date,Notes,Staff,Room\r\nW100000000002,Letter,22/09/2025,,DO,\r\n")
        try ActionLogAppender.append([Self.entry("2026-03-03", pupil: 1, .meeting, by: "JS", note: "n")], to: path)
        #expect(Self.read(path)?.hasSuffix("\r\nW100000000002,meeting,2026-03-03,n,JS,\n") == true, "\(Self.read(path) ?? "")")
    }

    @Test func aLogEndingInACutShortLineIsRefusedAndLeftAsItWas() {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let path = dir + "/actions.csv"
        let crashed = "date,upn,action,by,note\n2025-09-22,W100000000002,letter,DO,termly\n2026-03-03,W1000000"
        Self.write(path, crashed)
        #expect(throws: Diagnostic.self) { try ActionLogAppender.append([Self.entry("2026-03-04", pupil: 1, .call)], to: path) }
        do { try ActionLogAppender.append([Self.entry("2026-03-04", pupil: 1, .call)], to: path) } catch {
            #expect(error.code == "F072")
        }
        #expect(Self.read(path) == crashed)
    }

    @Test func aLogWithoutTheColumnsARowNeedsIsRefused() {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let path = dir + "/actions.csv"
        Self.write(path, "when,who\n")
        do {
            try ActionLogAppender.append([Self.entry("2026-03-04", pupil: 1, .call)], to: path)
            Issue.record("appended")
        } catch { #expect(error.code == "F073") }
        #expect(Self.read(path) == "when,who\n")
    }

    @Test func onlyARegularFileIsAppendedTo() {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        mkfifo(dir + "/fifo.csv", 0o600)
        mkdir(dir + "/folder.csv", 0o700)
        Self.write(dir + "/real.csv", "date,upn,action\n")
        symlink(dir + "/real.csv", dir + "/link.csv")
        for name in ["fifo.csv", "folder.csv", "link.csv"] {
            do {
                try ActionLogAppender.append([Self.entry("2026-03-04", pupil: 1, .call)], to: dir + "/" + name)
                Issue.record("appended to \(name)")
            } catch { #expect(error.code == "F071", "\(name): \(error)") }
        }
        #expect(Self.read(dir + "/real.csv") == "date,upn,action\n")
    }

    // MARK: record

    static func session(log path: String?) -> Session {
        let s = Session(register: worked, asOf: Fixture.day("2026-01-23"))
        s.today = Fixture.day("2026-03-20")
        s.actions = ActionLog(path: path)
        return s
    }

    static func run(_ s: Session, _ text: String) throws -> Session.Output {
        try s.run(try LettersFixture.statement(text))
    }

    @Test func recordAppendsOneRowAndTheLoadedLogSeesItAtOnce() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let path = dir + "/actions.csv"
        let s = Self.session(log: path)
        guard case .result(let before, _) = try Self.run(s, "pupils where meeting >= 1") else { Issue.record("no result"); return }
        #expect(before.rows.isEmpty)
        guard case .text(let said) = try Self.run(s, "record meeting for W100000000002 on 20 Jan 2026 by \"JS\" note \"first meeting, \\\"calm\\\"\"") else {
            Issue.record("no text"); return
        }
        #expect(said == "recorded meeting for W100000000002 on 20 Jan 2026 in \(path)")
        #expect(Self.read(path) == "date,upn,action,by,note\n2026-01-20,W100000000002,meeting,JS,\"first meeting, \"\"calm\"\"\"\n")
        guard case .result(let after, _) = try Self.run(s, "pupils where meeting >= 1") else { Issue.record("no result"); return }
        #expect(after.rows.count == 1)
        #expect(Self.mode(path) == 0o600)
    }

    @Test func recordIsRefusedUnderSafeAndWithoutALogAndWritesNothing() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let path = dir + "/actions.csv"
        let safe = Self.session(log: path)
        safe.safeMode = true
        do { _ = try Self.run(safe, "record call for W100000000002 on 20 Jan 2026 by \"JS\""); Issue.record("recorded") } catch let d as Diagnostic {
            #expect(d.code == "F070")
        }
        #expect(!LettersFixture.exists(path))
        #expect(safe.actions.isEmpty)
        let none = Self.session(log: nil)
        do { _ = try Self.run(none, "record call for W100000000002 on 20 Jan 2026 by \"JS\""); Issue.record("recorded") } catch let d as Diagnostic {
            #expect(d.code == "Q171")
        }
        let later = Self.session(log: path)
        do { _ = try Self.run(later, "record call for W100000000002 on 21 Mar 2026 by \"JS\""); Issue.record("recorded") } catch let d as Diagnostic {
            #expect(d.code == "Q170")
        }
        #expect(!LettersFixture.exists(path))
    }

    @Test func aSchoolsOwnWordIsRecordedAsWritten() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let path = dir + "/actions.csv"
        let s = Self.session(log: path)
        s.school = try SchoolSettings.parse("action.fpn = penalty-notice\n", file: "school.conf")
        _ = try Self.run(s, "record FPN for W100000000003 on 20 Jan 2026 by \"LA\"")
        #expect(Self.read(path)?.hasSuffix("2026-01-20,W100000000003,FPN,LA,\n") == true)
        guard case .result(let t, _) = try Self.run(s, "pupils where penalty-notice >= 1") else { Issue.record("no result"); return }
        #expect(t.rows.count == 1)
    }
}
