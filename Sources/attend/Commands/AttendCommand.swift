import ArgumentParser
import AttendCore

/// `attend`: the subcommands; with none, the interactive prompt (`repl`).
struct AttendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attend",
        abstract: "Ask questions of a school's attendance register.",
        discussion: """
        With no subcommand, starts the interactive prompt (attend --data DIR). \
        Exit status: 0 success, 1 a statement failed, 64 usage error, 65 bad register data, \
        74 a file could not be read or written.
        """,
        subcommands: [ReplCommand.self, CheckCommand.self, QueryCommand.self, RunCommand.self, DemoCommand.self, SaveCommand.self, ReportCommand.self,
                      StandInReplCommand.self],
        defaultSubcommand: ReplCommand.self
    )
}

/// `attend [--data DIR] [--as-of DATE]`: the interactive prompt; `attend -c STATEMENT` runs
/// one statement. When standard input is not a terminal, statements are read from it like
/// a script.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "The interactive prompt (the default): type statements, .help for commands."
    )

    @OptionGroup var register: RegisterOptions
    @OptionGroup var options: SessionOptions

    @Option(name: .customShort("c"), help: ArgumentHelp("Run one statement and exit.", valueName: "STATEMENT"))
    var command: String?

    mutating func run() throws {
        let r = try register.load(summariseWarnings: true)
        let session = try options.makeSession(r, school: try register.loadSchool())
        try register.loadActions(into: session)
        if let command {
            let status = try makeRunner(session).run(text: command)
            if status != .success { throw ExitCode(status.rawValue) }
            return
        }
        try startRepl(session: session, register: register, format: session.format)
    }
}

/// `attend stand-in-repl`: the prompt driven by ``DemoEchoHost``, a stand-in interpreter, for
/// the REPL's own tests and for developing the terminal side. Hidden from help; it reads no
/// register and no environment variable.
struct StandInReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stand-in-repl",
        abstract: "The prompt with a stand-in interpreter (for the REPL's tests).",
        shouldDisplay: false
    )

    mutating func run() throws {
        let status = runRepl(host: DemoEchoHost())
        if status != 0 { throw ExitCode(status) }
    }
}
