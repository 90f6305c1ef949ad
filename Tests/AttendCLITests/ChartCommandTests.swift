import Foundation
import Testing

/// `chart` from the command line: sized by `COLUMNS` when stdout is not a terminal (80 when
/// unset), drawn the same without colour, and given as rows under `--format csv`.
@Suite struct ChartCommandTests {
    func attend(_ args: [String], columns: String, in dir: TempDir) throws -> RunOutput {
        try runProcess(try AttendBinary.require(), arguments: args + ["--demo", "--as-of", "2026-03-20"], input: "",
                       environment: ["NO_COLOR": "1", "COLUMNS": columns, "ATTEND_HISTORY": dir.path("history")], directory: dir.url)
    }

    @Test func chartAtAFixedWidth() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let out = try attend(["query", "chart rate by year over this term"], columns: "50", in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        // 40 columns of bar: 93.3% is 37 full blocks and 3 eighths (37.32 → 37 + ▍).
        #expect(out.stdout == """
        as of 20 Mar 2026 (2026-03-20)
        rate this term by year over Spring term 2025/26 to
        date 2026-01-05..2026-03-20
        7  █████████████████████████████████████▍   93.3%
        8  █████████████████████████████████████▎   93.0%
        9  █████████████████████████████████████▋   94.2%
        10 ██████████████████████████████████████▏  95.3%
        11 █████████████████████████████████████▊   94.4%
        12 █████████████████████████████████████▎   93.0%
        13 ██████████████████████████████████████▍  95.9%
        scale: 0 to 100%

        """)
        for line in out.stdout.split(separator: "\n") { #expect(line.count <= 50) }
    }

    @Test func eightyColumnsWhenNotATerminal() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let out = try attend(["query", "chart PA by year"], columns: "", in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        let bars = out.stdout.split(separator: "\n").filter { $0.contains("█") }
        #expect(bars.count == 7)
        // The longest bar's line leaves the last column free (a terminal may wrap there).
        #expect(bars.map(\.count).max() == 79)
        #expect(!out.stdout.contains("\u{1B}"))
    }

    @Test func chartAsCSVIsItsRows() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let chart = try attend(["query", "chart rate by year over this term", "--format", "csv"], columns: "50", in: dir)
        let plain = try attend(["query", "rate by year over this term", "--format", "csv"], columns: "50", in: dir)
        #expect(chart.status == 0 && plain.status == 0)
        #expect(chart.stdout == plain.stdout)
        #expect(chart.stdout.hasPrefix("year,pupils,possible,attended,rate this term\n"))
    }

    /// The prompt, piped, sizes charts the same way (it asks the width before each statement).
    @Test func pipedPromptUsesTheWidth() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let out = try runProcess(try AttendBinary.require(), arguments: ["--demo", "--as-of", "2026-03-20"],
                                 input: "chart rate by year over this term\n",
                                 environment: ["NO_COLOR": "1", "COLUMNS": "50", "ATTEND_HISTORY": dir.path("history")], directory: dir.url)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("7  █████████████████████████████████████▍   93.3%\n"))
        for line in out.stdout.split(separator: "\n") { #expect(line.count <= 50) }
    }
}
