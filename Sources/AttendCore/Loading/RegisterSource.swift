#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a register comes from: the files of a register folder, files named one by one, or
/// bytes in memory (the demo register). Marks may come in several files (`marks*.csv`, or
/// the files of a `marks/` folder), read as one register.
public struct RegisterSource: Sendable {
    public var name: String
    public var pupils: FileBytes
    /// The marks files, in the order they are read (by name); never empty.
    public var marksFiles: [FileBytes]
    public var calendar: FileBytes?
    /// codes.csv: the MIS's own codes and the national codes they stand for.
    public var codes: FileBytes?

    /// The first marks file.
    public var marks: FileBytes { marksFiles[0] }

    public init(name: String, pupils: FileBytes, marks: FileBytes, calendar: FileBytes?) {
        self.init(name: name, pupils: pupils, marksFiles: [marks], calendar: calendar)
    }

    public init(name: String, pupils: FileBytes, marksFiles: [FileBytes], calendar: FileBytes?, codes: FileBytes? = nil) {
        precondition(!marksFiles.isEmpty, "a register has at least one marks file")
        self.name = name
        self.pupils = pupils
        self.marksFiles = marksFiles
        self.calendar = calendar
        self.codes = codes
    }

    /// A register folder: `pupils.csv`, `marks.csv` (or several marks files) and, if present,
    /// `calendar.csv` and `codes.csv`.
    public static func folder(_ path: String) throws(DiagnosticList) -> RegisterSource {
        var st = stat()
        guard stat(path, &st) == 0 else { throw DiagnosticList([.cannotOpen(path, errno: errno)]) }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw DiagnosticList([.notAFolder(path)])
        }
        let dir = path.hasSuffix("/") ? String(path.dropLast()) : path
        func join(_ f: String) -> String { dir + "/" + f }
        var problems: [Diagnostic] = []
        var pupils: FileBytes?, calendar: FileBytes?, codes: FileBytes?
        do { pupils = try FileBytes(path: join("pupils.csv")) } catch { problems.append(error) }
        let marksNames = marksFileNames(dir)
        var marks: [FileBytes] = []
        if marksNames.isEmpty {
            // None: the message names the file a register folder must have.
            do { _ = try FileBytes(path: join("marks.csv")) } catch { problems.append(error) }
        }
        for m in marksNames {
            do { marks.append(try FileBytes(path: join(m))) } catch { problems.append(error) }
        }
        if access(join("calendar.csv"), F_OK) == 0 {
            do { calendar = try FileBytes(path: join("calendar.csv")) } catch { problems.append(error) }
        }
        if access(join("codes.csv"), F_OK) == 0 {
            do { codes = try FileBytes(path: join("codes.csv")) } catch { problems.append(error) }
        }
        guard problems.isEmpty, let pupils, !marks.isEmpty else { throw DiagnosticList(problems) }
        // Files attend never writes over (SafeFileWriter's rule), each marks file included.
        RegisterFiles.recordFolder(dir)
        for m in marksNames { RegisterFiles.record(join(m)) }
        let name = String(dir.split(separator: "/").last ?? Substring(dir))
        return RegisterSource(name: name, pupils: pupils, marksFiles: marks, calendar: calendar, codes: codes)
    }

    /// The marks files of a register folder, relative to it: `marks.csv` and any other
    /// `marks*.csv` (`marks-2024-25.csv`), then the `.csv` files of a `marks/` folder, each
    /// group by name. Names starting with `.` (editor and OS litter) are left out.
    static func marksFileNames(_ dir: String) -> [String] {
        func entries(_ path: String) -> [String] {
            guard let d = opendir(path) else { return [] }
            defer { closedir(d) }
            var out: [String] = []
            while let e = readdir(d) {
                let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
                out.append(name)
            }
            return out
        }
        func isCSV(_ n: String) -> Bool { n.lowercased().hasSuffix(".csv") && !n.hasPrefix(".") }
        var names = entries(dir).filter { isCSV($0) && $0.lowercased().hasPrefix("marks") }.sorted()
        var st = stat()
        if stat(dir + "/marks", &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            names += entries(dir + "/marks").filter(isCSV).sorted().map { "marks/" + $0 }
        }
        return names
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
