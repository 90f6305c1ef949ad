#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files this process has read a register from: pupils.csv, marks.csv, calendar.csv,
/// school.conf, a codes.csv beside them, and a saved store. ``SafeFileWriter`` never
/// writes over one of them.
///
/// The list holds resolved paths; a target is compared with each by device and inode at
/// the moment of writing (both `stat`ed then), so a symbolic link, a hard link, `./`, `..`
/// or another spelling of the same file is caught, and a file deleted since the register
/// was loaded is not mistaken for a new one that happens to reuse its inode.
public enum RegisterFiles {
    private static let paths = Locked<Set<String>>([])

    /// Records a file the register was read from (nothing happens if it does not exist).
    public static func record(_ path: String) {
        guard let real = realPath(path) else { return }
        paths.withLock { _ = $0.insert(real) }
    }

    /// Records the register files of a register folder: the ones attend reads, and the
    /// ones that belong there (codes.csv, school.conf) whether read or not.
    public static func recordFolder(_ folder: String) {
        for name in ["pupils.csv", "marks.csv", "calendar.csv", "codes.csv", "school.conf"] {
            record(folder + "/" + name)
        }
    }

    /// The recorded register file that `st` (a `stat` of the target) is, if any.
    static func match(_ st: stat) -> String? {
        let all = paths.withLock { $0 }
        for p in all.sorted() {
            var other = stat()
            if stat(p, &other) == 0 && other.st_dev == st.st_dev && other.st_ino == st.st_ino { return p }
        }
        return nil
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
