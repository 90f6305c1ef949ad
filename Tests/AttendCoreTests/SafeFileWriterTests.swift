#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// Files with pupil data are written whole or not at all, readable by the owner only.
/// The disk-full and read-only cases mount a small tmpfs, so they need root (CI runs as
/// root); elsewhere they are skipped.
@Suite(.serialized) struct SafeFileWriterTests {
    func read(_ path: String) -> String? {
        try? FileBytes(path: path).withBytes { String(decoding: $0, as: UTF8.self) }
    }

    func entries(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let n = direntName(e)
            if n != "." && n != ".." { names.append(n) }
        }
        return names.sorted()
    }

    @Test func writesOwnerOnlyAndReplaces() throws {
        let dir = ScriptRunnerTests.tempDir()
        let path = dir + "/out.csv"
        try SafeFileWriter.write("one\n", to: path, replace: true)
        try SafeFileWriter.write("two\n", to: path, replace: true)
        #expect(read(path) == "two\n")
        var st = stat()
        stat(path, &st)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(entries(dir) == ["out.csv"])
        #expect(throws: Diagnostic.self) { try SafeFileWriter.write("three\n", to: path, replace: false) }
        #expect(read(path) == "two\n")
    }

    @Test func missingFolderIsAClearError() {
        do {
            try SafeFileWriter.write("x", to: "/nonexistent-folder/out.csv", replace: true)
            Issue.record("wrote into a missing folder")
        } catch {
            #expect(error.code == "F003")
            #expect(error.message.hasPrefix("cannot write /nonexistent-folder/out.csv"))
        }
    }

    static func mountTmpfs(_ options: String) -> String? {
        guard getuid() == 0 else { return nil }
        let dir = ScriptRunnerTests.tempDir()
        let rc = mount("tmpfs", dir, "tmpfs", 0, options)
        return rc == 0 ? dir : nil
    }

    @Test func diskFullLeavesTheOldFileIntactAndNoPartialFile() throws {
        guard let dir = Self.mountTmpfs("size=64k") else { return }
        defer { umount(dir) }
        let path = dir + "/result.csv"
        try SafeFileWriter.write("the old result\n", to: path, replace: true)
        let big = String(repeating: "A880007000001,Zoë O'Brien,7,7A,80.5\n", count: 5_000)   // ~190 KB
        do {
            try SafeFileWriter.write(big, to: path, replace: true)
            Issue.record("a 190 KB file fitted in 64 KB")
        } catch {
            #expect(error.code == "F003")
            #expect(error.message.contains("No space left on device"))
        }
        #expect(read(path) == "the old result\n")
        #expect(entries(dir) == ["result.csv"])
    }

    @Test func readOnlyFolderRefusedAndNothingLeft() throws {
        guard let dir = Self.mountTmpfs("size=64k") else { return }
        defer { umount(dir) }
        try SafeFileWriter.write("old\n", to: dir + "/result.csv", replace: true)
        guard mount("tmpfs", dir, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), "size=64k") == 0 else { return }
        do {
            try SafeFileWriter.write("new\n", to: dir + "/result.csv", replace: true)
            Issue.record("wrote to a read-only folder")
        } catch {
            #expect(error.code == "F003")
        }
        #expect(read(dir + "/result.csv") == "old\n")
        #expect(entries(dir) == ["result.csv"])
    }
}
