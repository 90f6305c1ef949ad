// The catalogue of messages about files attend is asked to write (`into`, letters,
// `.output`, `.once`, `attend save`, `attend demo`), F0xx. One rule decides them all
// (``SafeFileWriter/check(_:replace:)``): only regular files are written, never a file of
// the loaded register, and an existing file only when the statement or command says so.

extension Diagnostic {
    /// F005: the file is there and nothing said to replace it.
    static func fileExists(_ path: String) -> Diagnostic {
        Diagnostic("F005", message: "\(Diagnostic.clip(path, 120)) already exists",
                   hint: "it was not overwritten; remove it, choose another name, or ask to replace it (`into \"FILE\" replace`, `.output FILE replace`, `--force`)",
                   location: SourceLocation(file: path))
    }

    /// F008: the path names a device, a named pipe, a socket or a folder.
    static func notWritableKind(_ path: String, kind: String) -> Diagnostic {
        Diagnostic("F008", message: "\(Diagnostic.clip(path, 120)) is \(kind), not a regular file: attend writes only regular files",
                   hint: "name a new file, e.g. results.csv; nothing was written",
                   location: SourceLocation(file: path))
    }

    /// F009: the path is (or links to) a file of the loaded register.
    static func registerFileTarget(_ path: String, registerFile: String) -> Diagnostic {
        let same = path == registerFile ? "" : " (\(Diagnostic.clip(registerFile, 120)))"
        return Diagnostic("F009", message: "\(Diagnostic.clip(path, 120)) is a file of the loaded register\(same): attend never writes over it",
                          hint: "write to another file; the register's files are changed only by the system that exports them",
                          location: SourceLocation(file: path))
    }
}
