import Foundation
import Testing
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The commands and dot-commands that write files, through the one writer: `.output` and
/// `.once` (mode 0600, an existing file only with `replace`, `--safe` obeyed, never a
/// device), `attend demo` over a register folder and `attend save` over a register file
/// (refused without `--force`, and a register file even with it).
@Suite struct WriteCommandsTests {
    func attend(_ args: [String], input: String = "", in dir: TempDir) throws -> RunOutput {
        try runProcess(try AttendBinary.require(), arguments: args, input: input,
                       environment: ["NO_COLOR": "1", "ATTEND_HISTORY": dir.path("history")], directory: dir.url)
    }

    func mode(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_mode & 0o777) : -1
    }

    static let repl = ["--demo", "--as-of", "2026-03-20"]

    @Test func outputAndOnceRefuseAnExistingFileUnlessToldToReplace() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        for name in ["all.txt", "one.txt"] { try dir.write(name, "keep me\n") }
        let refused = try attend(Self.repl, input: ".output all.txt\ncount pupils\n", in: dir)
        #expect(refused.status == 74, "\(refused.stderr)")
        #expect(refused.stderr.contains("error[F005]: all.txt already exists"), "\(refused.stderr)")
        #expect(dir.read("all.txt") == "keep me\n")
        let once = try attend(Self.repl, input: ".once one.txt\ncount pupils\n", in: dir)
        #expect(once.status == 74)
        #expect(dir.read("one.txt") == "keep me\n")

        let replaced = try attend(Self.repl, input: ".output all.txt replace\ncount pupils\n.output\n.once one.txt replace\ncount pupils where fsm\n", in: dir)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(dir.read("all.txt")?.contains("1,162") == true, "\(dir.read("all.txt") ?? "")")
        #expect(dir.read("one.txt")?.contains("keep me") == false)
        #expect(mode(dir.path("all.txt")) == 0o600)
        #expect(mode(dir.path("one.txt")) == 0o600)
        let bad = try attend(Self.repl, input: ".output x.txt please\n", in: dir)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("the word `replace`"))
    }

    @Test func outputAndOnceFilesAreOwnerOnlyAndNoTemporaryIsLeft() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let r = try attend(Self.repl, input: ".output new.txt\ncount pupils\n.output\n.once once.csv\ncount pupils by year\n", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(mode(dir.path("new.txt")) == 0o600)
        #expect(mode(dir.path("once.csv")) == 0o600)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted()
        #expect(names == ["new.txt", "once.csv"], "\(names)")
    }

    @Test func outputObeysSafeAndNeverWritesADevice() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let safe = try attend(Self.repl + ["--safe"], input: ".output /tmp/attend-safe-\(getpid()).csv\ncount pupils\n", in: dir)
        #expect(safe.status != 0)
        #expect(safe.stderr.contains("error[S010]: --safe: will not write /tmp/attend-safe-\(getpid()).csv: it is an absolute path"), "\(safe.stderr)")
        #expect(access("/tmp/attend-safe-\(getpid()).csv", F_OK) != 0)
        for device in ["/dev/null", "/dev/full"] {
            let r = try attend(Self.repl, input: ".once \(device) replace\ncount pupils\n", in: dir)
            #expect(r.status == 74)
            #expect(r.stderr.contains("error[F008]: \(device) is a character device"), "\(r.stderr)")
            var st = stat()
            #expect(stat(device, &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
        }
    }

    @Test func demoOverARegisterFolderAndSaveOverARegisterFile() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try FileManager.default.createDirectory(atPath: dir.path("reg"), withIntermediateDirectories: true)
        try dir.write("reg/pupils.csv", "upn,surname\nreal,data\n")
        let demo = try attend(["demo", "reg", "--pupils", "5"], in: dir)
        #expect(demo.status == 74)
        #expect(demo.stderr.contains("error[F005]: reg/pupils.csv already exists"), "\(demo.stderr)")
        #expect(dir.read("reg/pupils.csv") == "upn,surname\nreal,data\n")
        let forced = try attend(["demo", "reg", "--pupils", "5", "--force"], in: dir)
        #expect(forced.status == 0, "\(forced.stderr)")

        let before = dir.read("reg/pupils.csv")
        let save = try attend(["save", "--data", "reg", "reg/pupils.csv", "--force"], in: dir)
        #expect(save.status == 74)
        #expect(save.stderr.contains("error[F009]: reg/pupils.csv is a file of the loaded register"), "\(save.stderr)")
        #expect(dir.read("reg/pupils.csv") == before)
        #expect(try attend(["save", "--data", "reg", "r.attend"], in: dir).status == 0)
        #expect(try attend(["save", "--data", "reg", "r.attend"], in: dir).status == 74)
        #expect(try attend(["save", "--data", "reg", "r.attend", "--force"], in: dir).status == 0)
    }
}
