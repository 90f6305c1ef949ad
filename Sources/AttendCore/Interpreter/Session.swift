#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One interpreter session: a register, an as-of date and the state statements build up
/// (cohorts, parameters, the output format). The REPL, `attend query`, `attend -c` and
/// `attend run` all drive this same object, so they speak the same language.
public final class Session: @unchecked Sendable {
    public private(set) var register: Register
    public var asOf: Day
    /// True when the as-of date was given (`--as-of`, `set as-of`), not defaulted.
    public var asOfGiven: Bool
    public var format: OutputFormat
    public var cohorts: [String: CohortDefinition] = [:]
    /// Script parameters: command-line values first, then `param` defaults.
    public var parameters: [String: ExprSyntax] = [:]
    /// Names given on the command line (`--param NAME=VALUE`), which win over defaults.
    public private(set) var commandLineParameters: Set<String> = []
    public var bands: Bands
    /// The school's settings (school.conf): names for letters. Its bands are applied to
    /// ``bands`` by whoever loads it.
    public var school = SchoolSettings()
    /// The folder of the script being run: `letters using "T"` reads T from there. Nil at
    /// the prompt and for `-c`: the current folder.
    public var scriptDirectory: String?
    /// Where `letters … into "F"` writes a relative F. Nil: the current folder.
    public var outputDirectory: String?
    /// `--safe`: a script someone else wrote. `into` and `letters … into` write only inside
    /// the current folder, and templates are read only from the script's folder (see
    /// ``SafeMode`` and Docs/reliability.md).
    public var safeMode = false
    /// The date printed on letters (`letter_date`). Nil: today.
    public var letterDate: Day?
    /// The actions log (actions.csv): read by the casework measures, appended to by
    /// `record` and `letters` runs (Docs/casework.md).
    public var actions = ActionLog.empty
    /// Today, for the actions log (an action is not dated after it). A test sets it.
    public var today: Day = .today
    /// Polled by the evaluator, the runner and the letter run; at the prompt it reads the
    /// Ctrl-C flag. A cancelled statement throws `CancellationError`.
    public var cancellation: Cancellation = .never
    /// A test hook: every statement first waits this long, polling for cancellation, so a
    /// test can press Ctrl-C during a "long query" on a small register. The CLI sets it from
    /// a hidden option (`--test-evaluation-delay-ms`); it is zero otherwise.
    public var evaluationDelay: Duration = .zero
    /// A local authority's or trust's own figures (`--reference FILE`, `reference = FILE` in
    /// school.conf) for `compared with reference`; the DfE's national figures are built in.
    public var reference: ReferenceTable?

    public init(register: Register, asOf: Day? = nil, format: OutputFormat = .table, bands: Bands = .standard) {
        self.register = register
        self.asOfGiven = asOf != nil
        self.asOf = asOf ?? Session.defaultAsOf(for: register)
        self.format = format
        self.bands = bands
    }

    /// Today, or the register's last day when the register ends before today (an export
    /// from a past year is looked at as of its end, and the as-of line says so).
    public static func defaultAsOf(for r: Register, today: Day = Day.today) -> Day {
        guard let last = r.calendar.lastSchoolDay else { return today }
        return min(today, last)
    }

    /// Swaps in a reloaded register (`.reload`), keeping the session's state.
    public func replaceRegister(_ r: Register) {
        register = r
        actions = actions.reindexed(for: r.pupils)
        if !asOfGiven { asOf = Session.defaultAsOf(for: r) }
    }

    /// `--param NAME=VALUE`: the value is read like a literal in a script (`90%`, `10`,
    /// `2026-01-23`, `"10B"`, a bare word).
    public func setParameter(_ name: String, value: String) throws(Diagnostic) {
        if commandLineParameters.contains(name) { throw Diagnostic.repeatedParameter(name) }
        let text = "param \(name) = \(value)"
        guard case .complete(let statements) = Parser.parse(text), statements.count == 1,
              case .param(let p) = statements[0].kind, let v = p.defaultValue else {
            throw Diagnostic.badParameterValue(name, value: value)
        }
        parameters[name] = v
        commandLineParameters.insert(name)
    }

    /// `--param NAME=VALUE` as typed.
    public func setParameter(argument: String) throws(Diagnostic) {
        guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex else { throw Diagnostic.parameterWithoutValue(argument) }
        try setParameter(String(argument[..<eq]), value: String(argument[argument.index(after: eq)...]))
    }

    public var bindingContext: BindingContext {
        var context = BindingContext(register: register, asOf: asOf, cohorts: cohorts, parameters: parameters, bands: bands)
        context.projection = school.projection
        return context
    }

    public var evaluator: Evaluator {
        var e = Evaluator(register: register, asOf: asOf, bands: bands, cancellation: cancellation)
        e.casework = CaseworkData(actions: actions, rules: school.casework)
        e.projection = school.projection
        return e
    }

    /// What running one statement produced.
    public enum Output: Sendable {
        /// Rows to show; `into` set when the statement asks for them in that file instead
        /// (``StatementRunner`` writes it, through ``ResultFileWriter``).
        case result(ResultTable, into: String?)
        /// A line of text (`print`, a setting changed).
        case text(String)
        /// What a `letters using … into …` step wrote (or, with `preview`, the first letter).
        case letters(LetterReport)
        case nothing
    }

    /// Runs one parsed statement. Throws the statement's ``Diagnostic`` (with its caret), or
    /// `CancellationError` when ``cancellation`` stops it.
    public func run(_ s: Statement) throws -> Output {
        switch s.kind {
        case .print(let p):
            let t = try Binder(context: bindingContext, statement: s).text(p.text)
            return .text(t)
        case .param(let p):
            let name = p.name.text
            if commandLineParameters.contains(name) { return .nothing }
            guard let v = p.defaultValue else {
                if parameters[name] != nil { return .nothing }
                throw Diagnostic.missingParameter(name, at: s.site(p.name.span))
            }
            parameters[name] = v
            return .nothing
        case .format(let f):
            guard let fmt = OutputFormat(rawValue: f.name) else {
                throw Diagnostic.unknownFormat(f.name, at: s.site(f.nameSpan))
            }
            format = fmt
            return .nothing
        case .record(let r):
            return try record(r, s)
        case .asOf(let a):
            let d = try Binder(context: bindingContext, statement: s).date(a.date)
            asOf = d
            asOfGiven = true
            return .text("as of \(d.shortEnglish)")
        case .letCohort(let l):
            let bound = try Binder.bind(s, in: bindingContext)
            if register.pupils.index(ofUPN: l.name.text) != nil || Vocabulary.reservedForCohorts.contains(l.name.text.lowercased()) {
                throw Diagnostic.badCohortName(l.name.text, at: s.site(l.name.span))
            }
            let table = try evaluate(bound, s)
            cohorts[l.name.text] = CohortDefinition(list: l.pupils, statement: s)
            return .result(table, into: nil)
        case .explain:
            return .result(try evaluate(try Binder.bind(s, in: bindingContext), s), into: nil)
        case .query(let q):
            let bound = try Binder.bind(s, in: bindingContext)
            var table = try evaluate(bound, s)
            if case .profile = q.body, case .pupils = bound {
                table.notes.append("several pupils match; pick one by UPN: `pupil UPN`")
            }
            if let name = q.comparedWith {
                let c = try Comparison.resolve(name, statement: s, reference: reference, phase: Comparison.phase(school: school, register: register))
                try c.apply(to: &table, bound: bound, statement: s, register: register, at: name)
            }
            if let c = q.chart { table.chart = try Self.chart(c, q, table, s) }
            if let l = q.letters {
                return .letters(try LetterRun(session: self, statement: s, syntax: l, bound: bound, table: table).run())
            }
            if let into = q.into {
                let path = try Binder(context: bindingContext, statement: s).text(into)
                if safeMode { try SafeMode.checkResults(path, at: s.site(into.span)) }
                return .result(table, into: path)
            }
            return .result(table, into: nil)
        }
    }

    /// A file that results are streamed to (the prompt's `.output FILE` and `.once FILE`):
    /// the same rule as `into`, and with `--safe` the same limits (a results file inside
    /// the current folder). Nothing is at `path` until the stream is finished.
    public func openResultsFile(_ path: String, replace: Bool) throws(Diagnostic) -> SafeFileWriter.Stream {
        if safeMode { try SafeMode.checkResults(path) }
        return try SafeFileWriter.Stream(path, replace: replace)
    }

    /// The first letter of a `letters using … into …` statement, as text for the screen,
    /// with nothing written (the REPL's preview). The report's ``LetterReport/preview``
    /// holds the letter; its ``LetterReport/lines`` say whose it is and of how many, and
    /// list any pupils who would be skipped.
    public func previewLetters(_ s: Statement) throws -> LetterReport {
        guard case .query(let q) = s.kind, let l = q.letters else {
            throw Diagnostic.badLetterOption("nothing to preview: the statement writes no letters",
                                             hint: "preview a pupil list with `letters using \"TEMPLATE\" into \"FOLDER\"`", at: s.site(s.span))
        }
        let bound = try Binder.bind(s, in: bindingContext)
        let table = try evaluate(bound, s)
        var run = LetterRun(session: self, statement: s, syntax: l, bound: bound, table: table)
        run.forcePreview = true
        return try run.run()
    }

    func evaluate(_ b: BoundStatement, _ s: Statement) throws(CancellationError) -> ResultTable {
        if evaluationDelay > .zero {
            let clock = ContinuousClock()
            let end = clock.now + evaluationDelay
            while clock.now < end {
                try cancellation.check()
                usleep(10_000)
            }
        }
        return try evaluator.run(b)
    }
}

extension Day {
    /// Today's date in the machine's local time zone.
    public static var today: Day {
        var t = time(nil)
        var parts = tm()
        localtime_r(&t, &parts)
        return Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday)) ?? Day(number: Int32(t / 86400))
    }
}
