#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The REPL's history file: `$ATTEND_HISTORY`, or `~/.attend_history`.
///
/// The format is GNU history's plain one: one entry per line, no timestamps. A statement
/// typed over several lines is ONE entry; since a line can't hold a newline, each newline
/// inside an entry is stored as the byte 0x01 (as psql does with `NL_IN_HISTORY`) and turned
/// back into a newline on load. Entries are appended as they are made, so a crash loses
/// nothing and two sessions at once don't overwrite each other; the file is trimmed back to
/// the cap when a session ends. It is created with mode 0600: queries can name pupils.
struct HistoryFile {
    static let newlineMark: Character = "\u{01}"

    let path: String
    let limit: Int

    /// Stored form: newlines become 0x01, carriage returns and stray 0x01 bytes are dropped.
    static func encode(_ entry: String) -> String {
        var out = ""
        out.reserveCapacity(entry.utf8.count)
        for ch in entry {
            switch ch {
            case "\n", "\r\n": out.append(newlineMark)
            case "\r", newlineMark: continue
            default: out.append(ch)
            }
        }
        return out
    }

    static func decode(_ line: some StringProtocol) -> String {
        String(line.map { $0 == newlineMark ? "\n" : $0 })
    }

    /// The last `limit` entries, oldest first; none if the file doesn't exist or can't be read.
    func load() -> [String] {
        guard let bytes = try? Posix.readFile(path) else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return lines.suffix(limit).map(Self.decode)
    }

    /// Appends one entry, creating the file (mode 0600) if needed. Returns an error message on failure.
    @discardableResult
    func append(_ entry: String) -> String? {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return "cannot write history file \(path): \(Posix.lastError)" }
        defer { close(fd) }
        Terminal.writeAll(fd, Self.encode(entry) + "\n")
        return nil
    }

    /// Rewrites the file with its last `limit` entries if it has grown past them. The new
    /// file is written beside the old one (mode 0600) and renamed over it.
    @discardableResult
    func trim() -> String? {
        guard let bytes = try? Posix.readFile(path) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count > limit else { return nil }
        // Through a symlink (dotfiles kept elsewhere), replace the file it points to.
        var target = path
        if let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        let temp = target + ".tmp\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return "cannot trim history file \(path): \(Posix.lastError)" }
        Terminal.writeAll(fd, lines.suffix(limit).joined(separator: "\n") + "\n")
        close(fd)
        if rename(temp, target) != 0 {
            let message = "cannot trim history file \(path): \(Posix.lastError)"
            unlink(temp)
            return message
        }
        return nil
    }

    /// `$ATTEND_HISTORY` if set (empty turns history off), else `~/.attend_history`.
    static func defaultPath() -> String? {
        if let path = Terminal.environment("ATTEND_HISTORY") { return path.isEmpty ? nil : expandTilde(path) }
        guard let home = Terminal.environment("HOME"), !home.isEmpty else { return nil }
        return home + "/.attend_history"
    }
}
