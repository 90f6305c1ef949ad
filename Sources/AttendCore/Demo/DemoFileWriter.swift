#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DemoRegister {
    /// Writes pupils.csv, marks.csv and calendar.csv (and, with `school`, school.conf)
    /// into `directory`, through ``SafeFileWriter``.
    ///
    /// Pupil data is personal data (even made up, it looks real), so a directory this
    /// creates gets mode 0700 and the files mode 0600. Every file is first checked by the
    /// writer's rule (a register folder's files are refused unless `replace`: a demo must
    /// never overwrite a real register; a device or folder in its place is refused always),
    /// then written under a temporary name in the same directory and renamed into place only
    /// when all are complete, so a failed or interrupted run never leaves a half-written
    /// register under the real names. marks.csv is streamed in chunks (a few tens of MB at
    /// a time), never held whole in memory.
    public static func write(to directory: String, _ options: DemoOptions, school: String? = nil, replace: Bool = false) throws {
        try options.validate()
        let dir = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        var names = [pupilsFileName, calendarFileName, marksFileName]
        if school != nil { names.append(SchoolSettings.fileName) }
        // Refused before any work: a 20-second marks.csv must not be written to be thrown away.
        for name in names { try SafeFileWriter.check(dir + "/" + name, replace: replace) }
        let plan = DemoPlan(options)
        try makeDirectory(directory)
        var pending: [SafeFileWriter.Pending] = []
        do {
            for name in names {
                let file = try SafeFileWriter.Stream(dir + "/" + name, replace: replace)
                do {
                    switch name {
                    case pupilsFileName: try file.write(styledPupilsCSV(plan))
                    case calendarFileName: try file.write(calendarCSV(plan.calendar))
                    case marksFileName: try forEachStyledMarksChunk(plan) { try file.write($0) }
                    default: try file.write(Array((school ?? "").utf8))
                    }
                    pending.append(try file.complete())
                } catch {
                    file.abandon()
                    throw error
                }
            }
            for (k, p) in pending.enumerated() {
                do { try SafeFileWriter.commit(p) } catch {
                    pending[(k + 1)...].forEach(SafeFileWriter.discard)
                    throw error
                }
            }
        } catch {
            pending.forEach(SafeFileWriter.discard)
            throw error
        }
    }

    static func ioFailure(_ what: String, _ code: Int32 = errno) -> Diagnostic {
        .demoWriteFailed(what, errno: code)
    }

    /// Creates `path` and any missing parents with mode 0700; an existing directory is left
    /// as it is.
    static func makeDirectory(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw Diagnostic.notADirectory(path)
        }
        let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !parent.isEmpty && parent != path { try makeDirectory(parent) }
        if mkdir(path, 0o700) == 0 {
            chmod(path, 0o700)   // whatever the umask
        } else if errno != EEXIST {
            throw ioFailure("could not create directory \(path)")
        }
    }
}
