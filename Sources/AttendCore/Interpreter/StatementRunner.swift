/// Where a ``StatementRunner`` puts what statements produce. The host supplies it: the
/// terminal for `attend run`, `attend query` and `-c`; the prompt's screen or `.output` file.
public protocol StatementSink: AnyObject {
    /// A result: rows in the session's format, `print`'s text, a letter preview. Stdout.
    func result(_ text: String)
    /// A note about what was done: `wrote 42 rows to x.csv`, a letter run's report, the
    /// as-of line beside machine-format rows. Stderr.
    func note(_ text: String)
    /// A statement's error or warning. Stderr, rendered by the sink (it knows about colour).
    func diagnostic(_ d: Diagnostic)
    /// A result table before it is rendered as text. A sink that draws tables itself (the
    /// governors' report's ``ReportSink``) takes it and returns true; by default it returns
    /// false and the runner renders the table for ``result(_:)``.
    func table(_ t: ResultTable, statement: Statement) -> Bool
}

extension StatementSink {
    public func table(_ t: ResultTable, statement: Statement) -> Bool { false }
}

/// The one way statements run, wherever they come from: a script file (`attend run`,
/// `.read`), `attend query`, `-c`, piped input or the prompt. It parses the text (the
/// parser alone decides where a statement ends), runs each statement through the
/// ``Session``, writes `into` files, and hands results, notes and diagnostics to the sink.
///
/// Each behaviour is here once: "1 row"/"2 rows" when `into` writes; a failed `into` placed
/// under its caret; stopping at the first failing statement (or, with ``keepGoing``, running
/// the rest and still failing); the as-of line, said once per change; a script's folder as
/// the place its letter templates are read from; and, at the prompt, letter runs previewed
/// until `.write`. A statement stopped by the session's cancellation (Ctrl-C) throws
/// `CancellationError` to the caller.
public final class StatementRunner {
    public let session: Session
    public let sink: any StatementSink
    /// Run the statements after a failing one (the status is still the failure's).
    public var keepGoing = false
    /// Row cap for the table format (the prompt's screen); nil for all rows.
    public var maxRows: Int?
    /// Characters across the output, for charts (the terminal's width; 80 when not a terminal).
    public var width = 80
    /// Say the as-of date above results, once per change. Off at the interactive prompt,
    /// whose prompt shows the date.
    public var announcesAsOf = true
    /// The interactive prompt: a letter run without `write` or `preview` shows its first
    /// letter and waits for ``writePendingLetters()``.
    public var previewsLetters = false
    /// The prompt: with the xlsx format (which names the format of `into` files) a result
    /// with no `into` is shown as a table. Elsewhere it is refused (U050).
    public var showsWorkbookFormatAsTable = false
    /// `into` files, and the workbooks this run has added sheets to.
    public let files: ResultFileWriter

    /// The as-of date last announced.
    private var announcedAsOf: Day?
    /// The letter run last previewed and not yet written.
    private var pendingLetters: Statement?

    public init(session: Session, sink: any StatementSink) {
        self.session = session
        self.sink = sink
        files = ResultFileWriter(registerName: session.register.name)
    }

    // MARK: Running text

    /// `attend run FILE…`: the scripts in turn, stopping at the first failure unless
    /// ``keepGoing``. First, every `--param` must be declared by a `param` in one of them.
    public func run(files: [String]) throws(CancellationError) -> ExitStatus {
        var declared: [String] = []
        for path in files {
            guard let bytes = try? FileBytes(path: path), let text = bytes.withBytes({ String(validating: $0, as: UTF8.self) }),
                  case .complete(let statements) = Parser.parse(text, file: path) else { continue }
            for s in statements { if case .param(let p) = s.kind { declared.append(p.name.text) } }
        }
        let undeclared = session.commandLineParameters.filter { !declared.contains($0) }.sorted()
        if !undeclared.isEmpty {
            for name in undeclared { sink.diagnostic(.undeclaredParameter(name, declared: declared)) }
            return .usage
        }
        var tally = FailureTally(keepGoing: keepGoing)
        for path in files {
            if !tally.record(try run(file: path)) { break }
        }
        return tally.status
    }

    /// Runs a script file; `letters using "T"` reads T from the script's own folder.
    public func run(file path: String) throws(CancellationError) -> ExitStatus {
        let text: String
        do {
            let bytes = try FileBytes(path: path)
            guard let s = bytes.withBytes({ String(validating: $0, as: UTF8.self) }) else {
                sink.diagnostic(.notUTF8(path, saveAs: "the script"))
                return .ioError
            }
            text = s
        } catch {
            sink.diagnostic(error)
            return .ioError
        }
        return try inScriptFolder(of: path) { () throws(CancellationError) in try run(text: text, file: path) }
    }

    /// Runs `body` with the session's script folder set to the folder of the script at
    /// `path` (`attend run`, `.read`), then restores the folder before.
    public func inScriptFolder<T, E: Error>(of path: String, _ body: () throws(E) -> T) throws(E) -> T {
        let outer = session.scriptDirectory
        session.scriptDirectory = SafeFileWriter.directory(of: path)
        defer { session.scriptDirectory = outer }
        return try body()
    }

    /// Runs the statements of `text`; `file` names it in messages and `line` is the line of
    /// the file it starts on. A text that does not parse runs nothing.
    public func run(text: String, file: String? = nil, line: Int = 1) throws(CancellationError) -> ExitStatus {
        switch Parser.parse(text, file: file) {
        case .failed(let ds):
            for d in ds { sink.diagnostic(Self.shifted(d, by: line - 1)) }
            return ExitStatus(worstOf: ds)
        case .incomplete(let d):
            sink.diagnostic(Self.shifted(d, by: line - 1))
            return .queryError
        case .complete(let statements):
            var tally = FailureTally(keepGoing: keepGoing)
            for var s in statements {
                s.line += line - 1
                if !tally.record(try run(s)) { break }
            }
            return tally.status
        }
    }

    /// A diagnostic from text that starts on line `offset + 1` of its file.
    static func shifted(_ d: Diagnostic, by offset: Int) -> Diagnostic {
        guard offset > 0, var loc = d.location, loc.line > 0 else { return d }
        var d = d
        loc.line += offset
        d.location = loc
        return d
    }

    // MARK: One statement

    /// Runs one statement and shows or writes what it produced; its error goes to the sink.
    public func run(_ s: Statement) throws(CancellationError) -> ExitStatus {
        do {
            if previewsLetters, case .query(let q) = s.kind, let l = q.letters, !Self.saysWhatToDo(l) {
                let report = try session.previewLetters(s)
                pendingLetters = s
                for line in report.lines { sink.note(line) }
                sink.result(report.preview ?? "")
                sink.note("nothing written yet: .write writes \(NumberText.grouped(report.pupils)) letter\(report.pupils == 1 ? "" : "s") to \(report.folder)")
                return .success
            }
            switch try session.run(s) {
            case .nothing: break
            case .text(let t): sink.result(t)
            case .result(let table, let into):
                if let into {
                    do { try write(table, to: into, statement: s) } catch {
                        // A failed write names the statement and its `into` as well as the file.
                        guard case .query(let q) = s.kind, let clause = q.into else { throw error }
                        throw error.placed(at: s.site(clause.span))
                    }
                    // Beside a file written, the register's notes (never in the file).
                    if let notes = ResultFormatter.noteLines(table) { sink.note(notes) }
                } else if !sink.table(table, statement: s) {
                    if session.format == .xlsx && !showsWorkbookFormatAsTable && !table.columns.isEmpty {
                        throw Diagnostic.workbookNeedsFile(at: s.site(s.span))
                    }
                    try show(table)
                }
            case .letters(let r):
                for line in r.lines { sink.note(line) }
                if let p = r.preview { sink.result(p) }
            }
            return .success
        } catch let d as Diagnostic {
            sink.diagnostic(d)
            return ExitStatus(d.category)
        } catch let list as DiagnosticList {
            for d in list.diagnostics { sink.diagnostic(d) }
            return ExitStatus(worstOf: list.diagnostics)
        } catch {
            // Session.run throws a Diagnostic or, when stopped, CancellationError.
            throw CancellationError()
        }
    }

    /// `letters … write` or `preview` says what to do; otherwise the prompt previews first.
    static func saysWhatToDo(_ l: LettersSyntax) -> Bool {
        l.options.contains { ["write", "preview"].contains($0.name.text.lowercased()) }
    }

    /// `.write`: the letter run last previewed, written. Nil when there is none.
    public func writePendingLetters() throws(CancellationError) -> ExitStatus? {
        guard let s = pendingLetters else { return nil }
        let preview = previewsLetters
        previewsLetters = false
        defer { previewsLetters = preview }
        let status = try run(s)
        if status == .success { pendingLetters = nil }
        return status
    }

    /// Rows a long CSV or TSV result is rendered and handed to the sink in at a time, with
    /// a look at the cancellation between pieces: Ctrl-C stops a long result within one piece,
    /// and it is never all in memory at once as text.
    public var rowsPerPiece = 2_000

    /// A result on the output, in the session's format. The machine formats carry rows only;
    /// the as-of line then goes with the notes.
    func show(_ t: ResultTable) throws(CancellationError) {
        let format = session.format == .xlsx ? .table : session.format
        var f = ResultFormatter(format: format, unicode: true, maxRows: format == .table ? maxRows : nil)
        f.width = width
        let machine = !(format == .table || format == .markdown)
        if announcesAsOf && announcedAsOf != session.asOf && !t.columns.isEmpty {
            announcedAsOf = session.asOf
            let line = "as of \(session.asOf.shortEnglish) (\(session.asOf.iso))"
            if machine { sink.note(line) } else { sink.result(line) }
        }
        if machine && !t.columns.isEmpty {
            // Rows only on the output; an answer with no rows (explain, let) is all text.
            if !t.header.isEmpty { sink.note(t.header.joined(separator: "\n")) }
        }
        if machine && t.columns.isEmpty {
            sink.result((t.header + t.footer).joined(separator: "\n"))
        } else if (format == .csv || format == .tsv) && t.rows.count > rowsPerPiece {
            // The header line(s) once, then each piece's rows.
            var none = t
            none.rows = []
            let headerLength = f.render(none).utf8.count + 1
            for start in stride(from: 0, to: t.rows.count, by: rowsPerPiece) {
                try session.cancellation.check()
                var piece = t
                piece.rows = Array(t.rows[start..<min(start + rowsPerPiece, t.rows.count)])
                let text = f.render(piece)
                sink.result(start == 0 ? text : String(decoding: text.utf8.dropFirst(headerLength), as: UTF8.self))
            }
        } else {
            sink.result(f.render(t))
        }
        // The register's notes (marks that stop early, an as-of date past the register):
        // after a table, beside machine-format rows.
        if let notes = ResultFormatter.noteLines(t) {
            if machine { sink.note(notes) } else { sink.result(notes) }
        }
    }

    /// `into "file.csv"` or `into "file.xlsx"`: see ``ResultFileWriter``.
    func write(_ t: ResultTable, to path: String, statement: Statement) throws(Diagnostic) {
        sink.note(try files.write(t, to: path, sessionFormat: session.format, statement: statement))
    }

}
