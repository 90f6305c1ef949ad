import AttendCore

/// The sink for `attend run`, `attend query` and `-c`: results on stdout, notes and
/// diagnostics on stderr, through ``Terminal``.
final class TerminalSink: StatementSink {
    private let renderer = DiagnosticRenderer(color: Terminal.colorOnStderr)

    func result(_ text: String) { Terminal.out(text) }
    func note(_ text: String) { Terminal.err(text) }
    func diagnostic(_ d: Diagnostic) { Terminal.err(renderer.render(d)) }
}
