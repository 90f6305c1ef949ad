#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import AttendCore

/// A file that results go to after `.output FILE` or `.once FILE`, written by the one writer
/// (`SafeFileWriter` through the host, so `into`'s rule and `--safe` apply): mode 0600,
/// never over a device, a folder or a register file, over an existing file only with
/// `replace`, and put in place (renamed from a temporary name) only when finished.
final class FileSink {
    let path: String
    private var stream: SafeFileWriter.Stream?

    init(path: String, replace: Bool, host: any ReplHost) throws {
        self.path = path
        stream = try host.openResultsFile(expandTilde(path), replace: replace)
    }

    func write(_ text: String) throws {
        guard let stream else { return }
        var t = text
        if !t.isEmpty && !t.hasSuffix("\n") { t += "\n" }
        try stream.write(Array(t.utf8))
    }

    /// Puts the file in place (once; later calls do nothing).
    func finish() throws {
        guard let s = stream else { return }
        stream = nil
        try s.finish()
    }

    /// Removes the unfinished file.
    func abandon() {
        stream?.abandon()
        stream = nil
    }

    deinit { abandon() }
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
        do { try persistent?.finish() } catch { Console.err("\(error)") }
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
    guard path == "~" || path.hasPrefix("~/"), let home = Console.environment("HOME") else { return path }
    return home + path.dropFirst()
}
