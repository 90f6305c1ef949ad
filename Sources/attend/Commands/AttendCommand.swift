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
        subcommands: [CheckCommand.self, QueryCommand.self, RunCommand.self, DemoCommand.self, SaveCommand.self]
    )

    @OptionGroup var register: RegisterOptions
    @OptionGroup var options: SessionOptions

    @Option(name: .customShort("c"), help: ArgumentHelp("Run one statement and exit.", valueName: "STATEMENT"))
    var command: String?

    mutating func run() throws {
        let r = try register.load()
        let session = options.makeSession(r)
        if let command {
            let status = makeRunner(session).run(text: command, file: nil)
            if status != .success { throw ExitCode(status.rawValue) }
            return
        }
        try startRepl(session: session, register: register)
    }
}
