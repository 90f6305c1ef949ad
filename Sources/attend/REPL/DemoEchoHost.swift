import AttendCore
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A stand-in interpreter for developing and testing the terminal side
/// (`attend stand-in-repl`, a hidden command). Not for users.
///
/// * A statement whose last word is `and` or `for`, or that ends in `(`, is incomplete.
/// * `sleep N` sleeps N seconds, polling the cancellation every 10 ms.
/// * `spin` burns CPU until Ctrl-C, polling the cancellation as it goes.
/// * `hang N` sleeps N seconds without polling (an evaluator that never checks: the third
///   Ctrl-C exits the process).
/// * `rows N …` returns an N-row table in the current format (a table cut at `maxRows`).
/// * `error …` throws a query diagnostic with a caret under the second word.
/// * `.write` takes 2 s without polling, then reports three letters written: a write that
///   finishes although Ctrl-C came during it.
/// * Anything else echoes `ok: <statement>` (lines joined with a space).
final class DemoEchoHost: ReplHost {
    private(set) var asOf = Day(year: 2026, month: 1, day: 23)!
    private var reloads = 0

    var banner: String { "attend demo host: statements are echoed, not run." }
    var registerName: String { "demo" }
    var asOfText: String { asOf.iso }

    func isIncomplete(_ text: String) -> Bool {
        let trimmed = text.trimmingWhitespace()
        if trimmed.hasSuffix("(") { return true }
        let last = trimmed.split(whereSeparator: \.isWhitespace).last?.lowercased()
        return last == "and" || last == "for"
    }

    func evaluate(_ text: String, context: EvaluationContext) throws -> ReplResult {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        let echo = "ok: " + words.joined(separator: " ")
        switch words.first?.lowercased() {
        case "sleep":
            let seconds = words.count > 1 ? Double(words[1]) ?? 1 : 1
            let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            while ContinuousClock.now < deadline {
                try context.cancellation.check()
                usleep(10_000)
            }
            return ReplResult(text: "slept \(words.count > 1 ? words[1] : "1") s")
        case "spin":
            var iterations: UInt64 = 0
            while true {
                iterations &+= 1
                if iterations & 0xFFFF == 0 { try context.cancellation.check() }
            }
        case "hang":
            let seconds = words.count > 1 ? UInt32(words[1]) ?? 1 : 1
            var left = seconds
            while left > 0 { left = sleep(left) }   // sleep returns early on a signal; carry on regardless
            return ReplResult(text: "hung \(seconds) s")
        case "rows":
            let count = words.count > 1 ? Int(words[1]) ?? 0 : 0
            return renderRows(count, heading: echo, context: context)
        case "error":
            let span = text.utf8.count > 6 ? 6..<text.utf8.count : 0..<text.utf8.count
            throw Diagnostic.standInRefuses(text, span: span)
        default:
            return ReplResult(text: echo)
        }
    }

    private func renderRows(_ count: Int, heading: String, context: EvaluationContext) -> ReplResult {
        // The row cap is the table format's, as in the real runner.
        let shown = context.format == .table ? min(count, context.maxRows ?? count) : count
        let rows = (0..<shown).map { (n: $0 + 1, name: "pupil \($0 + 1)") }
        var lines: [String]
        switch context.format {
        case .table, .xlsx:
            lines = [heading, "  n | name", " ---+---------"] + rows.map { "\(String($0.n).leftPadded(3)) | \($0.name)" }
        case .csv:
            lines = ["n,name"] + rows.map { "\($0.n),\($0.name)" }
        case .tsv:
            lines = ["n\tname"] + rows.map { "\($0.n)\t\($0.name)" }
        case .json:
            let objects = rows.map { "  {\"n\": \($0.n), \"name\": \"\($0.name)\"}" }
            lines = ["["] + [objects.joined(separator: ",\n")].filter { !$0.isEmpty } + ["]"]
        case .markdown:
            lines = ["| n | name |", "|---|------|"] + rows.map { "| \($0.n) | \($0.name) |" }
        }
        return ReplResult(text: lines.joined(separator: "\n"), totalRows: count, shownRows: shown)
    }

    func setAsOf(_ text: String) throws -> String? {
        guard let day = Day(parsing: text) else {
            throw ReplError("\"\(text)\" is not a date", hint: "write 2026-01-23 or 23/01/2026")
        }
        asOf = day
        return "Statements are now evaluated as of \(day.longEnglish)."
    }

    func columns() throws -> String { "upn\nsurname\nforename\nyear\nform\nsen\nfsm" }
    func codes() throws -> String { "/  present (AM)\n\\  present (PM)\nI  illness (authorised)\nO  unauthorised" }
    func calendar() throws -> String { "Autumn 2025-09-03 to 2025-12-19\nSpring 2026-01-05 to 2026-03-27" }

    func writePendingLetters(output: ReplOutput) throws -> ReplResult {
        var left: UInt32 = 2
        while left > 0 { left = sleep(left) }   // sleep returns early on a signal; carry on regardless
        var r = ReplResult(text: "")
        r.notes = ["wrote 3 letters to letters/"]
        return r
    }

    func reload() throws -> String? {
        reloads += 1
        return "Reloaded the demo register (\(reloads) time\(reloads == 1 ? "" : "s"))."
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
