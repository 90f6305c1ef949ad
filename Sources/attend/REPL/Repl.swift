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
    private static let maxScriptDepth = 16
    /// The worst failure so far, for the exit status of a non-interactive run.
    private var failureStatus: Int32 = 0

    init(host: any ReplHost, options: ReplOptions) {
        self.host = host
        self.options = options
        interactive = options.interactive ?? Console.stdinIsTerminal
        stopOnError = options.stopOnError ?? !interactive
        format = options.format
        useColor = Console.colorAllowed(onTerminal: Console.stdoutIsTerminal)
        errorColor = Console.colorAllowed(onTerminal: Console.stderrIsTerminal)
        editor = LineEditor(interactive: interactive, historyPath: options.historyPath, historyLimit: options.historyLimit,
                            completion: ReplCompletionSource(host: host.completionSource))
    }

    var prompt: String {
        (["attend", host.registerName, host.asOfText].filter { !$0.isEmpty }).joined(separator: " ") + "> "
    }

    // MARK: The loop

    func run() -> Int32 {
        if interactive {
            if !host.banner.isEmpty { Console.out(host.banner) }
            Console.out("Enter .help for the commands; Ctrl-D or .quit to leave.")
        }
        var assembler = StatementAssembler()
        var interruptsInARow = 0
        // Piped input is read like a script: a line that starts with a continuation word
        // (`and`, `over`, `for`, `sorted`, …) carries on the statement before it, so the
        // line after each complete statement is read ahead and held.
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
                if interruptsInARow == 2 { Console.err("(Use .quit or Ctrl-D on an empty line to leave.)") }
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
            case .statement(var text) where !interactive:
                while true {
                    let ahead = nextLine(options.continuationPrompt)
                    guard case .line(let next) = ahead, Self.continuesStatement(next) else { held = ahead; break }
                    text += "\n" + next
                    while host.isIncomplete(text), case .line(let more) = nextLine(options.continuationPrompt) { text += "\n" + more }
                }
                if case .stop = perform(.statement(text)) { break session }
            case .dotCommand(let text), .statement(let text):
                editor.record(text)
                if case .stop = perform(step) { break session }
            }
        }
        routing.closeAll()
        editor.close()
        return interactive ? 0 : failureStatus
    }

    private enum LoopControl { case proceed, stop }

    /// True when a line begins with a word that cannot begin a statement but carries one
    /// on (the script runner's rule, `Vocabulary.continuationWords`).
    static func continuesStatement(_ line: String) -> Bool {
        let word = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map { $0.lowercased() } ?? ""
        return Vocabulary.continuationWords.contains(word)
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
            if failureStatus == 0 || Self.rank(status) > Self.rank(failureStatus) { failureStatus = status }
            return stopOnError ? .stop : .proceed
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
        defer { if isOnce { sink?.abandon() } }   // a `.once` whose statement failed writes nothing
        let toScreen = sink == nil
        let context = EvaluationContext(
            format: format,
            maxRows: toScreen && Console.stdoutIsTerminal ? options.maxRows : nil,
            useColor: toScreen && useColor,
            cancellation: Interrupt.cancellation,
            interactive: interactive)
        let clock = ContinuousClock()
        let start = clock.now
        let (outcome, interrupted) = Interrupt.duringEvaluation { try host.evaluate(text, context: context) }
        // Printed by whoever reports this statement's error, after the error (printPendingTime).
        pendingTime = start.duration(to: clock.now)
        // Ctrl-C means no result, even from an evaluator that finished without noticing.
        if interrupted { throw CancellationError() }
        let result = try outcome.get()
        if let sink {
            try sink.write(result.text)
            if isOnce { try sink.finish() }
        } else {
            Console.out(result.text)
            if result.hiddenRows > 0 {
                let rows = result.hiddenRows == 1 ? "1 more row" : "\(Self.grouped(result.hiddenRows)) more rows"
                Console.out(Console.paint("\(rows): use .output or a limit", "2", enabled: useColor))
            }
        }
        for diagnostic in result.diagnostics {
            Console.err(DiagnosticRenderer(color: errorColor).render(diagnostic))
        }
    }

    // MARK: Used by dot-commands

    /// A dot-command's result (`.columns`): to the `.output`/`.once` file or the screen.
    func emitResult(_ text: String) throws {
        let (sink, isOnce) = routing.takeNext()
        defer { if isOnce { sink?.abandon() } }
        if let sink {
            try sink.write(text)
            if isOnce { try sink.finish() }
        } else {
            Console.out(text)
        }
    }

    /// Text the person asked for (`.help`): always to the screen.
    func emitInfo(_ text: String) throws {
        Console.out(text)
    }

    /// A confirmation (`Results now go to out.csv.`): on stderr, and only when interactive
    /// unless `always`, so scripts' output stays clean.
    func note(_ text: String, always: Bool = false) {
        if interactive || always { Console.err(text) }
    }

    /// Calls the host from a dot-command so that Ctrl-C works as during a statement.
    func callHost<T>(_ body: () throws -> T) throws -> T {
        let (outcome, interrupted) = Interrupt.duringEvaluation(body)
        if interrupted { throw CancellationError() }
        return try outcome.get()
    }

    /// `.read SCRIPT`: runs each statement and dot-command in the file; the first error stops it
    /// and is reported with the file and line.
    func runScript(path: String) throws -> DotCommand.Outcome {
        guard scriptDepth < Self.maxScriptDepth else {
            throw ReplError(".read nested more than \(Self.maxScriptDepth) deep", hint: "does \(path) read itself?")
        }
        let bytes = try Posix.readFile(path)
        scriptDepth += 1
        defer { scriptDepth -= 1 }
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var assembler = StatementAssembler()
        var startLine = 0
        func run(_ step: StatementAssembler.Step, line: Int) throws -> DotCommand.Outcome {
            let outcome: DotCommand.Outcome
            do {
                outcome = try execute(step)
            } catch let stopped as ScriptStopped {
                throw stopped
            } catch {
                let status = report(error, at: SourceLocation(file: path, line: line))
                printPendingTime()
                throw ScriptStopped(status: status)
            }
            printPendingTime()
            return outcome
        }
        for (index, rawLine) in lines.enumerated() {
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if assembler.isEmpty { startLine = index + 1 }
            let step = assembler.feed(line, isIncomplete: host.isIncomplete)
            switch step {
            case .needMore, .nothing: continue
            case .dotCommand, .statement:
                if try run(step, line: startLine) == .quit { return .quit }
            }
        }
        if let text = assembler.flush() {
            return try run(.statement(text), line: startLine)
        }
        return .proceed
    }

    /// Thrown by a script that stopped at an error it has already reported.
    struct ScriptStopped: Error { var status: Int32 }

    /// `.timer on`: the last statement's run time, once.
    private func printPendingTime() {
        if timer, let time = pendingTime { Console.err("Time: \(Self.describe(time))") }
        pendingTime = nil
    }

    // MARK: Errors

    /// Prints an error and returns the exit status it stands for.
    @discardableResult
    private func report(_ error: any Error, at location: SourceLocation?) -> Int32 {
        switch error {
        case let stopped as ScriptStopped:
            return stopped.status
        case is CancellationError:
            let prefix = location.map { "\($0): " } ?? ""
            Console.err((Console.stderrIsTerminal ? "\r" : "") + prefix + "Interrupted.")
            return 130
        case var diagnostic as Diagnostic where location != nil && diagnostic.location == nil:
            diagnostic.location = location
            Console.err(host.render(error: diagnostic, color: errorColor))
            return host.exitStatus(for: diagnostic).rawValue
        default:
            let text = host.render(error: error, color: errorColor)
            Console.err(location.map { "\($0): " + text } ?? text)
            return host.exitStatus(for: error).rawValue
        }
    }

    /// Which failure status wins when several happen: internal, I/O, data, usage, query, interrupt.
    private static func rank(_ status: Int32) -> Int {
        switch status {
        case ExitStatus.internalError.rawValue: 6
        case ExitStatus.ioError.rawValue: 5
        case ExitStatus.dataError.rawValue: 4
        case ExitStatus.usage.rawValue: 3
        case ExitStatus.queryError.rawValue: 2
        default: 1
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

    /// 1234567 → "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
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
