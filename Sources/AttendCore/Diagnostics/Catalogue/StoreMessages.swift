// The catalogue of messages about saved stores (`attend save`, `--data FILE.attend`), D4xx.
// A store that cannot be trusted is refused whole, never read in part.

extension Diagnostic {
    static func notAStore(_ path: String) -> Diagnostic {
        Diagnostic("D401", message: "\(path) is not a store saved by attend",
                   hint: "--data takes a register folder, or a file written by `attend save --data DIR FILE.attend`",
                   location: SourceLocation(file: path))
    }

    static func storeVersion(_ path: String, found: UInt32, supported: UInt32) -> Diagnostic {
        Diagnostic("D402", message: "\(path) was saved by a different version of attend (store format \(found); this attend reads format \(supported))",
                   hint: "load the register folder with --data DIR, and save it again with `attend save --data DIR \(path)`",
                   location: SourceLocation(file: path))
    }

    static func storeDamaged(_ path: String, _ detail: String) -> Diagnostic {
        Diagnostic("D403", message: "\(path) is damaged: \(detail); nothing was read from it",
                   hint: "save it again from the register folder: `attend save --data DIR \(path)`",
                   location: SourceLocation(file: path))
    }

    static func storeSourceChanged(_ path: String, file: String, what: String) -> Diagnostic {
        let folder = SafeFileWriter.directory(of: file)
        return Diagnostic("D404", message: "\(file) has changed since \(path) was saved (\(what))",
                          hint: "load the folder instead (--data \(folder)), or save the store again: `attend save --data \(folder) \(path)`",
                          location: SourceLocation(file: path))
    }

    static func storeSourceMissing(_ path: String, file: String, saved: String) -> Diagnostic {
        Diagnostic("D405", .warning, message: "\(file), which \(path) was saved from, is not there any more; using the store as saved on \(saved)",
                   hint: "the figures are those of the register when it was saved",
                   location: SourceLocation(file: path))
    }
}
