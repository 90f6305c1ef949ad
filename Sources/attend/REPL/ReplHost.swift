import AttendCore

/// What the REPL needs from the interpreter. The REPL owns the terminal (line editing,
/// history, completion, Ctrl-C, the prompt, `.output`/`.once`, the row cap, the timer and
/// the dot-command table); the host owns the language and the register.
///
/// Every method runs on the thread that called ``runRepl(host:options:)``. Methods that throw
/// do not end the session: the REPL prints the error with ``render(error:color:)`` and
/// prompts again (in a non-interactive run the first error stops the run unless
/// ``ReplOptions/stopOnError`` is false).
protocol ReplHost: AnyObject {
    /// Printed once when an interactive session starts (not when input is piped).
    var banner: String { get }
    /// The register's short name for the prompt: `attend demo 2026-01-23> `.
    var registerName: String { get }
    /// The as-of date for the prompt, as text (`2026-01-23`); empty to leave it out.
    var asOfText: String { get }

    /// True when `text` (all lines typed so far, joined with "\n") is a statement that
    /// needs more lines: it ends in `and`, an open bracket, and so on. The REPL then reads
    /// another line with the `...>` prompt. A blank line submits the statement anyway, so the
    /// person sees the parser's error instead of being stuck.
    func isIncomplete(_ text: String) -> Bool

    /// Piped input only: true when the line `next`, read after the complete statement
    /// `text`, carries that statement on (the language's parser decides, as it does for a
    /// script file). The default: never.
    func continues(_ text: String, with next: String) -> Bool

    /// Runs one complete statement.
    ///
    /// Render in `context.format`, showing at most `context.maxRows` rows when it is not nil.
    /// Either hand the result to `context.output` as it is produced (piece by piece for a long
    /// one; notes and diagnostics too) and return a ``ReplResult`` with no text, or return the
    /// text and the row counts (the REPL then prints the "N more rows" footer). Poll
    /// `context.cancellation` (once per batch or row group) and throw `CancellationError` when
    /// it is set, or when `context.output` has stopped; the REPL prints `Interrupted.` A
    /// failed statement's status goes in the result; other errors are thrown, printed, and
    /// the session goes on.
    func evaluate(_ text: String, context: EvaluationContext) throws -> ReplResult

    /// `.output FILE` and `.once FILE`: a stream to write results to, by the rule every
    /// write follows (and `--safe`'s limits, for a host with a session).
    func openResultsFile(_ path: String, replace: Bool) throws -> SafeFileWriter.Stream

    /// `.as-of DATE`: validate and set the date statements are evaluated against. Return a
    /// confirmation line, or nil for none. The prompt shows ``asOfText`` afterwards.
    func setAsOf(_ text: String) throws -> String?
    /// `.columns`: the pupils.csv columns a query can use.
    func columns() throws -> String
    /// `.codes`: the attendance codes and what each counts as.
    func codes() throws -> String
    /// `.calendar`: terms, holidays and INSET days.
    func calendar() throws -> String
    /// `.reload`: read the register files again. Return a summary line, or nil for none.
    func reload() throws -> String?
    /// `.write`: carry out the letter run last previewed, saying what was written (to
    /// `output`, or in the result's notes).
    func writePendingLetters(output: ReplOutput) throws -> ReplResult
    /// `.read SCRIPT`: run `body` (the script's statements) with the script's folder as the
    /// place its letter templates are read from. The default just runs it.
    func inScriptFolder<T>(of path: String, _ body: () throws -> T) throws -> T

    /// Tab completion for statements (dot-commands are completed by the REPL itself).
    /// Nil: a fixed keyword list, and file names inside quotes.
    var completionSource: (any CompletionSource)? { get }
    /// Extra text for `.help` with no argument: how to write a statement. Nil for none.
    var statementHelp: String? { get }
    /// How an error thrown by the host is shown. The default renders ``Diagnostic`` and
    /// ``DiagnosticList`` with carets and hints, and anything else as `error: …`.
    func render(error: any Error, color: Bool) -> String
    /// The exit status a non-interactive run ends with when `error` stops it. The default maps
    /// a ``Diagnostic``'s category through ``ExitStatus``, and anything else to `.queryError`.
    func exitStatus(for error: any Error) -> ExitStatus
}

extension ReplHost {
    func continues(_ text: String, with next: String) -> Bool { false }
    func inScriptFolder<T>(of path: String, _ body: () throws -> T) throws -> T { try body() }
    func writePendingLetters(output: ReplOutput) throws -> ReplResult { throw ReplError("there is no letter run to write: run a statement with `letters using … into …` first") }
    var completionSource: (any CompletionSource)? { nil }
    var statementHelp: String? { nil }

    func render(error: any Error, color: Bool) -> String {
        switch error {
        case let d as Diagnostic: DiagnosticRenderer(color: color).render(d)
        case let list as DiagnosticList: DiagnosticRenderer(color: color).render(list.diagnostics)
        case let e as ReplError: e.render(color: color)
        default: ReplError("\(error)").render(color: color)
        }
    }

    func exitStatus(for error: any Error) -> ExitStatus {
        switch error {
        case let d as Diagnostic: ExitStatus(d.category)
        case let list as DiagnosticList: ExitStatus(worstOf: list.diagnostics)
        case let e as ReplError: e.status
        case let f as ReportedFailure: ExitStatus(rawValue: f.status) ?? .queryError
        default: .queryError
        }
    }
}


/// Everything a statement's evaluation needs from the REPL.
struct EvaluationContext {
    /// The `.format` setting.
    var format: OutputFormat
    /// Show at most this many rows; nil means all (always nil when the result goes to a
    /// file or stdout is not a terminal).
    var maxRows: Int?
    /// True when ANSI colour may be used in the result: the result goes to a terminal and
    /// `NO_COLOR` is not set.
    var useColor: Bool
    /// Polled by the evaluator; set by Ctrl-C.
    var cancellation: Cancellation
    /// Where the result, notes and diagnostics go as they are produced.
    var output: ReplOutput
    /// True at an interactive prompt; false for piped input.
    var interactive: Bool
    /// For a statement from `.read SCRIPT`: the script and the line the statement starts on,
    /// for its messages. Nil at the prompt and for piped input.
    var source: SourceLocation? = nil
}

/// A failure whose diagnostics were already printed (with the result they came with): the
/// REPL only takes its exit status and, in a script or piped input, stops.
struct ReportedFailure: Error {
    /// The process exit status it stands for (130 for Ctrl-C).
    var status: Int32
    init(status: ExitStatus) { self.status = status.rawValue }
    init(status: Int32) { self.status = status }
}

/// A statement's result, already rendered.
struct ReplResult: Sendable {
    /// The rendered result (table, CSV, JSON, a message…). A final newline is added if missing.
    var text: String
    /// Rows the statement produced in all, for the row-cap footer; nil when it isn't a table.
    var totalRows: Int?
    /// Rows `text` shows (fewer than `totalRows` when it was cut at `maxRows`); nil means all.
    var shownRows: Int?
    /// Warnings and errors, printed to stderr after the result.
    var diagnostics: [Diagnostic]
    /// Notes on what was done (`wrote 42 rows to x.csv`), printed to stderr after the result.
    var notes: [String] = []
    /// Success, or the status of the statement that failed (its error is in ``diagnostics``).
    var status: ExitStatus = .success

    init(text: String, totalRows: Int? = nil, shownRows: Int? = nil, diagnostics: [Diagnostic] = []) {
        self.text = text
        self.totalRows = totalRows
        self.shownRows = shownRows
        self.diagnostics = diagnostics
    }

    /// Rows left out of `text`.
    var hiddenRows: Int {
        guard let totalRows, let shownRows else { return 0 }
        return max(0, totalRows - shownRows)
    }
}

extension ReplHost {
    func openResultsFile(_ path: String, replace: Bool) throws -> SafeFileWriter.Stream {
        try SafeFileWriter.Stream(path, replace: replace)
    }
}
