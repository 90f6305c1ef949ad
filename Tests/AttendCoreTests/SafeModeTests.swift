#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// `--safe` (Session.safeMode): a script someone else wrote writes only inside the current
/// folder and reads templates only from its own folder; each refusal is a clear S-code at
/// the path in the statement, and nothing is written or read.
@Suite struct SafeModeTests {
    /// A script folder with a template, a partial and an outside folder with a secret file;
    /// symbolic links from inside to outside; a session in safe mode writing under `out/`.
    struct Setup {
        let dir: String
        let session: Session
        var scripts: String { dir + "/scripts" }
        var out: String { dir + "/out" }
        var outside: String { dir + "/outside" }

        init() throws {
            dir = LettersFixture.temporaryFolder()
            for f in ["/scripts/partials", "/out", "/outside"] { try SafeFileWriter.makeDirectory(dir + f) }
            LettersFixture.write("Dear {{contact}},\n{{> sign}}\n", to: dir + "/scripts/l.txt.mustache")
            LettersFixture.write("Ms Head\n", to: dir + "/scripts/partials/sign.mustache")
            LettersFixture.write("Dear {{contact}},\n{{> secret}}\n", to: dir + "/scripts/leak.txt.mustache")
            LettersFixture.write("secret: {{contact}}\n", to: dir + "/outside/secret.mustache")
            LettersFixture.write("{{contact}}\n", to: dir + "/outside/t.txt.mustache")
            symlink(dir + "/outside/secret.mustache", dir + "/scripts/partials/secret.mustache")
            symlink(dir + "/outside/t.txt.mustache", dir + "/scripts/linked.txt.mustache")
            symlink(dir + "/outside", dir + "/out/escape")
            symlink(dir + "/outside", dir + "/scripts/elsewhere")
            session = LettersFixture.session(try LettersFixture.smallRegister(), output: dir + "/out", templates: dir + "/scripts")
            session.safeMode = true
        }

        func remove() { LettersFixture.removeTree(dir) }
    }

    func failure(_ session: Session, _ text: String) throws -> Diagnostic {
        let s = try LettersFixture.statement(text, file: "shared.attend")
        do {
            _ = try session.run(s)
        } catch {
            return error
        }
        Issue.record("ran: \(text)")
        return Diagnostic("X000", message: "ran")
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var statement: String
        var code: String
        var says: String
        var testDescription: String { statement }
    }

    static let refusals: [Refusal] = [
        // `into`: results files inside the current folder only.
        Refusal(statement: "pupils into \"/tmp/x.csv\"", code: "S010", says: "it is an absolute path"),
        Refusal(statement: "pupils into \"../x.csv\"", code: "S010", says: "it goes up a folder with `..`"),
        Refusal(statement: "pupils into \"a/../../x.csv\"", code: "S010", says: "it goes up a folder with `..`"),
        Refusal(statement: "pupils into \"~/x.csv\"", code: "S010", says: "it starts with ~"),
        Refusal(statement: "pupils into \".bashrc\"", code: "S010", says: "it names a hidden file or folder"),
        Refusal(statement: "pupils into \".git/hooks/pre-commit.csv\"", code: "S010", says: "it names a hidden file or folder"),
        Refusal(statement: "pupils into \"run.sh\"", code: "S011", says: "is not a results file"),
        Refusal(statement: "pupils into \"notes\"", code: "S011", says: "is not a results file"),
        Refusal(statement: "pupils into \"pupils.csv\"", code: "S011", says: "is not a results file"),
        Refusal(statement: "pupils into \"data/Marks.CSV\"", code: "S011", says: "is not a results file"),
        // `letters … into`: inside the output folder, links resolved.
        Refusal(statement: "pupils letters using \"l.txt.mustache\" into \"/tmp/letters\" skip-missing", code: "S010", says: "it is an absolute path"),
        Refusal(statement: "pupils letters using \"l.txt.mustache\" into \"../letters\" skip-missing", code: "S010", says: "it goes up a folder"),
        Refusal(statement: "pupils letters using \"l.txt.mustache\" into \"escape\" skip-missing", code: "S010", says: "it leads outside the current folder"),
        Refusal(statement: "pupils letters using \"l.txt.mustache\" into \"escape/new/deeper\" skip-missing", code: "S010", says: "it leads outside the current folder"),
        // Templates and partials: the script's folder only.
        Refusal(statement: "pupils letters using \"/etc/passwd\" into \"x\" skip-missing", code: "S012", says: "it is an absolute path"),
        Refusal(statement: "pupils letters using \"../outside/t.txt.mustache\" into \"x\" skip-missing", code: "S012", says: "it goes up a folder"),
        Refusal(statement: "pupils letters using \"linked.txt.mustache\" into \"x\" skip-missing", code: "S012", says: "it leads outside the script's folder"),
        Refusal(statement: "pupils letters using \"elsewhere/t.txt.mustache\" into \"x\" skip-missing", code: "S012", says: "it leads outside the script's folder"),
        Refusal(statement: "pupils letters using \"leak.txt.mustache\" into \"x\" skip-missing", code: "S012", says: "outside the script's folder"),
    ]

    @Test(arguments: refusals)
    func refused(_ r: Refusal) throws {
        let t = try Setup()
        defer { t.remove() }
        let d = try failure(t.session, r.statement)
        #expect(d.code.rawValue == r.code, "\(d)")
        #expect(d.message.hasPrefix("--safe: "))
        #expect(d.message.contains(r.says), "\(d.message)")
        #expect(d.hint != nil)
        #expect(d.location?.file == "shared.attend")
        #expect(ExitStatus(d.category) == .queryError)
        // Nothing was written anywhere.
        #expect(LettersFixture.list(t.out) == ["escape"])
        #expect(LettersFixture.list(t.outside) == ["secret.mustache", "t.txt.mustache"])
    }

    @Test func theCaretIsUnderThePath() throws {
        let t = try Setup()
        defer { t.remove() }
        let d = try failure(t.session, "pupils where year = 9 into \"../x.csv\"")
        #expect(DiagnosticRenderer(color: false).render(d) == """
        shared.attend:1:28: error[S010]: --safe: will not write ../x.csv: it goes up a folder with `..`
          pupils where year = 9 into "../x.csv"
                                     ^^^^^^^^^^
          hint: with --safe a script writes only inside the current folder, to a relative path without `..` or hidden (dot) names
        """)
    }

    @Test func allowedInsideTheFolders() throws {
        let t = try Setup()
        defer { t.remove() }
        // `into` a results file in the current folder: allowed (checked here without
        // writing: the current folder is the package's).
        for path in ["concern.csv", "./reports/march.json", "a/b/c.md", "list.txt", "x.tsv"] {
            let s = try LettersFixture.statement("pupils into \"\(path)\"")
            #expect(throws: Never.self) { try SafeMode.checkResults(path, at: s.site(s.span)) }
        }
        // Letters from the script's folder, with a partial from partials/, into a new folder.
        let r = try #require(LettersFixture.report(t.session, "pupils letters using \"l.txt.mustache\" into \"letters/spring\" skip-missing"))
        #expect(r.letters == 2)
        #expect(LettersFixture.read(t.out + "/letters/spring/Smith_Ann_T100000000001.txt") == "Dear Mary Smith,\nMs Head\n")
    }

    @Test func withoutSafeModeTheSamePathsAreAllowed() throws {
        let t = try Setup()
        defer { t.remove() }
        t.session.safeMode = false
        let r = try #require(LettersFixture.report(t.session, "pupils letters using \"linked.txt.mustache\" into \"escape/x\" skip-missing"))
        #expect(r.letters == 2)
        #expect(LettersFixture.exists(t.outside + "/x/index.csv"))
    }

    @Test func pathRules() throws {
        let t = try Setup()
        defer { t.remove() }
        #expect(SafeMode.problem("x.csv", root: t.out, leaving: "here") == nil)
        #expect(SafeMode.problem("new/deeper/x.csv", root: t.out, leaving: "here") == nil)
        #expect(SafeMode.problem("escape/x.csv", root: t.out, leaving: "here") == "it leads outside here (through a symbolic link)")
        #expect(SafeMode.problem("./escape", root: t.out, leaving: "here") == "it leads outside here (through a symbolic link)")
        #expect(SafeMode.problem("a//b.csv", root: t.out, leaving: "here") == nil)
        #expect(SafeMode.isResultsFile("Report.CSV"))
        #expect(!SafeMode.isResultsFile(".csv"))
        #expect(!SafeMode.isResultsFile("calendar.csv"))
        #expect(!SafeMode.isResultsFile("x.csv.sh"))
    }
}
