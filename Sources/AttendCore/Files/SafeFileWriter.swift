#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files that hold pupil data: to a temporary name in the same folder, readable by
/// the owner only (0600), flushed, then renamed over the target, so a failure part-way (a
/// full disk, a permission refused) leaves no half-written file and any old file intact.
///
/// Every file attend writes comes here (`into`, letters, `.output`, `.once`, `attend save`,
/// `attend demo`), and one rule (``check(_:replace:)``) decides whether it may be written:
/// - only a regular file: a device (`/dev/full`, `/dev/null`), a named pipe, a socket or a
///   folder is refused, named for what it is (renaming over it would replace the device);
/// - never a file of the loaded register (``RegisterFiles``), by device and inode;
/// - an existing file only when the caller was told to replace it.
public enum SafeFileWriter {
    /// Writes `contents` to `path`. With `replace: false` an existing file is refused.
    public static func write(_ contents: String, to path: String, replace: Bool) throws(Diagnostic) {
        try write(Array(contents.utf8), to: path, replace: replace)
    }

    public static func write(_ bytes: [UInt8], to path: String, replace: Bool) throws(Diagnostic) {
        let pending = try prepare(bytes, to: path, replace: replace)
        try commit(pending)
    }

    /// The rule for every write: throws F008 when `path` is something other than a regular
    /// file, F009 when it is a file of the loaded register, and F005 when it exists and
    /// `replace` is false. A path that does not exist yet passes.
    public static func check(_ path: String, replace: Bool) throws(Diagnostic) {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        if let kind = kind(of: st) { throw .notWritableKind(path, kind: kind) }
        if let file = RegisterFiles.match(st) { throw .registerFileTarget(path, registerFile: file) }
        if !replace { throw .fileExists(path) }
    }

    /// What a file that is not a regular file is, in words; nil for a regular file.
    static func kind(of st: stat) -> String? {
        switch st.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFSOCK: return "a socket"
        default: return "not a plain file"
        }
    }

    /// A file written in full under a temporary name, not yet renamed into place.
    public struct Pending: Sendable {
        public let path: String
        let temporary: String
        let replace: Bool
    }

    /// Writes `bytes` to a temporary name beside `path` (owner-only, flushed to disk).
    /// Nothing is at `path` yet: ``commit(_:)`` puts it there, ``discard(_:)`` removes it.
    /// Several files can be prepared and then committed together, so that a failure while
    /// writing any of them (a full disk) leaves none of them.
    public static func prepare(_ bytes: [UInt8], to path: String, replace: Bool) throws(Diagnostic) -> Pending {
        try check(path, replace: replace)
        let (fd, tmp) = try temporary(for: path)
        var off = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                off += n
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(tmp)
            throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(failure)))
        }
        return Pending(path: path, temporary: tmp, replace: replace)
    }

    /// Puts a prepared file in place: renamed over the target, or, when it may not replace
    /// a file, linked (a file that appeared since it was prepared is refused).
    public static func commit(_ p: Pending) throws(Diagnostic) {
        let (tmp, path) = (p.temporary, p.path)
        // Checked again: the target may have changed while the file was being written.
        do { try check(path, replace: true) } catch {
            unlink(tmp)
            throw error
        }
        if !p.replace {
            // A hard link never replaces a file, so a file that appeared since the check
            // above is refused too; where links are not supported, rename after the check.
            if link(tmp, path) == 0 {
                unlink(tmp)
                return
            }
            let e = errno
            if e == EEXIST {
                unlink(tmp)
                throw .fileExists(path)
            }
            if e != EPERM && e != ENOTSUP && e != EOPNOTSUPP && e != EXDEV {
                unlink(tmp)
                throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(e)))
            }
        }
        if rename(tmp, path) != 0 {
            let e = errno
            unlink(tmp)
            throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(e)))
        }
    }

    /// Removes a prepared file that will not be committed.
    public static func discard(_ p: Pending) {
        unlink(p.temporary)
    }

    /// A new temporary file beside `path`, mode 0600: its descriptor and name.
    static func temporary(for path: String) throws(Diagnostic) -> (Int32, String) {
        let dir = directory(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(dir)/.\(base).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(errno))) }
        let tmp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        fchmod(fd, 0o600)
        return (fd, tmp)
    }

    /// A file written in pieces, with the same guarantees: a temporary name in the same
    /// folder, mode 0600, flushed and renamed over `path` by ``finish()``; ``abandon()``
    /// removes it.
    public final class Stream {
        public let path: String
        let temporary: String
        let replace: Bool
        private var fd: Int32

        public init(_ path: String, replace: Bool) throws(Diagnostic) {
            try SafeFileWriter.check(path, replace: replace)
            let (fd, tmp) = try SafeFileWriter.temporary(for: path)
            self.path = path
            self.fd = fd
            self.replace = replace
            temporary = tmp
        }

        public func write(_ bytes: [UInt8]) throws(Diagnostic) {
            var failure: Int32 = 0
            bytes.withUnsafeBytes { failure = put($0) }
            if failure != 0 { throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(failure))) }
        }

        public func write(_ raw: UnsafeRawBufferPointer) throws(Diagnostic) {
            let failure = put(raw)
            if failure != 0 { throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(failure))) }
        }

        private func put(_ raw: UnsafeRawBufferPointer) -> Int32 {
            var off = 0
            while off < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                #else
                let n = Darwin.write(fd, raw.baseAddress! + off, raw.count - off)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                off += n
            }
            return 0
        }

        /// Flushes, closes and renames the file into place (by the same rule as ``commit(_:)``).
        public func finish() throws(Diagnostic) {
            try SafeFileWriter.commit(try complete())
        }

        /// Flushes and closes the file without putting it in place: ``commit(_:)`` does
        /// that, so that several files can be completed first and then committed together.
        public func complete() throws(Diagnostic) -> Pending {
            var failure: Int32 = 0
            if fsync(fd) != 0 { failure = errno }
            if close(fd) != 0 && failure == 0 { failure = errno }
            fd = -1
            if failure != 0 {
                unlink(temporary)
                throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(failure)))
            }
            return Pending(path: path, temporary: temporary, replace: replace)
        }

        /// Removes the temporary file after a failure.
        public func abandon() {
            if fd >= 0 { close(fd); fd = -1 }
            unlink(temporary)
        }

        deinit { if fd >= 0 { close(fd); unlink(temporary) } }
    }

    /// Creates a folder (and its parents) readable by the owner only. Returns the folders
    /// it created, outermost first, so that a failed run can remove them again.
    @discardableResult
    public static func makeDirectory(_ path: String) throws(Diagnostic) -> [String] {
        var built = path.hasPrefix("/") ? "" : "."
        var created: [String] = []
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) == 0 {
                created.append(built)
            } else if errno != EEXIST {
                let e = errno
                removeDirectories(created)
                throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(e)))
            }
        }
        return created
    }

    /// Removes folders made by ``makeDirectory(_:)``, innermost first, if they are empty.
    public static func removeDirectories(_ created: [String]) {
        for d in created.reversed() { rmdir(d) }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }
}
