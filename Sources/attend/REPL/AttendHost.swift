import ArgumentParser
import AttendCore

/// The interpreter behind the prompt: a ``Session`` on the loaded register. The REPL owns
/// the terminal; this owns the language. Scripts (`attend run`) use the same Session.
final class AttendHost: ReplHost {
    let session: Session
    /// Loads the register again for `.reload`.
    let reloader: () throws -> Register
    /// A letter run shown as a preview and not yet written (`.write` writes it).
    private var pendingLetters: Statement?
    /// Piped input has no prompt to show the date: results say it once, and when it changes.
    private var announcedAsOf: Day?

    init(session: Session, reloader: @escaping () throws -> Register) {
        self.session = session
        self.reloader = reloader
    }

    var banner: String {
        let r = session.register
        var range = ""
        if let f = r.calendar.firstSchoolDay, let l = r.calendar.lastSchoolDay { range = ", \(f.shortEnglish) to \(l.shortEnglish)" }
        return """
        attend: register \(r.name), \(CheckReport.group(r.pupilCount)) pupils, \(CheckReport.group(r.loadStatistics.marks)) marks\(range)
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

    func evaluate(_ text: String, context: EvaluationContext) throws -> ReplResult {
        session.format = context.format
        let cancellation = context.cancellation
        session.isCancelled = { cancellation.isCancelled }
        let statements: [Statement]
        switch Parser.parse(text) {
        case .complete(let s): statements = s
        case .incomplete(let d): throw d
        case .failed(let ds): throw DiagnosticList(ds)
        }
        var parts: [String] = []
        var total: Int?
        var shown: Int?
        for s in statements {
            let output: Session.Output
            do {
                // At the prompt a letter run shows its first letter; `.write` writes them all.
                if context.interactive, case .query(let q) = s.kind, q.letters != nil, !Self.asksToWrite(q) {
                    let report = try session.previewLetters(s)
                    pendingLetters = s
                    parts.append((report.lines + [report.preview ?? "", "nothing written yet: .write writes \(report.pupils) letter\(report.pupils == 1 ? "" : "s") to \(report.folder)"]).joined(separator: "\n"))
                    continue
                }
                output = try session.run(s)
            } catch {
                if error.code == "Q190" { throw CancellationError() }
                throw error
            }
            switch output {
            case .nothing: break
            case .text(let t): parts.append(t)
            case .letters(let r): parts.append((r.lines + [r.preview].compactMap { $0 }).joined(separator: "\n"))
            case .result(let table, let into):
                if let into {
                    // Written by the session (`Session.writeResult`).
                    parts.append("wrote \(CheckReport.group(table.rows.count)) rows to \(into)")
                } else {
                    let f = ResultFormatter(format: context.format, unicode: true, maxRows: context.maxRows)
                    var rendered = f.render(table)
                    if context.maxRows != nil && context.format == .table {
                        // The REPL prints the footer about hidden rows itself.
                        rendered = rendered.split(separator: "\n", omittingEmptySubsequences: false)
                            .filter { !$0.hasSuffix("or a limit") }.joined(separator: "\n")
                    }
                    parts.append(rendered)
                    if !table.columns.isEmpty {
                        total = (total ?? 0) + table.rows.count
                        shown = (shown ?? 0) + min(table.rows.count, context.maxRows ?? table.rows.count)
                    }
                }
            }
        }
        if !context.interactive && total != nil && announcedAsOf != session.asOf && context.format == .table {
            announcedAsOf = session.asOf
            parts.insert("as of \(session.asOf.shortEnglish) (\(session.asOf.iso))", at: 0)
        }
        return ReplResult(text: parts.joined(separator: "\n"), totalRows: total, shownRows: shown)
    }

    /// `letters … write` or `preview` said what to do; otherwise the prompt previews first.
    static func asksToWrite(_ q: QuerySyntax) -> Bool {
        q.letters?.options.contains { ["write", "preview"].contains($0.name.text.lowercased()) } ?? false
    }

    func writePendingLetters() throws -> String {
        guard let s = pendingLetters else { throw ReplError("there is no letter run to write: run a statement with `letters using … into …` first") }
        guard case .letters(let r) = try session.run(s) else { return "nothing written" }
        pendingLetters = nil
        return r.lines.joined(separator: "\n")
    }

    func setAsOf(_ text: String) throws -> String? {
        guard let d = Day(parsing: text.trimmingCharacters()) else {
            throw ReplError("\(text) is not a date", hint: "write 2026-01-23 or 23/01/2026")
        }
        session.asOf = d
        session.asOfGiven = true
        return "as of \(d.shortEnglish)"
    }

    func columns() throws -> String { ResultFormatter(format: .table).render(CheckReport.columns(session.register)) }
    func codes() throws -> String { ResultFormatter(format: .table).render(CheckReport.codes()) }
    func calendar() throws -> String { CheckReport.calendar(session.register) }

    func reload() throws -> String? {
        let r = try reloader()
        session.replaceRegister(r)
        return "reloaded \(r.name): \(CheckReport.group(r.pupilCount)) pupils, \(CheckReport.group(r.loadStatistics.marks)) marks; as of \(session.asOf.shortEnglish)"
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
            words = Vocabulary.statementWords + session.cohorts.keys.sorted() + Vocabulary.simpleMeasures
        } else if previous == "coded" || (ctx.previousWords.dropLast().last?.lowercased() == "coded" && ctx.before.hasSuffix(",")) {
            words = CodeTable.all.map(\.code)
        } else if previous == "over" || previous == "this" || previous == "last" {
            words = ["this", "last", "term", "half-term", "year", "week", "autumn", "spring", "summer"]
        } else {
            words = Vocabulary.measureWords + Vocabulary.windowWords + Vocabulary.clauseWords + ["weeks", "days", "sessions", "term", "half-term", "year", "coded", "streak", "minutes", "late", "not", "in", "is", "empty"]
                + session.register.pupils.attributeNames + session.cohorts.keys.sorted() + session.bands.names.map { "\"\($0)\"" }
        }
        var seen = Set<String>()
        return words.filter { $0.lowercased().hasPrefix(prefix) && seen.insert($0).inserted }.sorted()
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// Starts the prompt on `session`.
func startRepl(session: Session, register: RegisterOptions, format: OutputFormat) throws {
    let host = AttendHost(session: session, reloader: { try register.load(summariseWarnings: true) })
    var options = ReplOptions()
    options.format = format
    let status = runRepl(host: host, options: options)
    if status != 0 { throw ExitCode(status) }
}
