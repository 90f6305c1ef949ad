import ArgumentParser
import AttendCore

/// Options of every command that runs statements: the as-of date and the output format.
struct SessionOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Evaluate as of this date (default: today, or the register's last day if earlier).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(name: .long, help: ArgumentHelp("Output format: table, csv, tsv, json, markdown, or xlsx (a workbook: needs `into \"FILE.xlsx\"`).", valueName: "FORMAT"))
    var format: String?

    @Option(name: .long, help: ArgumentHelp("A local authority's or trust's own figures, for `compared with reference` (Docs/language.md).", valueName: "FILE.csv"))
    var reference: String?

    @Flag(name: .long, help: "For a script someone else wrote: it may write only inside the current folder (results files and letters), and read letter templates only from its own folder. See Docs/reliability.md.")
    var safe = false

    /// For the prompt's Ctrl-C test: every statement first waits this long, polling for
    /// cancellation, so the test can press Ctrl-C during a "long query". Hidden from help.
    @Option(name: .customLong("test-evaluation-delay-ms"), help: .private)
    var testEvaluationDelayMs: Int?

    func validate() throws {
        if let asOf, Day(parsing: asOf) == nil { throw ValidationError("--as-of \(asOf) is not a date: write YYYY-MM-DD") }
        if let format, OutputFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format \(format) is not one of table, csv, tsv, json, markdown, xlsx")
        }
    }

    func makeSession(_ r: Register, school: SchoolSettings = SchoolSettings()) throws -> Session {
        let s = Session(register: r, asOf: asOf.flatMap { Day(parsing: $0) },
                        format: format.flatMap { OutputFormat(rawValue: $0.lowercased()) } ?? .table,
                        bands: school.bands(.standard))
        s.school = school
        if let ms = testEvaluationDelayMs, ms > 0 { s.evaluationDelay = .milliseconds(ms) }
        s.safeMode = safe
        s.reference = try loadReference(school: school)
        return s
    }
}

/// A runner writing results to stdout and notes to stderr.
func makeRunner(_ session: Session, keepGoing: Bool = false) -> StatementRunner {
    let r = StatementRunner(session: session, sink: TerminalSink())
    r.keepGoing = keepGoing
    r.width = Terminal.width
    return r
}
