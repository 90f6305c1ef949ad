import ArgumentParser
import AttendCore

/// `attend`: with no subcommand, the REPL; `attend -c STATEMENT` runs one statement.
struct AttendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attend",
        abstract: "Ask questions of a school's attendance register.",
        discussion: """
        With no subcommand, starts the interactive prompt. Exit status: 0 success, 1 a statement \
        failed, 64 usage error, 65 bad register data, 74 a file could not be read or written.
        """,
        subcommands: [CheckCommand.self, DemoCommand.self]
    )

    @OptionGroup var register: RegisterOptions

    mutating func run() throws {
        let r = try register.load()
        print(CheckReport.render(r))
    }
}
