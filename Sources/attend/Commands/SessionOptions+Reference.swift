import ArgumentParser
import AttendCore

extension SessionOptions {
    /// The reference figures: `--reference FILE`, else `reference = FILE` in school.conf
    /// (relative to school.conf's folder); nil when neither. A bad file stops the command
    /// with every problem listed (file:line) and the data status.
    func loadReference(school: SchoolSettings) throws -> ReferenceTable? {
        var path = reference
        if path == nil, !school.value("reference").isEmpty {
            let given = school.value("reference")
            if given.hasPrefix("/") { path = given } else if let file = school.file {
                path = SchoolSettings.folder(of: file) + "/" + given
            } else { path = given }
        }
        guard let path else { return nil }
        do {
            return try ReferenceTable.load(path: path)
        } catch {
            Terminal.printDiagnostics(error.diagnostics)
            throw ExitCode(ExitStatus(worstOf: error.diagnostics).rawValue)
        }
    }
}
