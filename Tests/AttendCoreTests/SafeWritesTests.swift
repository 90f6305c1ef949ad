#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// A script interrupted by a full disk or a read-only folder: a non-zero exit, a clear F003
/// naming the file and the statement, no partial or temporary file, the old files intact,
/// and a letters run that writes all of its files or none. The full disk is a 64 KB tmpfs,
/// so these need root (as CI has); elsewhere they are skipped.
@Suite(.serialized) struct SafeWritesTests {
    final class Capture: @unchecked Sendable {
        var out: [String] = []
        var err: [String] = []
    }

    /// A 64 KB tmpfs on a new folder, or nil when mounting is not allowed.
    static func smallDisk(_ options: String = "size=64k,mode=0700") -> String? {
        guard getuid() == 0 else { return nil }
        let dir = ScriptRunnerTests.tempDir()
        guard mount("tmpfs", dir, "tmpfs", 0, options) == 0 else { rmdir(dir); return nil }
        return dir
    }

    static func unmount(_ dir: String) {
        umount(dir)
        rmdir(dir)
    }

    func runner(_ session: Session, _ c: Capture) -> StatementRunner {
        makeRunner(session, output: { c.out.append($0) }, errors: { c.err.append($0) })
    }

    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func scriptIntoFileOnAFullDiskLeavesTheOldFileAndNoTemporary() throws {
        let dir = try #require(Self.smallDisk(), "mounting a 64 KB tmpfs failed")
        defer { Self.unmount(dir) }
        try SafeFileWriter.write("the old result\n", to: dir + "/everyone.csv", replace: true)
        try SafeFileWriter.write("last month\n", to: dir + "/concern.csv", replace: true)
        // The first statement fits; the second, every pupil with their rates, does not.
        let script = """
        pupils where rate < 90% over this year into "\(dir)/concern.csv" replace
        show upn, forename, surname, year, form, rate over this year, rate over this term, absent over this year for all pupils
          into "\(dir)/everyone.csv" replace
        count pupils
        """
        let session = LettersFixture.session(output: dir)
        let c = Capture()
        let status = try runner(session, c).run(text: script, file: "monthly.attend")
        #expect(status == .ioError)
        #expect(status.rawValue == 74)
        let error = try #require(c.err.first { $0.contains("error[F003]") })
        #expect(error.hasPrefix("monthly.attend:3:8: error[F003]: cannot write \(dir)/everyone.csv: No space left on device"), "\(error)")
        #expect(error.contains("nothing was left half-written"))
        // The first statement's file is whole; the old file the second would replace is intact;
        // nothing else is there (no temporary file), and the third statement did not run.
        #expect(LettersFixture.read(dir + "/concern.csv").hasPrefix("upn,name,year,form,rate this year\n"))
        #expect(LettersFixture.read(dir + "/everyone.csv") == "the old result\n")
        #expect(LettersFixture.list(dir) == ["concern.csv", "everyone.csv"])
        #expect(c.out.isEmpty)
    }

    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func lettersOnAFullDiskWriteNothingAtAll() throws {
        let dir = try #require(Self.smallDisk(), "mounting a 64 KB tmpfs failed")
        defer { Self.unmount(dir) }
        try SafeFileWriter.makeDirectory(dir + "/letters/red")
        try SafeFileWriter.write("an old letter\n", to: dir + "/letters/red/Old_Letter_A880007000999.html", replace: true)
        let script = """
        print "termly letters"
        pupils where band = "green" over this term
          letters using "green.html.mustache" into "letters/green"
        pupils where band = "red" over this term
          letters using "red.html.mustache" into "letters/red"
        """
        let session = LettersFixture.session(output: dir)
        let c = Capture()
        let status = try runner(session, c).run(text: script, file: "termly.attend")
        #expect(status == .ioError)
        let error = try #require(c.err.first { $0.contains("error[F003]") })
        #expect(error.hasPrefix("termly.attend:3:3: error[F003]: cannot write "), "\(error)")
        #expect(error.contains("No space left on device"))
        // Some letters fitted before the disk was full: none of them is left, nor the index,
        // nor the folder the run made; the folder that was there keeps its old letter.
        #expect(!LettersFixture.exists(dir + "/letters/green"))
        #expect(LettersFixture.list(dir + "/letters") == ["red"])
        #expect(LettersFixture.list(dir + "/letters/red") == ["Old_Letter_A880007000999.html"])
        #expect(LettersFixture.read(dir + "/letters/red/Old_Letter_A880007000999.html") == "an old letter\n")
        #expect(c.out == ["termly letters"])
    }

    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func readOnlyFolderRefusesBothKindsOfWrite() throws {
        let dir = try #require(Self.smallDisk(), "mounting a 64 KB tmpfs failed")
        defer { Self.unmount(dir) }
        try SafeFileWriter.write("old\n", to: dir + "/result.csv", replace: true)
        try #require(mount("tmpfs", dir, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), "size=64k") == 0)
        let session = LettersFixture.session(output: dir)
        let c = Capture()
        let status = try runner(session, c).run(text: "pupils where rate < 90% over this year into \"\(dir)/result.csv\" replace", file: nil)
        #expect(status == .ioError)
        // Placed under the statement's `into`, as in a script (one rule in StatementRunner).
        #expect(c.err.contains { $0.hasPrefix("error[F003]: cannot write \(dir)/result.csv: Read-only file system") && $0.contains("^^^^") })
        let letters = try runner(session, c).run(text: "pupils where band = \"green\" over this term letters using \"green.html.mustache\" into \"letters\"", file: nil)
        #expect(letters == .ioError)
        #expect(c.err.last?.contains("error[F003]: cannot write ") == true)
        #expect(c.err.last?.contains("Read-only file system") == true)
        #expect(LettersFixture.read(dir + "/result.csv") == "old\n")
        #expect(LettersFixture.list(dir) == ["result.csv"])
    }

    /// Files with pupil data are 0600 and folders 0700 whatever the umask.
    @Test func ownerOnlyWhateverTheUmask() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let old = umask(0)
        defer { umask(old) }
        let session = LettersFixture.session(output: dir)
        let c = Capture()
        let status = try runner(session, c).run(text: """
            pupils where rate < 90% over this year into "\(dir)/concern.csv"
            pupils where band = "green" over this term letters using "green.html.mustache" into "a/b"
            """, file: nil)
        #expect(status == .success, "\(c.err)")
        #expect(LettersFixture.mode(dir + "/concern.csv") == 0o600)
        #expect(LettersFixture.mode(dir + "/a") == 0o700)
        #expect(LettersFixture.mode(dir + "/a/b") == 0o700)
        for f in LettersFixture.list(dir + "/a/b") { #expect(LettersFixture.mode(dir + "/a/b/" + f) == 0o600, "\(f)") }
    }

    /// Prepared files are invisible until committed, and discarding leaves nothing.
    @Test func preparedFilesAppearOnlyWhenCommitted() throws {
        let dir = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(dir) }
        let a = try SafeFileWriter.prepare(Array("a\n".utf8), to: dir + "/a.csv", replace: false)
        let b = try SafeFileWriter.prepare(Array("b\n".utf8), to: dir + "/b.csv", replace: false)
        #expect(!LettersFixture.exists(dir + "/a.csv"))
        #expect(LettersFixture.list(dir).count == 2)   // the two temporary files
        try SafeFileWriter.commit(a)
        SafeFileWriter.discard(b)
        #expect(LettersFixture.list(dir) == ["a.csv"])
    }
}
