import Foundation
import Testing

/// Statements that crashed the whole session at the prompt (issue 12): a sum of 4,000
/// terms (segfault, exit 139) and numbers too large for exact arithmetic (trap, exit 132).
/// Each is now an error with its code, and a script run with --keep-going goes on.
@Suite struct HostilePromptTests {
    static let n = "999999999999999999"
    static let cases: [(String, String)] = [
        ("pupils where rate < 1%" + String(repeating: " + 1%", count: 4_000), "Q047"),
        ("pupils where possible > 5000000000000000000 days", "Q008"),
        ("pupils where possible > " + Array(repeating: n, count: 10).joined(separator: " + "), "Q124"),
    ]

    @Test func eachIsAnErrorNotASignal() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        for (statement, code) in Self.cases {
            // Piped into the prompt (the REPL, stopping at the first error as a script does).
            let r = try runProcess(try AttendBinary.require(), arguments: ["--demo", "--as-of", "2026-03-20"], input: statement + "\ncount pupils\n",
                                   environment: ["NO_COLOR": "1", "ATTEND_HISTORY": dir.path("history")], directory: dir.url)
            #expect(r.status == 1, "\(code): \(r.status) \(r.stderr.suffix(300))")
            #expect(r.stderr.contains("error[\(code)]"), "\(r.stderr.suffix(300))")
        }
        // A statement the binder refuses does not stop a --keep-going run.
        try dir.write("hostile.attend", Self.cases[2].0 + "\ncount pupils\n")
        let r = try runProcess(try AttendBinary.require(), arguments: ["run", "hostile.attend", "--demo", "--as-of", "2026-03-20", "--keep-going"],
                               input: "", environment: ["NO_COLOR": "1"], directory: dir.url)
        #expect(r.stderr.contains("error[Q124]"), "\(r.stderr)")
        #expect(r.stdout.contains("1,162"), "\(r.stdout)")
        #expect(r.status == 1)
    }
}
