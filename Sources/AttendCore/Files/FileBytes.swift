import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one register file: mapped from disk (no copy, no String), or held in
/// memory for the built-in demo register. Immutable once made.
public final class FileBytes: @unchecked Sendable {
    /// The name used in messages: `marks.csv`, or the path as the user gave it.
    public let name: String
    private let base: UnsafeRawPointer?
    public let count: Int
    private let mapped: Bool
    private let owned: [UInt8]?
    /// The file's absolute path, and its modification time (ns since 1970) when opened; nil
    /// for bytes in memory.
    public let path: String?
    public let modifiedNanoseconds: Int64?

    /// Bytes already in memory (the demo register, tests).
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.owned = bytes
        self.count = bytes.count
        self.base = nil
        self.mapped = false
        self.path = nil
        self.modifiedNanoseconds = nil
    }

    /// Maps a file read-only. Throws an I/O diagnostic naming the file when it is missing,
    /// unreadable or a directory.
    public init(path: String, name: String? = nil) throws(Diagnostic) {
        self.name = name ?? path
        // O_NONBLOCK: a named pipe given as a register file must not hang the open.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Diagnostic.cannotOpen(path, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Diagnostic.cannotOpen(path, errno: errno) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw Diagnostic.isDirectory(path) }
        if (st.st_mode & S_IFMT) != S_IFREG { throw Diagnostic.notRegularFile(path) }
        let size = Int(st.st_size)
        self.count = size
        self.owned = nil
        self.path = Self.absolutePath(path)
        self.modifiedNanoseconds = Self.modified(st)
        if size == 0 {
            self.base = nil
            self.mapped = false
            return
        }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw Diagnostic.cannotOpen(path, errno: errno)
        }
        _ = madvise(p, size, MADV_SEQUENTIAL)
        self.base = UnsafeRawPointer(p)
        self.mapped = true
    }

    /// `path` made absolute (symbolic links resolved), or as given when that fails.
    static func absolutePath(_ path: String) -> String {
        guard let r = realpath(path, nil) else { return path }
        defer { free(r) }
        return String(cString: r)
    }

    static func modified(_ st: stat) -> Int64 {
        #if canImport(Darwin)
        return Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        #else
        return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        #endif
    }

    /// What identifies this file's contents as loaded: path, size, modification time and
    /// checksums of its first and last 64 KB. Nil for bytes in memory.
    public func identity(role: String) -> SourceFileIdentity? {
        guard let path, let modifiedNanoseconds else { return nil }
        return withBytes { b in
            let (head, tail) = SourceFileIdentity.edgeHashes(UnsafeRawBufferPointer(b))
            return SourceFileIdentity(role: role, path: path, size: count, modified: modifiedNanoseconds, headHash: head, tailHash: tail)
        }
    }

    deinit {
        guard mapped, let base else { return }
        // Unmapping a large file takes tens of milliseconds (a page-table entry per page):
        // nothing waits for it, so it is done on another thread.
        let address = Int(bitPattern: base), size = count
        if size >= 1 << 26 {
            DispatchQueue.global(qos: .utility).async { _ = munmap(UnsafeMutableRawPointer(bitPattern: address), size) }
        } else {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        }
    }

    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let owned { return try owned.withUnsafeBufferPointer(body) }
        guard let base else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count))
    }
}

/// What a register was loaded from, so that reopening a saved store can tell whether the
/// files have changed since.
public struct SourceFileIdentity: Sendable, Hashable {
    /// `pupils.csv`, `marks.csv` or `calendar.csv`: the file's part in the register.
    public var role: String
    public var path: String
    public var size: Int
    /// Modification time, ns since 1970.
    public var modified: Int64
    public var headHash: UInt64
    public var tailHash: UInt64

    static let edge = 1 << 16

    /// XXH64 of the first and of the last 64 KB.
    static func edgeHashes(_ b: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        let n = b.count
        let head = XXHash64.hash(UnsafeRawBufferPointer(rebasing: b[0..<min(n, edge)]))
        let tail = XXHash64.hash(UnsafeRawBufferPointer(rebasing: b[max(0, n - edge)..<n]))
        return (head, tail)
    }
}
