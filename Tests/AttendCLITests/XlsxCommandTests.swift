import Foundation
import Testing

/// Workbooks from the command line and the prompt: `into "x.xlsx"` through `attend query`,
/// `--format xlsx` with and without a file, `replace`, and `.format xlsx` at a piped prompt.
/// (XlsxWorkbookTests reads the XML; these check what a user sees and gets.)
@Suite struct XlsxCommandTests {
    func attend(_ args: [String], input: String = "", in dir: TempDir) throws -> RunOutput {
        try runProcess(try AttendBinary.require(), arguments: args, input: input,
                       environment: ["NO_COLOR": "1", "ATTEND_HISTORY": dir.path("history")], directory: dir.url)
    }

    func isWorkbook(_ path: String) -> Bool {
        guard let d = FileManager.default.contents(atPath: path) else { return false }
        return d.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04])   // a zip: "PK\3\4"
    }

    func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int) ?? -1
    }

    @Test func queryIntoAWorkbookThenRefusedThenReplaced() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let args = ["--demo", "--as-of", "2026-03-20"]
        let first = try attend(["query", "rate by year over this term into \"rates.xlsx\""] + args, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("wrote 7 rows to rates.xlsx (sheet \"rate by year over this term\")"))
        #expect(first.stdout.isEmpty)
        #expect(isWorkbook(dir.path("rates.xlsx")))
        #expect(mode(dir.path("rates.xlsx")) == 0o600)
        let before = FileManager.default.contents(atPath: dir.path("rates.xlsx"))
        let again = try attend(["query", "summary into \"rates.xlsx\""] + args, in: dir)
        #expect(again.status == 74)
        #expect(again.stderr.contains("error[F005]: rates.xlsx already exists"))
        #expect(again.stderr.contains("into \"FILE\" replace"))
        #expect(FileManager.default.contents(atPath: dir.path("rates.xlsx")) == before)
        let replaced = try attend(["query", "summary into \"rates.xlsx\" replace"] + args, in: dir)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(FileManager.default.contents(atPath: dir.path("rates.xlsx")) != before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).sorted() == ["rates.xlsx"])
    }

    @Test func formatXlsxNeedsAFile() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let shown = try attend(["query", "rate by year over this term", "--demo", "--format", "xlsx"], in: dir)
        #expect(shown.status == 64)
        #expect(shown.stderr.contains("error[U050]: a workbook cannot be shown here"))
        #expect(shown.stdout.isEmpty)
        let filed = try attend(["query", "rate by year over this term into \"rates\"", "--demo", "--format", "xlsx"], in: dir)
        #expect(filed.status == 0, "\(filed.stderr)")
        #expect(isWorkbook(dir.path("rates")))
    }

    @Test func theFormatAtAPipedPromptShowsTablesAndWritesWorkbooks() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let out = try attend(["--demo", "--as-of", "2026-03-20"], input: """
            .format xlsx
            count pupils
            count pupils by year into "counts"
            summary into "counts"

            """, in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("│ pupils │"), "\(out.stdout)")
        // What was written is a note (stderr), as for every `into`.
        #expect(out.stderr.contains("wrote 7 rows to counts (sheet \"count pupils by year\")"), "\(out.stderr)")
        #expect(out.stderr.contains("wrote 1 row to counts (sheet \"summary\")"))
        #expect(isWorkbook(dir.path("counts")))
        // .output and .once write text: a file named .xlsx is refused, not filled with a table.
        let redirected = try attend(["--demo"], input: ".output results.xlsx\ncount pupils\n", in: dir)
        #expect(redirected.status == 64)
        #expect(redirected.stderr.contains("error[U051]: results.xlsx would be a workbook, and .output and .once write text"), "\(redirected.stderr)")
        #expect(redirected.stderr.contains("hint: write a workbook with `into \"results.xlsx\"` after the statement"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("results.xlsx")))
    }
}
