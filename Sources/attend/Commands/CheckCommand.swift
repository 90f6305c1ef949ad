import ArgumentParser
import AttendCore
#if canImport(Glibc)
import Glibc
#endif

/// `attend check`: load a register, list every error and warning, and summarise it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load a register, report every problem in it, and summarise what it holds.",
        discussion: "Exits 0 when the register is clean (warnings allowed), 65 when any row is bad."
    )

    @OptionGroup var register: RegisterOptions

    mutating func run() throws {
        let r = try register.load(quietWarnings: true)
        // Every problem is part of what `check` reports: on stdout, before the summary.
        let renderer = DiagnosticRenderer(color: Terminal.colorOnStdout)
        for d in r.diagnostics { print(renderer.render(d)) }
        if !r.diagnostics.isEmpty { print("") }
        print(CheckReport.render(r))
        let errors = r.diagnostics.filter { $0.severity == .error }.count
        let warnings = r.diagnostics.filter { $0.severity == .warning }.count
        // The actions log, when there is one (Docs/casework.md): its problems, or a line.
        var actionErrors = 0
        if let path = register.actionsPath, access(path, F_OK) == 0 {
            do {
                let log = try ActionsLoader.log(path: path, pupils: r.pupils, rules: try register.loadSchool().casework)
                print("")
                print(CheckReport.actionsLine(log, file: path))
            } catch let list as DiagnosticList {
                print("")
                for d in list.diagnostics { print(renderer.render(d)) }
                actionErrors = list.diagnostics.filter { $0.severity == .error }.count
            }
        }
        print("")
        print("\(errors + actionErrors) error\(errors + actionErrors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        if errors + actionErrors > 0 { throw ExitCode(ExitStatus.dataError.rawValue) }
    }
}
