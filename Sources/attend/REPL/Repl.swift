import AttendCore
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Settings for ``runRepl(host:options:)``. The defaults suit `attend` started with no query.
struct ReplOptions: Sendable {
    /// The history file; nil for none. Default: `$ATTEND_HISTORY` (empty: none), else `~/.attend_history`.
    var historyPath: String? = HistoryFile.defaultPath()
    /// Entries kept in the history file and in memory.
    var historyLimit = 1000
    /// Rows shown on the screen per result before the "N more rows" footer; nil for all.
    /// Never applied to `.output`/`.once` files or when stdout is not a terminal.
    var maxRows: Int? = 40
    /// Use readline, prompts and history. Nil: when stdin is a terminal.
    var interactive: Bool?
    /// Stop at the first error. Nil: stop when not interactive (piped input), so a failed
    /// statement can't leave half a letter run behind a success exit status.
    var stopOnError: Bool?
    /// The prompt for the second and later lines of a statement.
    var continuationPrompt = "...> "
    /// The result format until `.format` changes it (say from a `--format` option).
    var format: OutputFormat = .table

    init() {}
}

/// Runs the REPL until `.quit`, Ctrl-D or the end of piped input, and returns the process
/// exit status: 0, or for a non-interactive run the status of the error that stopped it
/// (130 for Ctrl-C). The caller exits with it: `exit(runRepl(host: host))`.
func runRepl(host: any ReplHost, options: ReplOptions = ReplOptions()) -> Int32 {
    Interrupt.install()
    let repl = Repl(host: host, options: options)
    return repl.run()
}

/// One REPL session: reads statements and dot-commands, runs them through the host, and
/// routes the results.
final class Repl {
    let host: any ReplHost
    let options: ReplOptions
    let interactive: Bool
    let stopOnError: Bool
    private let editor: LineEditor

    /// `.format`.
    var format: OutputFormat
    /// `.timer`.
    var timer = false
    /// `.output` and `.once`.
    var routing = OutputRouting()
    /// True when results on the screen may be coloured (stdout is a terminal, no NO_COLOR).
    let useColor: Bool
    /// The same for errors on stderr.
    let errorColor: Bool

    /// The last statement's run time, until `.timer` prints it.
    private var pendingTime: Duration?
    private var scriptDepth = 0
    /// The script and line of the statement `.read` is running; nil otherwise.
    private var currentSource: SourceLocation?
    private static let maxScriptDepth = 16
    /// The run's failures (the one rule, FailureTally): the exit status of a non-interactive run.
    private var failures: FailureTally

    init(host: any ReplHost, options: ReplOptions) {
        self.host = host
        self.options = options
        interactive = options.interactive ?? Terminal.stdinIsTerminal
        stopOnError = options.stopOnError ?? !interactive
        failures = FailureTally(keepGoing: !stopOnError)
        format = options.format
        useColor = Terminal.colorAllowed(onTerminal: Terminal.stdoutIsTerminal)
        errorColor = Terminal.colorAllowed(onTerminal: Terminal.stderrIsTerminal)
        editor = LineEditor(interactive: interactive, historyPath: options.historyPath, historyLimit: options.historyLimit,
                            completion: ReplCompletionSource(host: host.completionSource))
    }

    var prompt: String {
        (["attend", host.registerName, host.asOfText].filter { !$0.isEmpty }).joined(separator: " ") + "> "
    }

    // MARK: The loop

    func run() -> Int32 {
        if interactive {
            if !host.banner.isEmpty { Terminal.out(host.banner) }
            Terminal.out("Enter .help for the commands; Ctrl-D or .quit to leave.")
        }
        var assembler = StatementAssembler()
        var interruptsInARow = 0
        // Piped input, and lines pasted at the prompt, are read like a script: the line after
        // a complete statement is read ahead and held, and the host's parser says whether it
        // carries the statement on (`and possible > 0 over half-term 3` under `explain …`).
        var held: LineRead?
        func nextLine(_ prompt: String) -> LineRead {
            if let h = held { held = nil; return h }
            return editor.read(prompt: prompt)
        }
        session: while true {
            let line: String
            switch nextLine(assembler.isEmpty ? prompt : options.continuationPrompt) {
            case .eof:
                // Piped input that ends mid-statement: run what there is, so its error shows.
                if !interactive, let text = assembler.flush(), case .stop = perform(.statement(text)) { break session }
                break session
            case .interrupted:
                assembler.reset()
                interruptsInARow += 1
                if interruptsInARow == 2 { Terminal.err("(Use .quit or Ctrl-D on an empty line to leave.)") }
                continue session
            case .line(let text):
                // A recalled multi-line history entry arrives whole, newlines and all.
                interruptsInARow = 0
                line = text
            }
            let step = assembler.feed(line, isIncomplete: host.isIncomplete)
            switch step {
            case .needMore, .nothing:
                continue session
            case .statement(let complete) where editor.inputWaiting:
                let text = continued(complete) {
                    guard held == nil, editor.inputWaiting else { return nil }
                    let ahead = nextLine(options.continuationPrompt)
                    guard case .line(let next) = ahead else { held = ahead; return nil }
                    return next
                } putBack: { held = .line($0) }
                editor.record(text)
                if case .stop = perform(.statement(text)) { break session }
            case .dotCommand(let text), .statement(let text):
                editor.record(text)
                if case .stop = perform(step) { break session }
            }
        }
        routing.closeAll()
        editor.close()
        return interactive ? 0 : failures.status.rawValue
    }

    private enum LoopControl { case proceed, stop }

    /// The one rule for where a statement from piped input, a paste at the prompt or `.read`
    /// ends (the same as in a script file): while the host's parser says the next line
    /// carries the complete statement on (`and …`, `over …`, `sorted by …`), it does, with
    /// any lines an unfinished statement then needs. `next` gives the following line, or nil
    /// when there is none to hand; a line that does not carry on is handed to `putBack`.
    private func continued(_ statement: String, next: () -> String?, putBack: (String) -> Void) -> String {
        var text = statement
        while let line = next() {
            guard !line.allSatisfy(\.isWhitespace), host.continues(text, with: line) else { putBack(line); break }
            text += "\n" + line
            while host.isIncomplete(text), let more = next() { text += "\n" + more }
        }
        return text
    }

    /// Runs a step at the top level: errors are printed and, unless the run stops at errors,
    /// the session goes on.
    private func perform(_ step: StatementAssembler.Step) -> LoopControl {
        defer { printPendingTime() }
        do {
            switch try execute(step) {
            case .proceed: return .proceed
            case .quit: return .stop
            }
        } catch {
            let status = report(error, at: nil)
            return failures.record(ExitStatus(rawValue: status) ?? .internalError) ? .proceed : .stop
        }
    }

    /// Runs a dot-command or a statement; errors propagate.
    private func execute(_ step: StatementAssembler.Step) throws -> DotCommand.Outcome {
        switch step {
        case .dotCommand(let line):
            let (command, arguments) = try DotCommands.resolve(line)
            return try command.run(self, arguments)
        case .statement(let text):
            try runStatement(text)
            return .proceed
        case .needMore, .nothing:
            return .proceed
        }
    }

    /// Evaluates one statement and routes its result.
    private func runStatement(_ text: String) throws {
        let (sink, isOnce) = routing.takeNext()
        // A `.once` file is put in place after its statement; one whose statement failed
        // (or was stopped) writes nothing.
        var succeeded = false
        defer { if isOnce { if succeeded { sink?.close() } else { sink?.abandon() } } }
        let toScreen = sink == nil
        let output = makeOutput(sink)
        let context = EvaluationContext(
            format: format,
            maxRows: toScreen && Terminal.stdoutIsTerminal ? options.maxRows : nil,
            useColor: toScreen && useColor,
            cancellation: Interrupt.cancellation,
            output: output,
            interactive: interactive,
            source: currentSource)
        let clock = ContinuousClock()
        let start = clock.now
        // A statement stopped by Ctrl-C throws CancellationError. Its output went out as it was
        // produced, each piece of a long result after a look at the Ctrl-C flag.
        let (outcome, interrupted) = Interrupt.duringEvaluation { try host.evaluate(text, context: context) }
        // Printed by whoever reports this statement's error, after the error (printPendingTime).
        pendingTime = start.duration(to: clock.now)
        try deliver(try outcome.get(), to: output, interruptedBefore: interrupted)
        succeeded = true
    }

    private func makeOutput(_ file: FileSink?) -> ReplOutput {
        ReplOutput(file: file) { [host, errorColor] in host.render(error: $0, color: errorColor) }
    }

    /// Shows what a host returned rather than handed over as it ran (a host may do either):
    /// its text to the `.output`/`.once` file or the screen, then its notes and diagnostics on
    /// stderr. A failed statement's error is among the diagnostics (or was already printed);
    /// it is then thrown as a ``ReportedFailure``.
    ///
    /// Ctrl-C stops showing, never hides what was done: a result that came back although
    /// Ctrl-C was pressed (an evaluation that finished before it looked) is not shown, and
    /// Ctrl-C while a long result is printed stops the printing within one piece; either way
    /// the notes (files written) are still printed, then `Interrupted.`. A statement that
    /// only did something (`into`, letters) and finished is reported as done, not interrupted.
    private func deliver(_ result: ReplResult, to output: ReplOutput, interruptedBefore: Bool) throws {
        var stopped = interruptedBefore && !result.text.isEmpty
        if !result.text.isEmpty && !stopped {
            // Printed as an evaluation, so Ctrl-C (and a third press) works while it prints.
            _ = Interrupt.duringEvaluation { output.result(result.text) }
            stopped = output.stopped
            if let failure = output.failure { throw failure }
        }
        if output.file == nil && result.hiddenRows > 0 && !stopped {
            Terminal.out(Terminal.paint(ResultFormatter.hiddenRowsLine(result.hiddenRows), "2", enabled: useColor))
        }
        for note in result.notes { output.note(note) }
        for diagnostic in result.diagnostics { output.diagnostic(diagnostic) }
        if stopped { throw CancellationError() }
        if result.status != .success { throw ReportedFailure(status: result.status) }
    }

    /// `.write`: the letters last previewed, written; what was written on stderr.
    func writePendingLetters() throws {
        let output = makeOutput(nil)
        let outcome = Interrupt.duringEvaluation { try host.writePendingLetters(output: output) }.result
        let result: ReplResult
        do { result = try outcome.get() } catch is CancellationError {
            // Stopped before the first file was renamed into place (letters are all or nothing).
            Terminal.err("no letters were written")
            throw CancellationError()
        }
        // A write that finished is reported as done even if Ctrl-C came during it.
        try deliver(result, to: output, interruptedBefore: false)
    }

    // MARK: Used by dot-commands

    /// A dot-command's result (`.columns`): to the `.output`/`.once` file or the screen.
    func emitResult(_ text: String) throws {
        let (sink, isOnce) = routing.takeNext()
        defer { if isOnce { sink?.close() } }
        if let sink { try sink.write(text) } else { Terminal.out(text) }
    }

    /// Text the person asked for (`.help`): always to the screen.
    func emitInfo(_ text: String) throws {
        Terminal.out(text)
    }

    /// A confirmation (`Results now go to out.csv.`): on stderr, and only when interactive
    /// unless `always`, so scripts' output stays clean.
    func note(_ text: String, always: Bool = false) {
        if interactive || always { Terminal.err(text) }
    }

    /// Calls the host from a dot-command so that Ctrl-C works as during a statement.
    func callHost<T>(_ body: () throws -> T) throws -> T {
        try Interrupt.duringEvaluation(body).result.get()
    }

    /// `.read SCRIPT`: runs each statement and dot-command in the file; the first error stops it
    /// and is reported with the file and line.
    func runScript(path: String) throws -> DotCommand.Outcome {
        guard scriptDepth < Self.maxScriptDepth else {
            throw ReplError(".read nested more than \(Self.maxScriptDepth) deep", hint: "does \(path) read itself?")
        }
        let bytes = try Posix.readFile(path)
        scriptDepth += 1
        let outerSource = currentSource
        defer {
            scriptDepth -= 1
            currentSource = outerSource
        }
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var assembler = StatementAssembler()
        var startLine = 0
        func run(_ step: StatementAssembler.Step, line: Int) throws -> DotCommand.Outcome {
            let outcome: DotCommand.Outcome
            currentSource = SourceLocation(file: path, line: line)
            do {
                outcome = try host.inScriptFolder(of: path) { try execute(step) }
            } catch let stopped as ReportedFailure {
                printPendingTime()
                throw stopped
            } catch {
                let status = report(error, at: SourceLocation(file: path, line: line))
                printPendingTime()
                throw ReportedFailure(status: status)
            }
            printPendingTime()
            return outcome
        }
        let text = lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        var index = 0
        while index < text.count {
            let line = text[index]
            if assembler.isEmpty { startLine = index + 1 }
            index += 1
            switch assembler.feed(line, isIncomplete: host.isIncomplete) {
            case .needMore, .nothing: continue
            case .dotCommand(let command):
                if try run(.dotCommand(command), line: startLine) == .quit { return .quit }
            case .statement(let complete):
                let statement = continued(complete) {
                    guard index < text.count else { return nil }
                    index += 1
                    return text[index - 1]
                } putBack: { _ in index -= 1 }
                if try run(.statement(statement), line: startLine) == .quit { return .quit }
            }
        }
        if let text = assembler.flush() {
            return try run(.statement(text), line: startLine)
        }
        return .proceed
    }

    /// `.timer on`: the last statement's run time, once.
    private func printPendingTime() {
        if timer, let time = pendingTime { Terminal.err("Time: \(Self.describe(time))") }
        pendingTime = nil
    }

    // MARK: Errors

    /// Prints an error and returns the exit status it stands for.
    @discardableResult
    private func report(_ error: any Error, at location: SourceLocation?) -> Int32 {
        switch error {
        case let failure as ReportedFailure:
            return failure.status
        case is CancellationError:
            let prefix = location.map { "\($0): " } ?? ""
            Terminal.err((Terminal.stderrIsTerminal ? "\r" : "") + prefix + "Interrupted.")
            return ExitStatus.interrupted.rawValue
        case var diagnostic as Diagnostic where location != nil && diagnostic.location == nil:
            diagnostic.location = location
            Terminal.err(host.render(error: diagnostic, color: errorColor))
            return host.exitStatus(for: diagnostic).rawValue
        default:
            let text = host.render(error: error, color: errorColor)
            Terminal.err(location.map { "\($0): " + text } ?? text)
            return host.exitStatus(for: error).rawValue
        }
    }

    // MARK: Formatting

    /// `.timer`'s figure: "0.42 ms", "12.3 ms", "2.41 s".
    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let ms = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        if ms < 10 { return fixed(ms, places: 2) + " ms" }
        if ms < 1000 { return fixed(ms, places: 1) + " ms" }
        return fixed(ms / 1000, places: 2) + " s"
    }

    /// `value` with exactly `places` decimals (no Foundation).
    static func fixed(_ value: Double, places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let n = Int((value * Double(scale)).rounded())
        let fraction = String(n % scale)
        return "\(n / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

/// Gathers typed lines into statements: a dot-command is one line; a statement goes on while
/// the host says it is incomplete, or until a blank line.
struct StatementAssembler {
    enum Step: Equatable {
        case needMore, nothing
        case dotCommand(String)
        case statement(String)
    }

    private var lines: [String] = []
    var isEmpty: Bool { lines.isEmpty }

    mutating func feed(_ line: String, isIncomplete: (String) -> Bool) -> Step {
        let trimmed = line.trimmingWhitespace()
        if lines.isEmpty {
            if trimmed.isEmpty { return .nothing }
            if trimmed.hasPrefix(".") { return .dotCommand(trimmed) }
        } else if trimmed.isEmpty {
            return flush().map(Step.statement) ?? .nothing
        }
        lines.append(line)
        let text = lines.joined(separator: "\n")
        if isIncomplete(text) { return .needMore }
        lines.removeAll()
        return .statement(text)
    }

    /// The statement so far, if any, ending it.
    mutating func flush() -> String? {
        guard !lines.isEmpty else { return nil }
        defer { lines.removeAll() }
        return lines.joined(separator: "\n")
    }

    mutating func reset() { lines.removeAll() }
}
