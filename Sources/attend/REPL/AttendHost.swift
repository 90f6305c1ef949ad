import ArgumentParser
import AttendCore

/// The interpreter behind the prompt: a ``Session`` on the loaded register. The REPL owns
/// the terminal; this owns the language. Scripts (`attend run`) use the same Session.
final class AttendHost: ReplHost {
    let session: Session
    /// Loads the register again for `.reload`.
    let reloader: () throws -> Register
    /// Hands what a statement produces to the REPL's output for this statement.
    private let forward = ForwardingSink()
    /// The runner every statement at the prompt, in piped input and in `.read` goes through.
    private let runner: StatementRunner

    init(session: Session, reloader: @escaping () throws -> Register) {
        self.session = session
        self.reloader = reloader
        runner = StatementRunner(session: session, sink: forward)
        // `.format xlsx` names the format of `into` files; on the screen a result is a table.
        runner.showsWorkbookFormatAsTable = true
    }

    var banner: String {
        let r = session.register
        var range = ""
        if let f = r.calendar.firstSchoolDay, let l = r.calendar.lastSchoolDay { range = ", \(f.shortEnglish) to \(l.shortEnglish)" }
        return """
        attend: register \(r.name), \(NumberText.grouped(r.pupilCount)) pupils, \(NumberText.grouped(r.loadStatistics.marks)) marks\(range)
        as of \(session.asOf.shortEnglish)\(session.asOfGiven ? "" : " (change it with .as-of DATE)").
        """
    }

    var registerName: String { session.register.name }

    func openResultsFile(_ path: String, replace: Bool) throws -> SafeFileWriter.Stream {
        try session.openResultsFile(path, replace: replace)
    }
    var asOfText: String { session.asOf.iso }

    func isIncomplete(_ text: String) -> Bool {
        if case .incomplete = Parser.parse(text) { return true }
        return false
    }

    /// The parser's rule, as for a script file: `next` carries `text` on when the two read
    /// as one statement (`next` starts with `and`, `over`, `sorted`, …).
    func continues(_ text: String, with next: String) -> Bool {
        switch Parser.parse(text + "\n" + next) {
        case .incomplete: return true
        case .complete(let statements): return statements.count == 1
        case .failed: return false
        }
    }

    func evaluate(_ text: String, context: EvaluationContext) throws -> ReplResult {
        session.format = context.format
        session.cancellation = context.cancellation
        runner.maxRows = context.maxRows
        runner.announcesAsOf = !context.interactive
        runner.previewsLetters = context.interactive
        forward.target = context.output
        defer { forward.target = nil }
        runner.width = Terminal.width
        let status = try runner.run(text: text, file: context.source?.file, line: context.source?.line ?? 1)
        return try finished(context.output, status: status)
    }

    func writePendingLetters(output: ReplOutput) throws -> ReplResult {
        forward.target = output
        defer { forward.target = nil }
        guard let status = try runner.writePendingLetters() else {
            throw ReplError("there is no letter run to write: run a statement with `letters using … into …` first")
        }
        return try finished(output, status: status)
    }

    /// The result of a statement whose output went to `output` as it ran: Ctrl-C during the
    /// printing, or a failed `.output` file, is thrown.
    private func finished(_ output: ReplOutput, status: ExitStatus) throws -> ReplResult {
        if output.stopped { throw CancellationError() }
        if let failure = output.failure { throw failure }
        var r = ReplResult(text: "")
        r.status = status
        return r
    }

    func inScriptFolder<T>(of path: String, _ body: () throws -> T) throws -> T {
        try runner.inScriptFolder(of: path, body)
    }

    func setAsOf(_ text: String) throws -> String? {
        guard let d = Day(parsing: text.trimmingSpaces()) else {
            throw ReplError("\(text) is not a date", hint: "write 2026-01-23 or 23/01/2026")
        }
        session.asOf = d
        session.asOfGiven = true
        return "as of \(d.shortEnglish)"
    }

    func columns() throws -> String { ResultFormatter(format: .table).render(CheckReport.columns(session.register)) }
    func codes() throws -> String { ResultFormatter(format: .table).render(CheckReport.codes(session.register)) }
    func calendar() throws -> String { CheckReport.calendar(session.register) }

    func reload() throws -> String? {
        let r = try reloader()
        session.replaceRegister(r)
        try session.reloadActions()
        return "reloaded \(r.name): \(NumberText.grouped(r.pupilCount)) pupils, \(NumberText.grouped(r.loadStatistics.marks)) marks; as of \(session.asOf.shortEnglish)"
    }

    var completionSource: (any CompletionSource)? { LanguageCompletion(session: session) }

    var statementHelp: String? {
        """
        Statements (see Docs/language.md):
          pupils where rate < 90% over term 1 and unauthorised >= 10 in last 10 weeks
          pupils where persistent over this year
          count pupils where persistent over this year by year
          rate by form over this term sorted by rate
          summary by send over this year
          pupil UPN
          explain pupils where unauthorised >= 10 in last 10 weeks
          actions for pupil UPN; show next step for pupils where …  (Docs/casework.md)
          record meeting for UPN on 3 Mar 2026 by "JS" note "…"
        A statement may go over several lines; an unfinished one continues on `...>`.
        """
    }
}

/// Tab completion from the grammar and the data: statement words, measures, window words,
/// codes after `coded`, pupils.csv columns, cohort names, band names; file names in quotes
/// are completed by the REPL.
struct LanguageCompletion: CompletionSource {
    let session: Session

    func completions(for line: String, cursor: Int) -> [String] {
        let ctx = CompletionContext(line: line, cursor: cursor)
        if ctx.quote != nil { return [] }
        let prefix = ctx.word.lowercased()
        let previous = ctx.previousWords.last?.lowercased()
        var words: [String]
        if ctx.isFirstWord {
            words = Vocabulary.statementWords + session.cohorts.keys.sorted() + Vocabulary.simpleMeasures + ["record", "actions"]
        } else if previous == "record" || previous == "no" {
            // The actions of the log (Docs/casework.md), and the school's own words.
            words = ActionKind.names + session.school.casework.schoolWords.keys.sorted()
        } else if previous == "coded" || (ctx.previousWords.dropLast().last?.lowercased() == "coded" && ctx.before.hasSuffix(",")) {
            words = CodeTable.all.map(\.code) + session.register.schoolCodes.codes.map(\.code)
        } else if previous == "over" || previous == "this" || previous == "last" {
            words = ["this", "last", "term", "half-term", "year", "week", "autumn", "spring", "summer"]
                + ["month"] + (previous == "over" ? Day.monthNames.map { $0.lowercased() } : [])
                + (previous == "last" ? Day.weekdayNames.map { $0.lowercased() } : [])
        } else {
            words = Vocabulary.measureWords + Vocabulary.windowWords + Vocabulary.clauseWords + ["weeks", "days", "sessions", "term", "half-term", "year", "coded", "streak", "minutes", "late", "not", "in", "is", "empty"]
                + session.register.pupils.attributeNames + session.cohorts.keys.sorted() + session.bands.names.map { "\"\($0)\"" }
                + ActionKind.names + ["actions", "action", "next", "step", "since", "no", "note"]
        }
        // The projections' words (`sessions needed`, `at risk` …) where a measure may go.
        if !ctx.isFirstWord && !["coded", "over", "this", "last"].contains(previous ?? "") { words += Vocabulary.projectionWords }
        var seen = Set<String>()
        return words.filter { $0.lowercased().hasPrefix(prefix) && seen.insert($0).inserted }.sorted()
    }
}


/// The runner's sink, passing everything on to the REPL's output for the statement running.
final class ForwardingSink: StatementSink {
    var target: (any StatementSink)?
    func result(_ text: String) { target?.result(text) }
    func note(_ text: String) { target?.note(text) }
    func diagnostic(_ d: Diagnostic) { target?.diagnostic(d) }
}

/// Starts the prompt on `session`.
func startRepl(session: Session, register: RegisterOptions, format: OutputFormat) throws {
    let host = AttendHost(session: session, reloader: { try register.load(summariseWarnings: true) })
    var options = ReplOptions()
    options.format = format
    let status = runRepl(host: host, options: options)
    if status != 0 { throw ExitCode(status) }
}
