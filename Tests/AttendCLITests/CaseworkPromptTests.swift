import Foundation
import Testing

/// The casework statements at the real prompt (the demo register, in tmux): Tab completes an
/// action after `record` and `no`, and a timeline prints with its next step.
@Suite(.serialized, .enabled(if: TmuxSession.available, "tmux is not installed: the REPL terminal tests are skipped"))
struct CaseworkPromptTests {
    @Test func tabCompletesActionsAndATimelinePrints() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        let s = try AttendReplTests().start(in: dir)
        defer { s.kill() }
        let prompt = AttendReplTests.prompt

        try s.type("record home-v")
        try s.press("Tab")
        try s.waitFor("home-v → home-visit") { $0.lastLine == prompt + " record home-visit" }
        try s.press("C-u")
        try s.waitFor("the line cleared") { $0.lastLine == prompt }
        try s.type("pupils where no penalty-n")
        try s.press("Tab")
        try s.waitFor("penalty-n → penalty-notice") { $0.lastLine == prompt + " pupils where no penalty-notice" }
        try s.press("C-u")
        try s.waitFor("the line cleared") { $0.lastLine == prompt }

        let screen = try AttendReplTests().enter(s, "actions for pupil A880007000021", expect: "next step:")
        #expect(screen.contains("penalty-notice"))
        try s.type(".quit")
        try s.press("Enter")
    }
}
