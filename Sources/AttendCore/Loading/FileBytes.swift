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

    /// Bytes already in memory (the demo register, tests).
    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.owned = bytes
        self.count = bytes.count
        self.base = nil
        self.mapped = false
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

    deinit {
        if mapped, let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let owned { return try owned.withUnsafeBufferPointer(body) }
        guard let base else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count))
    }
}
