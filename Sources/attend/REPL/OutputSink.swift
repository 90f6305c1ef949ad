#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import AttendCore

/// A file that results go to after `.output FILE` or `.once FILE`, written by the one writer
/// (``SafeFileWriter`` through the session, so `into`'s rule and `--safe` apply): mode 0600,
/// never over a device, a folder or a register file, over an existing file only with
/// `replace`, to a temporary name in the same folder, renamed into place when the file is
/// closed (`.output` with no argument, after a `.once` result, or at the end of the session).
final class FileSink {
    let path: String
    private var stream: SafeFileWriter.Stream?

    init(path: String, replace: Bool, host: any ReplHost) throws {
        self.path = path
        // A text stream cannot be a workbook: `into` writes one (Docs/spreadsheets.md).
        if OutputFormat(fileExtensionOf: path) == .xlsx { throw Diagnostic.workbookIsNotText(path) }
        stream = try host.openResultsFile(expandTilde(path), replace: replace)
    }

    func write(_ text: String) throws(Diagnostic) {
        guard let stream else { return }
        var bytes = Array(text.utf8)
        if !bytes.isEmpty, bytes.last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        try stream.write(bytes)
    }

    /// Renames the file into place; a failure is reported on stderr (the results are then not
    /// in `path`, and no partial file is left there).
    func close() {
        do { try finish() } catch { Terminal.err(DiagnosticRenderer(color: Terminal.colorOnStderr).render(error)) }
    }

    /// Renames the file into place (once; later calls do nothing), throwing what went wrong.
    func finish() throws(Diagnostic) {
        guard let stream else { return }
        self.stream = nil
        try stream.finish()
    }

    /// Removes the unfinished file: a `.once` whose statement failed writes nothing.
    func abandon() {
        stream?.abandon()
        stream = nil
    }

    deinit { close() }
}

/// Where one statement's output goes while it runs: results to the `.output`/`.once` file or
/// the screen, notes and diagnostics to stderr, each as soon as the interpreter hands it
/// over. On the screen a result is printed in pieces with a look at the Ctrl-C flag before
/// each; once Ctrl-C has stopped the printing, the rest of the statement's results are
/// dropped (``stopped``), and the host throws `CancellationError`.
final class ReplOutput: StatementSink {
    let file: FileSink?
    private let render: (Diagnostic) -> String
    /// Ctrl-C stopped the printing of a result.
    private(set) var stopped = false
    /// Writing to the `.output` file failed; the rest is dropped and this is reported.
    private(set) var failure: Diagnostic?
    /// Something was written to the file or the screen.
    private(set) var wroteResult = false

    init(file: FileSink?, render: @escaping (Diagnostic) -> String) {
        self.file = file
        self.render = render
    }

    func result(_ text: String) {
        guard !stopped, failure == nil, !text.isEmpty else { return }
        wroteResult = true
        if let file {
            do { try file.write(text) } catch { failure = error }
        } else if !Terminal.out(text, stoppingWhen: { Interrupt.cancellation.isCancelled }) {
            stopped = true
        }
    }

    func note(_ text: String) { Terminal.err(text) }
    func diagnostic(_ d: Diagnostic) { Terminal.err(render(d)) }
}

/// Where the next result goes: the terminal, a persistent `.output` file, or a `.once` file.
struct OutputRouting {
    private(set) var persistent: FileSink?
    private(set) var once: FileSink?

    /// `.output FILE` (nil: back to the terminal). The file it replaces is put in place.
    mutating func setPersistent(_ sink: FileSink?) throws {
        let old = persistent
        persistent = sink
        try old?.finish()
    }

    /// `.once FILE`: replaces any earlier pending `.once` (which had no result: not written).
    mutating func setOnce(_ sink: FileSink) {
        once?.abandon()
        once = sink
    }

    /// The sink for the next result, consuming a pending `.once`. Nil means the terminal.
    /// The second value is true when the sink is a `.once` file the caller must finish.
    mutating func takeNext() -> (sink: FileSink?, isOnce: Bool) {
        if let once {
            self.once = nil
            return (once, true)
        }
        return (persistent, false)
    }

    /// At the end of the session: the `.output` file is put in place; an unused `.once` is not.
    mutating func closeAll() {
        persistent?.close()
        once?.abandon()
        persistent = nil
        once = nil
    }
}

enum Posix {
    /// strerror(errno).
    static var lastError: String { String(cString: strerror(errno)) }

    /// The whole of a file, or a ReplError naming it.
    static func readFile(_ path: String) throws(ReplError) -> [UInt8] {
        let fd = open(expandTilde(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReplError("cannot read \(path): \(lastError)", status: .ioError) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReplError("cannot read \(path): \(lastError)", status: .ioError)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }
}

/// `~` and `~/x` expand to $HOME (the shell does this for arguments, but not inside the REPL).
func expandTilde(_ path: String) -> String {
    guard path == "~" || path.hasPrefix("~/"), let home = Terminal.environment("HOME") else { return path }
    return home + path.dropFirst()
}
