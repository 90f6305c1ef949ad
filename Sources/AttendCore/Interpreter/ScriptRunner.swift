/// Runs statements from a script file, a `-c` argument or standard input through a
/// ``Session``: results to the output, `into` files written safely, and the first failing
/// statement stopping the run with `FILE:LINE:COLUMN`, its caret and a non-zero status
/// (or, with `keepGoing`, the rest still run and the status is still non-zero).
public final class ScriptRunner {
    public let session: Session
    /// The as-of date last announced: results say which date they used, once per change.
    private var announcedAsOf: Day?
    public var keepGoing = false
    /// Where results go (stdout).
    public var output: (String) -> Void
    /// Where diagnostics and notes go (stderr).
    public var errors: (String) -> Void
    public var color = false
    /// Row cap for the table format (the REPL's); nil for all rows.
    public var maxRows: Int?

    public init(session: Session, output: @escaping (String) -> Void, errors: @escaping (String) -> Void) {
        self.session = session
        self.output = output
        self.errors = errors
    }

    /// Runs a script file.
    public func run(file path: String) -> ExitStatus {
        let text: String
        do {
            let bytes = try FileBytes(path: path)
            guard let s = bytes.withBytes({ String(validating: $0, as: UTF8.self) }) else {
                report([Diagnostic("F006", message: "\(path) is not UTF-8 text", hint: "save the script as UTF-8", location: SourceLocation(file: path))])
                return .ioError
            }
            text = s
        } catch {
            report([error])
            return .ioError
        }
        // `letters using "T"` reads T from the script's own folder.
        let outer = session.scriptDirectory
        session.scriptDirectory = SafeFileWriter.directory(of: path)
        defer { session.scriptDirectory = outer }
        return run(text: text, file: path)
    }

    /// Runs the statements of `text`; `file` names it in messages.
    public func run(text: String, file: String?) -> ExitStatus {
        switch Parser.parse(text, file: file) {
        case .failed(let ds):
            report(ds)
            return ExitStatus(worstOf: ds)
        case .incomplete(let d):
            report([d])
            return .queryError
        case .complete(let statements):
            var status = ExitStatus.success
            for s in statements {
                let st = runOne(s)
                if st != .success {
                    status = status == .success ? st : status
                    if !keepGoing { return st }
                }
            }
            return status
        }
    }

    /// Runs one statement and shows or writes what it produced.
    public func runOne(_ s: Statement) -> ExitStatus {
        do throws(Diagnostic) {
            switch try session.run(s) {
            case .nothing: break
            case .text(let t): output(t)
            case .result(let table, let into):
                if let into {
                    // Written by the session (`Session.writeResult`).
                    let rows = table.rows.count
                    errors("wrote \(CheckReport.group(rows)) row\(rows == 1 ? "" : "s") to \(into)")
                } else {
                    show(table)
                }
            case .letters(let r):
                for line in r.lines { errors(line) }
                if let p = r.preview { output(p) }
            }
            return .success
        } catch {
            report([error])
            return ExitStatus(error.category)
        }
    }

    /// A result on the output, in the session's format. The machine formats carry rows only;
    /// the as-of line then goes with the notes.
    public func show(_ t: ResultTable) {
        let f = ResultFormatter(format: session.format, unicode: true, maxRows: maxRows)
        if announcedAsOf != session.asOf && !t.columns.isEmpty {
            announcedAsOf = session.asOf
            let line = "as of \(session.asOf.shortEnglish) (\(session.asOf.iso))"
            if session.format == .table || session.format == .markdown { output(line) } else { errors(line) }
        }
        switch session.format {
        case .table, .markdown:
            output(f.render(t))
        case .csv, .tsv, .json:
            // Rows only on the output; an answer with no rows (explain, let) is all text.
            if t.columns.isEmpty {
                output((t.header + t.footer).joined(separator: "\n"))
            } else {
                if !t.header.isEmpty { errors(t.header.joined(separator: "\n")) }
                output(f.render(t))
            }
        }
    }

    func report(_ ds: [Diagnostic]) {
        let r = DiagnosticRenderer(color: color)
        for d in ds { errors(r.render(d)) }
    }
}
