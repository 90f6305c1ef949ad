import ArgumentParser
import AttendCore

/// `attend query TEXT`: one statement; the result on stdout, diagnostics on stderr.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run one statement and print its result.",
        discussion: "Example: attend query 'pupils where persistent over this year' --demo --format csv"
    )

    @Argument(help: "The statement, e.g. 'pupils where rate < 90% over this term'.") var text: String
    @OptionGroup var register: RegisterOptions
    @OptionGroup var options: SessionOptions

    mutating func run() throws {
        let r = try register.load(summariseWarnings: true)
        let session = try options.makeSession(r, school: try register.loadSchool())
        try register.loadActions(into: session)
        let status = try makeRunner(session).run(text: text)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

/// `attend run FILE…`: run saved scripts.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one or more scripts of statements (saved queries).",
        discussion: "The first failing statement stops the run with FILE:LINE:COLUMN and a non-zero exit, unless --keep-going."
    )

    @Argument(help: "Script files.") var files: [String]
    @OptionGroup var register: RegisterOptions
    @OptionGroup var options: SessionOptions
    @Option(name: .customLong("param"), help: ArgumentHelp("Set a script parameter.", valueName: "NAME=VALUE")) var params: [String] = []
    @Flag(name: .customLong("keep-going"), help: "Run the remaining statements after a failure (the exit status is still non-zero).") var keepGoing = false

    mutating func run() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one script") }
        let r = try register.load(summariseWarnings: true)
        let session = try options.makeSession(r, school: try register.loadSchool())
        try register.loadActions(into: session)
        for p in params {
            do { try session.setParameter(argument: p) } catch {
                Terminal.printDiagnostics([error])
                throw ExitCode(ExitStatus.usage.rawValue)
            }
        }
        let status = try makeRunner(session, keepGoing: keepGoing).run(files: files)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}
