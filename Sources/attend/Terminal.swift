#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import AttendCore
import CReadline

/// The process's standard streams, for every command and the prompt alike: results on
/// stdout, diagnostics and notes on stderr. Writing to stderr flushes stdout first so that
/// piped output and errors appear in the order they happened. This is the only place that
/// decides whether colour is used and the only place that writes to a stream.
enum Terminal {
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    /// The C library's stdout (see CReadline's shim.h for why it is reached through a function).
    static var standardOutput: UnsafeMutablePointer<FILE> { attend_stdout() }
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Colour is allowed on a stream when it is a terminal, `NO_COLOR` is unset or empty
    /// (https://no-color.org: "when present and not an empty string") and `TERM` is not `dumb`.
    static func colorAllowed(onTerminal isTerminal: Bool, environment: (String) -> String? = Terminal.environment) -> Bool {
        guard isTerminal else { return false }
        if let noColor = environment("NO_COLOR"), !noColor.isEmpty { return false }
        if environment("TERM") == "dumb" { return false }
        return true
    }

    static var colorOnStdout: Bool { colorAllowed(onTerminal: stdoutIsTerminal) }
    static var colorOnStderr: Bool { colorAllowed(onTerminal: stderrIsTerminal) }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// Writes `text` to stdout, adding a final newline if it has none (and is not empty).
    static func out(_ text: String, newline: Bool = true) {
        fputs(text, standardOutput)
        if newline, !text.isEmpty, !text.hasSuffix("\n") { fputs("\n", standardOutput) }
        fflush(standardOutput)
    }

    /// Writes a result that may be long to stdout in pieces of 16 KB, asking `stop` before
    /// each; adds a final newline if the text has none. Returns false when `stop` said so
    /// (the line cut short is ended), so Ctrl-C can end the printing of a long result.
    static func out(_ text: String, stoppingWhen stop: () -> Bool) -> Bool {
        var text = text
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        let piece = 16 * 1024
        return text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                if stop() {
                    if offset > 0 && bytes[offset - 1] != UInt8(ascii: "\n") { fputs("\n", standardOutput) }
                    fflush(standardOutput)
                    return false
                }
                let n = min(piece, bytes.count - offset)
                fwrite(bytes.baseAddress! + offset, 1, n, standardOutput)
                fflush(standardOutput)
                offset += n
            }
            return true
        } ?? { out(text); return true }()
    }

    /// Writes `text` and a newline to stderr, after flushing stdout.
    static func err(_ text: String) {
        fflush(standardOutput)
        var line = text
        if !line.hasSuffix("\n") { line += "\n" }
        writeAll(STDERR_FILENO, line)
    }

    /// Diagnostics on stderr, rendered with colour when stderr allows it.
    static func printDiagnostics(_ ds: [Diagnostic]) {
        guard !ds.isEmpty else { return }
        let r = DiagnosticRenderer(color: colorOnStderr)
        for d in ds { err(r.render(d)) }
    }

    /// write(2) until done, retrying when a signal (Ctrl-C) interrupts it; stderr is
    /// unbuffered this way and never interleaves mid-line.
    static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
        bytes.removeAll()
    }

    /// Wraps `text` in an SGR colour sequence when `enabled`.
    static func paint(_ text: String, _ sgr: String, enabled: Bool) -> String {
        enabled ? "\u{1B}[\(sgr)m\(text)\u{1B}[0m" : text
    }
}

extension Terminal {
    /// Characters across stdout, for charts: the terminal's width when stdout is one, else
    /// `COLUMNS` when set to a number (as shells export it), else 80.
    static var width: Int {
        if stdoutIsTerminal {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        if let c = environment("COLUMNS").flatMap({ Int($0) }), c > 0 { return c }
        return 80
    }
}
