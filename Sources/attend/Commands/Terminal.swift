import AttendCore
#if canImport(Glibc)
import Glibc
#endif

/// Writing to the terminal: stderr for diagnostics, colour only on a TTY without NO_COLOR.
enum Terminal {
    static func stderr(_ s: String) {
        let line = s + "\n"
        var bytes = Array(line.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + off, $0.count - off) }
            if n <= 0 { break }
            off += n
        }
    }

    static var colorOnStderr: Bool { isatty(2) == 1 && getenv("NO_COLOR") == nil }
    static var colorOnStdout: Bool { isatty(1) == 1 && getenv("NO_COLOR") == nil }

    static func printDiagnostics(_ ds: [Diagnostic]) {
        guard !ds.isEmpty else { return }
        let r = DiagnosticRenderer(color: colorOnStderr)
        for d in ds { stderr(r.render(d)) }
    }
}
