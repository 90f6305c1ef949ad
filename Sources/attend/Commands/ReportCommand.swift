import ArgumentParser
import AttendCore

/// `attend report monthly --data DIR -o report.html`: the governors' report (Docs/report.md).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the governors' monthly attendance report as one HTML file.",
        discussion: """
        Runs Queries/governors-report.attend (or --script FILE) and draws each result: one \
        self-contained HTML file (no script, nothing fetched) that prints on A4. Pupils' names \
        are left out unless --with-pupils. Example: attend report monthly --demo -o report.html
        """
    )

    @Argument(help: "The report: monthly.") var name: String
    @OptionGroup var register: RegisterOptions
    @OptionGroup var options: SessionOptions
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The HTML file to write (owner-only).", valueName: "FILE.html")) var output: String
    @Flag(name: .customLong("with-pupils"), help: "Name the pupils in pupil lists (the report then holds personal data).") var withPupils = false
    @Flag(name: .long, help: "Replace FILE.html when it exists.") var force = false
    @Option(name: .long, help: ArgumentHelp("The report's script (default: the built-in copy of Queries/governors-report.attend).", valueName: "FILE")) var script: String?

    mutating func run() throws {
        guard name.lowercased() == "monthly" else {
            Terminal.printDiagnostics([Diagnostic.unknownReport(name)])
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        var text = GovernorsReportScript.text
        var file = "Queries/governors-report.attend"
        if let script {
            guard let bytes = try? FileBytes(path: script), let s = bytes.withBytes({ String(validating: $0, as: UTF8.self) }) else {
                Terminal.printDiagnostics([Diagnostic.cannotReadReportScript(script)])
                throw ExitCode(ExitStatus.ioError.rawValue)
            }
            text = s
            file = script
        }
        let r = try register.load(summariseWarnings: true)
        let session = try options.makeSession(r, school: try register.loadSchool())
        session.cancellation = .never
        let report = GovernorsReport(session: session, script: text, scriptFile: file, withPupils: withPupils)
        let out = try report.render()
        Terminal.printDiagnostics(out.diagnostics)
        guard let html = out.html else { throw ExitCode(out.status.rawValue) }
        do {
            try SafeFileWriter.write(html, to: output, replace: force)
        } catch {
            Terminal.printDiagnostics([error])
            throw ExitCode(ExitStatus(error.category).rawValue)
        }
        Terminal.err("wrote \(output) (as of \(session.asOf.iso)\(withPupils ? ", with pupils' names" : ""))")
    }
}
