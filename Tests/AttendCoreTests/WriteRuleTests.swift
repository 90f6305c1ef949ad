#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// The one rule every write follows (`SafeFileWriter.check`): never anything but a regular
/// file (a device, a named pipe, a folder is refused, named for what it is), never a file
/// of the loaded register (by device and inode, whatever the spelling), and an existing
/// file only when told (`into "F" replace`, `replace: true`, `--force`).
@Suite(.serialized) struct WriteRuleTests {
    final class Capture: @unchecked Sendable {
        var out: [String] = []
        var err: [String] = []
    }

    /// A copy of the worked register in a new folder, loaded from there.
    static func registerFolder() throws -> (dir: String, register: Register) {
        let dir = ScriptRunnerTests.tempDir()
        for name in ["pupils.csv", "marks.csv", "calendar.csv"] {
            try SafeFileWriter.write(LettersFixture.read(Fixture.worked + "/" + name), to: dir + "/" + name, replace: false)
        }
        try SafeFileWriter.write("name = Test School\n", to: dir + "/school.conf", replace: false)
        _ = try SchoolSettings.load(path: dir + "/school.conf")
        return (dir, try Fixture.load(folder: dir))
    }

    /// Runs `script` on `register`; its status and what it printed.
    func run(_ script: String, on register: Register) -> (AttendCore.ExitStatus, Capture) {
        let c = Capture()
        let session = Session(register: register, asOf: Fixture.day("2026-01-23"))
        let runner = makeRunner(session, output: { c.out.append($0) }, errors: { c.err.append($0) })
        return ((try? runner.run(text: script, file: "t.attend")) ?? .queryError, c)
    }

    func fileType(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    @Test func intoTheLoadedRegistersOwnFileIsRefusedEvenWithReplace() throws {
        let (dir, register) = try Self.registerFolder()
        defer { LettersFixture.removeTree(dir) }
        let before = LettersFixture.read(dir + "/pupils.csv")
        symlink(dir + "/pupils.csv", dir + "/link.csv")
        let name = dir.split(separator: "/").last!
        for file in ["pupils.csv", "./pupils.csv", "../\(name)/pupils.csv", "link.csv", "marks.csv", "calendar.csv", "school.conf"] {
            let target = dir + "/" + file
            let (status, c) = run("pupils where rate < 90% over this year into \"\(target)\" replace", on: register)
            #expect(status == .ioError, "\(target)")
            #expect(c.err.joined(separator: "\n").contains("error[F009]: \(target) is a file of the loaded register"), "\(target): \(c.err)")
        }
        #expect(LettersFixture.read(dir + "/pupils.csv") == before)
        #expect(fileType(dir + "/link.csv") == S_IFLNK)
        // A hard link to it too.
        link(dir + "/marks.csv", dir + "/hard.csv")
        #expect(throws: Diagnostic.self) { try SafeFileWriter.write("x\n", to: dir + "/hard.csv", replace: true) }
        #expect(LettersFixture.list(dir).filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test func intoAnExistingFileNeedsReplace() throws {
        let (dir, register) = try Self.registerFolder()
        defer { LettersFixture.removeTree(dir) }
        try SafeFileWriter.write("last month\n", to: dir + "/concern.csv", replace: false)
        let (status, c) = run("pupils where rate < 90% over this year into \"\(dir)/concern.csv\"", on: register)
        #expect(status == .ioError)
        #expect(c.err.joined(separator: "\n").contains("t.attend:1:45: error[F005]: \(dir)/concern.csv already exists"), "\(c.err)")
        #expect(LettersFixture.read(dir + "/concern.csv") == "last month\n")
        let (again, c2) = run("pupils where rate < 90% over this year into \"\(dir)/concern.csv\" replace", on: register)
        #expect(again == .success, "\(c2.err)")
        #expect(LettersFixture.read(dir + "/concern.csv").hasPrefix("upn,name,"))
        #expect(LettersFixture.mode(dir + "/concern.csv") == 0o600)
        // A new file needs no `replace`.
        let (new, _) = run("count pupils into \"\(dir)/new.csv\"", on: register)
        #expect(new == .success)
    }

    @Test func devicesAreRefusedAndLeftDevices() throws {
        let (dir, register) = try Self.registerFolder()
        defer { LettersFixture.removeTree(dir) }
        for device in ["/dev/null", "/dev/full"] {
            for replace in ["", " replace"] {
                let (status, c) = run("pupils into \"\(device)\"\(replace)", on: register)
                #expect(status == .ioError)
                #expect(c.err.joined(separator: "\n").contains("error[F008]: \(device) is a character device, not a regular file"), "\(c.err)")
                #expect(!c.err.joined(separator: "\n").contains("wrote"))
            }
            #expect(fileType(device) == S_IFCHR, "\(device) is still a device")
        }
        #expect(LettersFixture.list("/dev").filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test func aNamedPipeAndAFolderAreRefusedByName() throws {
        let (dir, register) = try Self.registerFolder()
        defer { LettersFixture.removeTree(dir) }
        mkfifo(dir + "/pipe.csv", 0o600)
        mkdir(dir + "/folder.csv", 0o700)
        let (s1, c1) = run("pupils into \"\(dir)/pipe.csv\" replace", on: register)
        #expect(s1 == .ioError)
        #expect(c1.err.joined(separator: "\n").contains("error[F008]: \(dir)/pipe.csv is a named pipe (FIFO), not a regular file"), "\(c1.err)")
        #expect(fileType(dir + "/pipe.csv") == S_IFIFO)
        let (s2, c2) = run("pupils into \"\(dir)/folder.csv\" replace", on: register)
        #expect(s2 == .ioError)
        #expect(c2.err.joined(separator: "\n").contains("error[F008]: \(dir)/folder.csv is a folder, not a regular file"), "\(c2.err)")
        #expect(fileType(dir + "/folder.csv") == S_IFDIR)
    }

    @Test func demoOverARegisterFolderIsRefusedUnlessForced() throws {
        let dir = ScriptRunnerTests.tempDir()
        defer { LettersFixture.removeTree(dir) }
        try SafeFileWriter.write("upn,surname\nreal,data\n", to: dir + "/pupils.csv", replace: false)
        let small = DemoOptions(pupils: 5, seed: 1, academicYear: 2025)
        do {
            try DemoRegister.write(to: dir, small, school: "name = Demo\n")
            Issue.record("the demo overwrote a register folder")
        } catch let d as Diagnostic {
            #expect(d.code == "F005")
            #expect(d.message == "\(dir)/pupils.csv already exists")
        }
        #expect(LettersFixture.read(dir + "/pupils.csv") == "upn,surname\nreal,data\n")
        #expect(LettersFixture.list(dir) == ["pupils.csv"], "nothing else written")
        try DemoRegister.write(to: dir, small, school: "name = Demo\n", replace: true)
        #expect(LettersFixture.list(dir) == ["calendar.csv", "marks.csv", "pupils.csv", "school.conf"])
        for f in LettersFixture.list(dir) { #expect(LettersFixture.mode(dir + "/" + f) == 0o600) }
    }

    @Test func demoNeverReplacesTheLoadedRegister() throws {
        let (dir, _) = try Self.registerFolder()
        defer { LettersFixture.removeTree(dir) }
        let before = LettersFixture.read(dir + "/pupils.csv")
        #expect(throws: Diagnostic.self) { try DemoRegister.write(to: dir, DemoOptions(pupils: 5, seed: 1, academicYear: 2025), replace: true) }
        #expect(LettersFixture.read(dir + "/pupils.csv") == before)
    }

    @Test func saveOverARegisterFileOrAnExistingStore() throws {
        let (dir, register) = try Self.registerFolder()
        defer { LettersFixture.removeTree(dir) }
        let before = LettersFixture.read(dir + "/pupils.csv")
        do {
            try SavedStore.save(register, to: dir + "/pupils.csv", replace: true)
            Issue.record("saved over pupils.csv")
        } catch {
            #expect(error.code == "F009")
        }
        #expect(LettersFixture.read(dir + "/pupils.csv") == before)
        try SavedStore.save(register, to: dir + "/r.attend")
        do {
            try SavedStore.save(register, to: dir + "/r.attend")
            Issue.record("replaced a store without being told")
        } catch {
            #expect(error.code == "F005")
        }
        try SavedStore.save(register, to: dir + "/r.attend", replace: true)
        // The store a register was opened from is one of its files.
        let reopened = try SavedStore.open(dir + "/r.attend")
        do {
            try SavedStore.save(reopened, to: dir + "/r.attend", replace: true)
            Issue.record("saved over the store it was opened from")
        } catch {
            #expect(error.code == "F009")
        }
    }
}
