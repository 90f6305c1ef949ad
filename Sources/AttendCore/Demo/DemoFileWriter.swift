#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DemoRegister {
    /// Writes pupils.csv, marks.csv and calendar.csv into `directory`.
    ///
    /// Pupil data is personal data (even made up, it looks real), so a directory this
    /// creates gets mode 0700 and the files mode 0600. Each file is written under a
    /// temporary name in the same directory and renamed into place only when all three are
    /// complete, so a failed or interrupted run never leaves a half-written register under
    /// the real names. marks.csv is streamed in chunks (a few tens of MB at a time), never
    /// held whole in memory.
    public static func write(to directory: String, _ options: DemoOptions) throws {
        try options.validate()
        let plan = DemoPlan(options)
        try makeDirectory(directory)
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var temporaries: [(temp: String, final: String)] = []
        do {
            for name in [pupilsFileName, calendarFileName, marksFileName] {
                let final = dir + "/" + name
                let temp = dir + "/." + name + ".partial-\(getpid())"
                let file = try OutputFile(temp)
                temporaries.append((temp, final))
                do {
                    switch name {
                    case pupilsFileName: try file.write(styledPupilsCSV(plan))
                    case calendarFileName: try file.write(calendarCSV(plan.calendar))
                    default: try forEachStyledMarksChunk(plan) { try file.write($0) }
                    }
                    try file.close()
                } catch {
                    _ = try? file.close()
                    throw error
                }
            }
            for t in temporaries where rename(t.temp, t.final) != 0 {
                throw ioFailure("could not rename \(t.temp) to \(t.final)")
            }
        } catch {
            for t in temporaries { unlink(t.temp) }
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

    /// A file opened for writing with mode 0600, written with write(2).
    final class OutputFile {
        let path: String
        var fd: Int32

        init(_ path: String) throws {
            self.path = path
            unlink(path)   // a leftover from an interrupted run (never follows a link)
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            if fd < 0 { throw DemoRegister.ioFailure("could not create \(path)") }
            fchmod(fd, 0o600)
        }

        func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try write($0) }
        }

        func write(_ buffer: UnsafeRawBufferPointer) throws {
            guard var p = buffer.baseAddress else { return }
            var left = buffer.count
            while left > 0 {
                let n = posixWrite(fd, p, left)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw DemoRegister.ioFailure("could not write \(path)")
                }
                p += n
                left -= n
            }
        }

        func close() throws {
            guard fd >= 0 else { return }
            let r = posixClose(fd)
            fd = -1
            if r != 0 { throw DemoRegister.ioFailure("could not write \(path)") }
        }
    }
}

@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
@inline(__always) private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
