import Foundation
import Testing

/// `chart` at the real prompt in a terminal 60 columns wide (tmux): the chart takes the
/// terminal's width, not `COLUMNS` (unset here) nor 80.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed: the REPL terminal tests are skipped"))
struct ChartTerminalTests {
    static let prompt = "attend demo 2026-03-20>"

    @Test func chartFitsTheTerminal() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let binary = try AttendBinary.require()
        let env = ["ATTEND_HISTORY=" + shellQuote(dir.path("history")), "INPUTRC=/dev/null",
                   "HOME=" + shellQuote(dir.url.path), "TERM=screen", "NO_COLOR=1"]
        let command = "cd \(shellQuote(dir.url.path)) && env -u COLUMNS \(env.joined(separator: " ")) \(shellQuote(binary)) --demo --as-of 2026-03-20"
        let s = try TmuxSession(command: command, width: 60, height: 40)
        defer { s.kill() }
        try s.waitFor("the first prompt", timeout: 30) { $0.lastLine == Self.prompt }
        let before = try s.screen()
        try s.type("chart rate by year over this term")
        try s.press("Enter")
        let screen = try s.waitForNew("scale: 0 to 100%", after: before, timeout: 10)
        let bars = screen.split(separator: "\n").filter { $0.contains("█") }
        #expect(bars.count == 7)
        // 60 columns: the label (2), the bar and the value (5), with the last column free.
        #expect(bars.allSatisfy { $0.count == 59 }, "\(bars)")
        #expect(bars.first?.hasSuffix("93.3%") == true)
    }
}
