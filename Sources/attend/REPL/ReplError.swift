import AttendCore

/// An error the REPL itself reports: an unknown dot-command, a wrong argument count, a file
/// that cannot be opened. Errors from the interpreter arrive as whatever the host throws
/// (usually ``Diagnostic``) and are rendered by ``ReplHost/render(error:color:)``.
struct ReplError: Error, Sendable, CustomStringConvertible {
    var message: String
    var hint: String?
    /// The exit status a non-interactive run ends with when this stops it.
    var status: ExitStatus

    init(_ message: String, hint: String? = nil, status: ExitStatus = .queryError) {
        self.message = message
        self.hint = hint
        self.status = status
    }

    var description: String { render(color: false) }

    /// Laid out like ``DiagnosticRenderer``'s output: `error: …` then `  hint: …`.
    func render(color: Bool) -> String {
        var text = Terminal.paint("error", "1;31", enabled: color) + ": " + message
        if let hint { text += "\n  " + Terminal.paint("hint:", "1;32", enabled: color) + " " + hint }
        return text
    }
}
