#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files that hold pupil data: to a temporary name in the same folder, readable by
/// the owner only (0600), flushed, then renamed over the target, so a failure part-way (a
/// full disk, a permission refused) leaves no half-written file and any old file intact.
public enum SafeFileWriter {
    /// Writes `contents` to `path`. With `replace: false` an existing file is refused.
    public static func write(_ contents: String, to path: String, replace: Bool = true) throws(Diagnostic) {
        try write(Array(contents.utf8), to: path, replace: replace)
    }

    public static func write(_ bytes: [UInt8], to path: String, replace: Bool = true) throws(Diagnostic) {
        let pending = try prepare(bytes, to: path, replace: replace)
        try commit(pending)
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
    public static func prepare(_ bytes: [UInt8], to path: String, replace: Bool = true) throws(Diagnostic) -> Pending {
        if !replace && access(path, F_OK) == 0 { throw exists(path) }
        let dir = directory(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(dir)/.\(base).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(errno))) }
        let tmp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        fchmod(fd, 0o600)
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
                throw exists(path)
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

    static func exists(_ path: String) -> Diagnostic { .alreadyExists(path) }


    /// A file written in pieces, with the same guarantees: a temporary name in the same
    /// folder, mode 0600, flushed and renamed over `path` by ``finish()``; ``abandon()``
    /// removes it.
    public final class Stream {
        let path: String
        let temporary: String
        private var fd: Int32

        public init(_ path: String, replace: Bool = true) throws(Diagnostic) {
            if !replace && access(path, F_OK) == 0 {
                throw Diagnostic.alreadyExists(path)
            }
            let dir = SafeFileWriter.directory(of: path)
            let base = path.split(separator: "/").last.map(String.init) ?? path
            var template = Array("\(dir)/.\(base).tmp-XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(errno))) }
            self.path = path
            self.fd = fd
            temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            fchmod(fd, 0o600)
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

        /// Flushes, closes and renames the file into place.
        public func finish() throws(Diagnostic) {
            var failure: Int32 = 0
            if fsync(fd) != 0 { failure = errno }
            if close(fd) != 0 && failure == 0 { failure = errno }
            fd = -1
            if failure != 0 {
                unlink(temporary)
                throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(failure)))
            }
            if rename(temporary, path) != 0 {
                let e = errno
                unlink(temporary)
                throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(e)))
            }
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
