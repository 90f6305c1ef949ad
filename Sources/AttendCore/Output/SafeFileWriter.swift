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
        if !replace && access(path, F_OK) == 0 {
            throw Diagnostic("F005", message: "\(path) already exists", hint: "it was not overwritten; remove it, or ask to replace it",
                             location: SourceLocation(file: path))
        }
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
        if !replace {
            // A hard link never replaces a file, so a file that appeared since the check
            // above is refused too; where links are not supported, rename after the check.
            if link(tmp, path) == 0 {
                unlink(tmp)
                return
            }
            let e = errno
            if e == EEXIST {
                unlink(tmp)
                throw Diagnostic("F005", message: "\(path) already exists", hint: "it was not overwritten; remove it, or ask to replace it",
                                 location: SourceLocation(file: path))
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

    /// Creates a folder (and its parents) readable by the owner only.
    public static func makeDirectory(_ path: String) throws(Diagnostic) {
        var built = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            built += "/" + part
            if mkdir(built, 0o700) != 0 && errno != EEXIST {
                throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(errno)))
            }
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }
}
