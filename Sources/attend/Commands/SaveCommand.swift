import ArgumentParser
import AttendCore

/// `attend save --data DIR FILE.attend`: load a register and save it as one binary file
/// that reopens at once (`--data FILE.attend`).
struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save a register as one file that reopens in a moment: --data FILE.attend then works wherever --data DIR does.",
        discussion: """
        The file holds the loaded store (marks, indexes, pupils, calendar, warnings) with a format \
        version and checksums; it is written readable by you only (0600). Reopening refuses a file \
        that is damaged or from another version of attend, and one whose register files have \
        changed since it was saved.
        """
    )

    @OptionGroup var register: RegisterOptions
    @Argument(help: ArgumentHelp("The file to write, e.g. register.attend.", valueName: "FILE")) var output: String
    @Flag(help: "Replace FILE if it exists (never a file of the register being saved).") var force = false

    mutating func run() throws {
        let r = try register.load()
        do {
            try SavedStore.save(r, to: output, replace: force)
        } catch {
            Terminal.printDiagnostics([error])
            throw ExitCode(ExitStatus(error.category).rawValue)
        }
        print("saved \(r.name) to \(output): \(NumberText.grouped(r.pupilCount)) pupils, \(NumberText.grouped(r.loadStatistics.marks)) marks")
    }
}
