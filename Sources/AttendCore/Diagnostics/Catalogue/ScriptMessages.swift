// The catalogue of messages about running scripts (S…): parameters, and what a script run
// with --safe may not do. S-codes are query errors (exit status 1). Keep the codes stable.

extension Diagnostic {
    /// S001: a `param` with no default that the command line did not give.
    static func missingParameter(_ name: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("S001", message: "the script needs parameter `\(name)`", hint: "give it on the command line: --param \(name)=VALUE")
            .placed(at: site)
    }

    /// S010: in --safe mode, a file or folder to write outside the current folder.
    static func safeModeWrite(_ path: String, why: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("S010", message: "--safe: will not write \(Diagnostic.clip(path, 80)): \(why)",
                   hint: "with --safe a script writes only inside the current folder, to a relative path without `..` or hidden (dot) names")
            .placed(at: site)
    }

    /// S011: in --safe mode, `into` naming a file that is not a results file.
    static func safeModeResultsFile(_ path: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("S011", message: "--safe: `into \"\(Diagnostic.clip(path, 80))\"` is not a results file",
                   hint: "with --safe `into` writes only .csv, .tsv, .json, .md, .txt or .xlsx files, and never pupils.csv, marks.csv or calendar.csv")
            .placed(at: site)
    }

    /// S012: in --safe mode, a template or partial outside the script's folder.
    static func safeModeRead(_ path: String, why: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("S012", message: "--safe: will not read \(Diagnostic.clip(path, 80)): \(why)",
                   hint: "with --safe letter templates and their partials are read only from the script's own folder and the folders inside it")
            .placed(at: site)
    }
}
