#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way attend adds rows to the actions log (actions.csv), beside ``SafeFileWriter``
/// and with the same care, by the rule for a log:
/// - a regular file only (a device, pipe, socket or folder is refused, F071);
/// - the file is never rewritten: rows are appended whole (`O_APPEND`, every row of a call
///   in one write), flushed to disk (`fsync`) before the call returns; a write that fails
///   part-way is cut back to the file's size before it, so no half row is left;
/// - a file whose last line has no line end (a write cut short before) is refused (F072):
///   a row appended to it would join that line;
/// - rows follow the file's own header (an MIS may order or name the columns differently);
/// - the file is kept readable by its owner only (0600); when absent it is created so,
///   with its header.
/// `--safe` refuses appends before they reach here (``SafeMode``'s rule, F070).
public enum ActionLogAppender {
    /// Whether rows could be appended to `path` now, by the rule above, without writing
    /// anything: a `letters` run asks before it writes its letters, so that a log it could
    /// not append to stops it while nothing is written. ``append(_:to:)`` checks again.
    public static func check(_ path: String) throws(Diagnostic) {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT { return }
            throw .actionLogFailed(path, reason: String(cString: strerror(errno)))
        }
        if let kind = SafeFileWriter.kind(of: st) {
            throw .actionLogNotFile(path, kind: (st.st_mode & S_IFMT) == S_IFLNK ? "a symbolic link" : kind)
        }
        if st.st_size > 0 { _ = try existingColumnOrder(path, size: Int(st.st_size)) }
    }

    public static func append(_ rows: [ActionEntry], to path: String) throws(Diagnostic) {
        guard !rows.isEmpty else { return }
        var st = stat()
        if lstat(path, &st) == 0 {
            if let kind = SafeFileWriter.kind(of: st) {
                throw .actionLogNotFile(path, kind: (st.st_mode & S_IFMT) == S_IFLNK ? "a symbolic link" : kind)
            }
        } else if errno != ENOENT {
            throw .actionLogFailed(path, reason: String(cString: strerror(errno)))
        }
        var created = false
        // O_NONBLOCK: a named pipe put in its place since the check must not hang the open.
        let flags = O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK
        var fd = open(path, flags)
        if fd < 0 && errno == ENOENT {
            fd = open(path, flags | O_CREAT | O_EXCL, 0o600)
            created = fd >= 0
            // Another process created it in between: append to theirs.
            if fd < 0 && errno == EEXIST { fd = open(path, flags) }
        }
        guard fd >= 0 else { throw .actionLogFailed(path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var fst = stat()
        guard fstat(fd, &fst) == 0 else { throw .actionLogFailed(path, reason: String(cString: strerror(errno))) }
        if let kind = SafeFileWriter.kind(of: fst) { throw .actionLogNotFile(path, kind: kind) }
        fchmod(fd, 0o600)
        let size = Int(fst.st_size)
        var order = ["date", "upn", "action", "by", "note"]
        var text = ""
        if created || size == 0 {
            text = ActionsLoader.header + "\n"
        } else {
            order = try existingColumnOrder(path, size: size)
        }
        for r in rows { text += line(r, order: order) }
        let bytes = Array(text.utf8)
        var off = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                off += n
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if failure != 0 {
            // No half row is left: the file goes back to its size before this call.
            if created { unlink(path) } else { _ = ftruncate(fd, off_t(size)); _ = fsync(fd) }
            throw .actionLogFailed(path, reason: String(cString: strerror(failure)))
        }
        // A log created now is a file of the register like the one read at the start: no
        // `into` or letter may write over it.
        if created { RegisterFiles.record(path) }
    }

    /// The column order of an existing log, after checking that it ends with a line end.
    static func existingColumnOrder(_ path: String, size: Int) throws(Diagnostic) -> [String] {
        let (head, lastByte) = try readHeadAndLastByte(path, size: size)
        if lastByte != 0x0A { throw .actionLogPartial(path) }
        return try columnOrder(head, path: path)
    }

    /// The first line of the file (at most 4 KB) and its last byte.
    static func readHeadAndLastByte(_ path: String, size: Int) throws(Diagnostic) -> ([UInt8], UInt8) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { throw .actionLogFailed(path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: min(size, 4096))
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        var last: UInt8 = 0
        let m = pread(fd, &last, 1, off_t(size - 1))
        guard n > 0, m == 1 else { throw .actionLogFailed(path, reason: "it could not be read back") }
        head = Array(head[0..<n])
        if let nl = head.firstIndex(of: 0x0A) { head = Array(head[0..<nl]) }
        if head.last == 0x0D { head.removeLast() }
        return (head, last)
    }

    /// The canonical column of each header field, in the file's order ("" for a column
    /// attend does not write).
    static func columnOrder(_ head: [UInt8], path: String) throws(Diagnostic) -> [String] {
        var text = head
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        let order: [String] = text.withUnsafeBufferPointer { b in
            var scanner = CSVScanner(b)
            var fields: [CSVField] = []
            guard scanner.next(&fields) else { return [] }
            return fields.map { HeaderMatching.canonical(scanner.trimmedString($0), in: ActionsLoader.columns) ?? "" }
        }
        for required in ["date", "upn", "action"] where !order.contains(required) {
            throw .actionLogHeader(path, missing: required)
        }
        return order
    }

    /// One row as a CSV line in the file's column order: dates as 2026-03-03, a field with
    /// a comma or a quote in double quotes.
    static func line(_ r: ActionEntry, order: [String]) -> String {
        func field(_ k: String) -> String {
            switch k {
            case "date": r.date.iso
            case "upn": r.upn
            case "action": r.written
            case "by": r.by
            case "note": r.note
            default: ""
            }
        }
        return order.map { quoted(field($0)) }.joined(separator: ",") + "\n"
    }

    static func quoted(_ s: String) -> String {
        // A line break would split the row: it is written as a space.
        let one = String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        guard one.contains(where: { $0 == "," || $0 == "\"" }) || one.hasPrefix(" ") || one.hasSuffix(" ") else { return one }
        var out = "\""
        for ch in one { out += ch == "\"" ? "\"\"" : String(ch) }
        return out + "\""
    }
}
