#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a register comes from: the three files of a register folder, three files named
/// one by one, or bytes in memory (the demo register).
public struct RegisterSource: Sendable {
    public var name: String
    public var pupils: FileBytes
    public var marks: FileBytes
    public var calendar: FileBytes?

    public init(name: String, pupils: FileBytes, marks: FileBytes, calendar: FileBytes?) {
        self.name = name
        self.pupils = pupils
        self.marks = marks
        self.calendar = calendar
    }

    /// A register folder: `pupils.csv`, `marks.csv` and, if present, `calendar.csv`.
    public static func folder(_ path: String) throws(DiagnosticList) -> RegisterSource {
        var st = stat()
        guard stat(path, &st) == 0 else { throw DiagnosticList([.cannotOpen(path, errno: errno)]) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw DiagnosticList([Diagnostic("U001", message: "\(path) is not a folder", hint: "--data takes the folder holding pupils.csv and marks.csv",
                                             location: SourceLocation(file: path))])
        }
        let dir = path.hasSuffix("/") ? String(path.dropLast()) : path
        func join(_ f: String) -> String { dir + "/" + f }
        var problems: [Diagnostic] = []
        var pupils: FileBytes?, marks: FileBytes?, calendar: FileBytes?
        do { pupils = try FileBytes(path: join("pupils.csv")) } catch { problems.append(error) }
        do { marks = try FileBytes(path: join("marks.csv")) } catch { problems.append(error) }
        if access(join("calendar.csv"), F_OK) == 0 {
            do { calendar = try FileBytes(path: join("calendar.csv")) } catch { problems.append(error) }
        }
        guard problems.isEmpty, let pupils, let marks else { throw DiagnosticList(problems) }
        RegisterFiles.recordFolder(dir)
        let name = String(dir.split(separator: "/").last ?? Substring(dir))
        return RegisterSource(name: name, pupils: pupils, marks: marks, calendar: calendar)
    }

    /// Three files named one by one.
    public static func files(pupils: String, marks: String, calendar: String?) throws(DiagnosticList) -> RegisterSource {
        var problems: [Diagnostic] = []
        var p: FileBytes?, m: FileBytes?, c: FileBytes?
        do { p = try FileBytes(path: pupils) } catch { problems.append(error) }
        do { m = try FileBytes(path: marks) } catch { problems.append(error) }
        if let calendar { do { c = try FileBytes(path: calendar) } catch { problems.append(error) } }
        guard problems.isEmpty, let p, let m else { throw DiagnosticList(problems) }
        for f in [pupils, marks] + (calendar.map { [$0] } ?? []) { RegisterFiles.record(f) }
        for f in ["codes.csv", "school.conf"] { RegisterFiles.record(SafeFileWriter.directory(of: pupils) + "/" + f) }
        return RegisterSource(name: "register", pupils: p, marks: m, calendar: c)
    }
}
