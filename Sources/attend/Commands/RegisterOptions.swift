import ArgumentParser
import AttendCore
#if canImport(Glibc)
import Glibc
#endif

/// The options every command that reads a register takes.
struct RegisterOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The register folder (pupils.csv, marks.csv, calendar.csv), or a file saved by `attend save`.", valueName: "DIR"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("pupils.csv, when the files are named one by one.", valueName: "FILE"))
    var pupils: String?
    @Option(name: .long, help: ArgumentHelp("marks.csv, when the files are named one by one.", valueName: "FILE"))
    var marks: String?
    @Option(name: .long, help: ArgumentHelp("calendar.csv, when the files are named one by one.", valueName: "FILE"))
    var calendar: String?

    @Flag(name: .long, help: "Use the built-in demo register (no files needed).")
    var demo = false

    @Flag(name: .long, help: "Load the good rows of a register with bad rows, listing every skipped row.")
    var skipBadRows = false

    @Option(name: .long, help: ArgumentHelp("The school's settings for letters and bands (default: school.conf in or beside the register folder).", valueName: "FILE"))
    var school: String?

    @Option(name: .long, help: ArgumentHelp("The actions log (default: actions.csv in the register folder; created with its header by the first `record`). See Docs/casework.md.", valueName: "FILE"))
    var actions: String?

    /// Where the actions log is: --actions FILE, else actions.csv in the register folder (or
    /// beside --pupils); nil for the demo and a saved store without --actions.
    var actionsPath: String? {
        if let actions { return actions }
        if let data, !SavedStore.isFile(data) { return (data.hasSuffix("/") ? String(data.dropLast()) : data) + "/actions.csv" }
        if let pupils { return SchoolSettings.folder(of: pupils) + "/actions.csv" }
        return nil
    }

    /// Reads the actions log into the session: --actions FILE, else actions.csv in the
    /// register folder (or beside --pupils). Exits with every problem listed when it is bad.
    func loadActions(into session: Session) throws {
        let path = actionsPath
        // The demo register carries its demo casework (Docs/casework.md), read-only.
        if path == nil && demo { session.actions = DemoActions.log(for: session.register) }
        guard let path else { return }
        do {
            session.actions = try ActionsLoader.log(path: path, pupils: session.register.pupils, rules: session.school.casework, today: session.today)
        } catch {
            Terminal.printDiagnostics(error.diagnostics)
            let errors = error.diagnostics.filter { $0.severity == .error }.count
            Terminal.err("\(errors) error\(errors == 1 ? "" : "s"): the actions log was not loaded")
            throw ExitCode(ExitStatus(worstOf: error.diagnostics).rawValue)
        }
    }

    func validate() throws {
        let given = [data != nil, demo, pupils != nil || marks != nil].filter { $0 }.count
        if given > 1 { throw ValidationError("give one of --data DIR, --demo, or --pupils/--marks") }
        if (pupils != nil) != (marks != nil) { throw ValidationError("--pupils and --marks go together") }
    }

    var isGiven: Bool { data != nil || demo || pupils != nil }

    /// The school's settings: --school FILE, else school.conf in or beside the register
    /// folder, else the demo's placeholders for --demo, else none. Exits with status 1 and
    /// every bad line listed when the file is wrong.
    func loadSchool() throws -> SchoolSettings {
        var path = school
        if path == nil, let data { path = SchoolSettings.find(registerFolder: data) }
        if path == nil, let pupils { path = SchoolSettings.find(registerFolder: SchoolSettings.folder(of: pupils)) }
        guard let path else { return demo ? .demo : SchoolSettings() }
        do {
            return try SchoolSettings.load(path: path)
        } catch {
            Terminal.printDiagnostics(error.diagnostics)
            throw ExitCode(ExitStatus(worstOf: error.diagnostics).rawValue)
        }
    }

    /// Loads the register, printing warnings to stderr; exits with the data or I/O status
    /// and every problem listed when it cannot be loaded.
    func load(quietWarnings: Bool = false, summariseWarnings: Bool = false) throws -> Register {
        do {
            let source: RegisterSource
            if demo {
                source = DemoSource.source()
            } else if let pupils, let marks {
                source = try RegisterSource.files(pupils: pupils, marks: marks, calendar: calendar)
            } else if let data {
                if SavedStore.isFile(data) {
                    // A store saved by `attend save`: reopened, not loaded.
                    let r = try SavedStore.open(data)
                    if !quietWarnings { Terminal.printDiagnostics(r.diagnostics) }
                    return r
                }
                source = try RegisterSource.folder(data)
            } else {
                throw DiagnosticList([.noRegister])
            }
            let r = try RegisterLoader.load(source, options: .init(skipBadRows: skipBadRows))
            if summariseWarnings {
                // Running statements: one line, so results are not buried; `check` lists them.
                let warnings = r.diagnostics.filter { $0.severity == .warning }.count
                let skipped = r.diagnostics.filter { $0.severity == .error }.count
                if skipped > 0 { Terminal.printDiagnostics(r.diagnostics.filter { $0.severity == .error || $0.code == .skippedRows }) }
                if warnings > 0 {
                    Terminal.err("register \(r.name): \(warnings) warning\(warnings == 1 ? "" : "s") while loading (attend check lists \(warnings == 1 ? "it" : "them"))")
                }
            } else if !quietWarnings {
                Terminal.printDiagnostics(r.diagnostics)
            }
            return r
        } catch let error as DiagnosticList {
            Terminal.printDiagnostics(error.diagnostics)
            let errors = error.diagnostics.filter { $0.severity == .error }.count
            if errors > 0 {
                Terminal.err("\(errors) error\(errors == 1 ? "" : "s"): the register was not loaded\(skipBadRows ? "" : " (--skip-bad-rows loads the good rows)")")
            }
            throw ExitCode(ExitStatus(worstOf: error.diagnostics).rawValue)
        }
    }
}
