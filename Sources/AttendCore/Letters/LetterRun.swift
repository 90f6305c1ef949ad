/// What a `letters` step did: what it wrote where, whom it skipped, or the preview.
public struct LetterReport: Sendable, Equatable {
    /// The folder as the statement named it.
    public var folder: String
    public var output: LetterOptions.Output
    public var format: LetterFormat
    /// The template as read (relative to the script's folder, or the current folder).
    public var template: String
    /// Files written into the folder, in order (letters, then index.csv).
    public var files: [String] = []
    /// Letters written (or mail-merge rows).
    public var letters = 0
    /// Files that were there before and were replaced (`replace`).
    public var replaced = 0
    /// Pupils left out by `skip-missing`, with what each lacked.
    public var skipped: [LetterProblem] = []
    /// `preview`: the first letter as text; nothing was written.
    public var preview: String?
    /// `preview`: whose letter it is (`A880007000025 Grace Ali`), and of how many.
    public var previewPupil: String?
    public var pupils = 0
    /// What happened to the actions log after the letters were written: `letter` rows
    /// appended, or why not (Docs/casework.md). Nil when the session has no actions log.
    public var actionsLog: String?

    /// What a script runner prints (to the notes stream).
    public var lines: [String] {
        var out: [String] = []
        let n = letters
        let s = n == 1 ? "" : "s"
        if preview != nil {
            out.append("preview of the first of \(NumberText.grouped(n)) letter\(s) (\(previewPupil ?? "")); nothing was written")
        } else if n == 0 {
            out.append(pupils == 0 ? "no pupils: no letters written" : "no letters written")
        } else {
            let again = replaced > 0 ? ", \(NumberText.grouped(replaced)) replaced" : ""
            switch output {
            case .files:
                out.append("wrote \(NumberText.grouped(n)) letter\(s) to \(folder) (\(LetterWriter.indexName)\(again))")
            case .merged:
                out.append("wrote \(NumberText.grouped(n)) letter\(s) to \(folder)/\(LetterWriter.mergedName(format)) (\(LetterWriter.indexName)\(again))")
            case .mailmerge:
                out.append("wrote \(NumberText.grouped(n)) row\(s) to \(folder)/\(LetterWriter.mailMergeName)\(replaced > 0 ? " (replaced)" : "")")
            }
        }
        if !skipped.isEmpty {
            let k = skipped.count
            out.append("skipped \(NumberText.grouped(k)) pupil\(k == 1 ? "" : "s") lacking what the letter needs:")
            out += skipped.map { "  " + $0.description }
        }
        if let actionsLog { out.append(actionsLog) }
        return out
    }
}

/// A pupil a letter could not be written for, and why.
public struct LetterProblem: Sendable, Hashable, CustomStringConvertible {
    public var upn: String
    public var name: String
    /// The contact column, when it is empty for this pupil.
    public var noContact: String?
    /// Fields the template prints that are empty for this pupil.
    public var fields: [String]

    public var description: String {
        var why: [String] = []
        if let c = noContact { why.append("no contact (\(c) is empty)") }
        if !fields.isEmpty { why.append("no value for " + fields.joined(separator: ", ")) }
        // By UPN only: messages and logs never carry a pupil's name (Docs/reliability.md).
        return "\(Diagnostic.upnText(upn)): " + why.joined(separator: "; ")
    }
}

/// Runs a `letters` step: the query's result, one letter per pupil.
struct LetterRun {
    let session: Session
    let statement: Statement
    let syntax: LettersSyntax
    let bound: BoundStatement
    let table: ResultTable
    var forcePreview = false

    var site: DiagnosticSite { statement.site(syntax.span) }

    /// Throws a ``Diagnostic``, or `CancellationError` when the person stops it (Ctrl-C)
    /// before anything is written; once writing has begun it finishes (all or nothing).
    func run() throws -> LetterReport {
        var options = try LetterOptions.read(syntax.options, statement: statement)
        if forcePreview {
            guard options.output != .mailmerge else {
                throw Diagnostic.badLetterOption("`mailmerge` writes no letters to preview", hint: "preview the statement without `mailmerge`", at: site)
            }
            options.preview = true
        }
        let binder = Binder(context: session.bindingContext, statement: statement)
        let templateText = try binder.text(syntax.template)
        let folderText = try binder.text(syntax.folder)
        guard !folderText.trimmingSpaces().isEmpty else {
            throw Diagnostic.badLetterOption("the letters folder is empty", hint: "name a folder: into \"letters/2026-03\"", at: statement.site(syntax.folder.span))
        }
        let templatePath = Self.join(session.scriptDirectory, templateText)
        let folderPath = Self.join(session.outputDirectory, folderText)
        var confinedTo: String? = nil
        if session.safeMode {
            try SafeMode.checkTemplate(templateText, root: session.scriptDirectory, at: statement.site(syntax.template.span))
            if !options.preview && !forcePreview {
                try SafeMode.checkLettersFolder(folderText, root: session.outputDirectory, at: statement.site(syntax.folder.span))
            }
            confinedTo = session.scriptDirectory ?? "."
        }

        let template = try LetterTemplate.load(path: templatePath, format: options.format, site: site, confinedTo: confinedTo)
        let contact = try contactAttribute(options)

        // The measures the query computed, and the window of the standard fields.
        var items: [String: BoundItem] = [:]
        if case .pupils(_, let columns, _, let sort, _) = bound {
            for c in columns { items[c.heading] = c }
            for k in sort { if let i = k.item, items[i.heading] == nil { items[i.heading] = i } }
        }
        var window: BoundWindow?
        for c in table.columns { if let w = items[c.name]?.expr.window { window = w; break } }
        let letterWindow: BoundWindow
        if let window { letterWindow = window } else { letterWindow = try binder.window(nil, defaultFor: syntax.span) }

        let builder = LetterFieldBuilder(register: session.register, evaluator: session.evaluator, school: session.school, table: table,
                                         items: items, window: letterWindow, letterDate: options.date ?? session.letterDate ?? Day.today,
                                         improvementWeeks: options.improvementWeeks, contact: contact)
        let catalogue = builder.catalogue()
        let usage = try template.check(catalogue, site: site)
        let absent = builder.absentColumns
        for (field, at) in usage.required.sorted(by: { ($0.value.file, $0.value.line, $0.value.column) < ($1.value.file, $1.value.line, $1.value.column) })
        where absent.contains(field) {
            let column = PupilSchema.columns.first { $0.name == field || LetterFieldBuilder.twinFields($0).contains(field) }?.name ?? field
            throw Diagnostic.unknownLetterField(field, template: at.file, line: at.line, column: at.column,
                                                why: "pupils.csv has no `\(column)` column",
                                                suggestion: "print it only where it is set: {{#\(field)}}…{{/\(field)}}", at: site)
        }
        for (field, at) in usage.required.sorted(by: { ($0.value.file, $0.value.line, $0.value.column) < ($1.value.file, $1.value.line, $1.value.column) }) {
            guard let key = catalogue.schoolKeys[field], session.school.value(key).isEmpty else { continue }
            throw Diagnostic.schoolSettingMissing(key, field: field, template: at.file, line: at.line, column: at.column,
                                                  settingsFile: session.school.file, at: site)
        }

        let records = try builder.records()
        var report = LetterReport(folder: folderText, output: options.output, format: template.format, template: templatePath)
        report.pupils = records.count

        // Render every letter first: a pupil lacking a contact or a field is found before
        // anything is written.
        let t = session.register.pupils
        let contactName = contact.description
        var rendered: [(record: LetterRecord, text: String)] = []
        var problems: [LetterProblem] = []
        for (k, r) in records.enumerated() {
            if k % 256 == 0 { try session.cancellation.check() }
            var (text, missing) = template.render(r, usage: usage)
            let noContact = r.contact.isEmpty ? contactName : nil
            if noContact != nil { missing.removeAll { $0 == "contact" } }
            if noContact != nil || !missing.isEmpty {
                let name = [t.forename[r.pupil], t.surname[r.pupil]].filter { !$0.isEmpty }.joined(separator: " ")
                problems.append(LetterProblem(upn: t.upn[r.pupil], name: name, noContact: noContact, fields: missing))
                continue
            }
            rendered.append((r, text))
        }
        if !problems.isEmpty {
            guard options.skipMissing else { throw Diagnostic.pupilsLackFields(problems, total: records.count, at: site) }
            report.skipped = problems
        }
        report.letters = rendered.count

        if options.preview {
            if let first = rendered.first {
                report.preview = LetterText.plain(first.text, format: template.format)
                let p = first.record.pupil
                report.previewPupil = "\(t.upn[p]) \([t.forename[p], t.surname[p]].filter { !$0.isEmpty }.joined(separator: " "))"
            } else {
                report.preview = ""
                report.previewPupil = "no letter to show"
            }
            return report
        }
        guard !rendered.isEmpty else { return report }

        // The last moment to stop with nothing written: a log the letters could not be
        // recorded in (a cut-short last line, a folder in its place) stops the run now.
        if options.output != .mailmerge && !session.safeMode, let log = session.actions.path { try ActionLogAppender.check(log) }
        try session.cancellation.check()
        let writer = LetterWriter(shownFolder: folderText, folder: folderPath, replace: options.replace)
        var files: [LetterWriter.File] = []
        switch options.output {
        case .files, .merged:
            let names: [String]
            if options.output == .files {
                names = LetterWriter.unique(rendered.map { LetterWriter.fileName(surname: t.surname[$0.record.pupil], forename: t.forename[$0.record.pupil],
                                                                                upn: t.upn[$0.record.pupil], format: template.format) })
                for (k, r) in rendered.enumerated() { files.append(.init(name: names[k], contents: r.text)) }
            } else {
                let merged = LetterWriter.mergedName(template.format)
                names = Array(repeating: merged, count: rendered.count)
                files.append(.init(name: merged, contents: LetterWriter.merge(rendered.map(\.text), format: template.format)))
            }
            files.append(.init(name: LetterWriter.indexName, contents: index(rendered.map(\.record), names: names, builder: builder)))
        case .mailmerge:
            files.append(.init(name: LetterWriter.mailMergeName, contents: mailMerge(rendered.map(\.record), catalogue: catalogue)))
        }
        report.replaced = try writer.write(files, site: site)
        report.files = files.map(\.name)
        // Only now, with every letter safely in place: one `letter` row per letter.
        if options.output != .mailmerge, let log = session.actions.path {
            if session.safeMode {
                report.actionsLog = "the actions log \(log) was not appended to (--safe writes nothing outside the results): record the letters without --safe"
            } else {
                try session.recordLetters(pupils: rendered.map(\.record.pupil), template: templateText, date: session.letterDate ?? session.today)
                report.actionsLog = "appended \(NumberText.grouped(rendered.count)) `letter` row\(rendered.count == 1 ? "" : "s") to \(log)"
            }
        }
        return report
    }

    /// `dir/path`, or `path` when it is absolute or there is no folder.
    static func join(_ dir: String?, _ path: String) -> String {
        guard let dir, !dir.isEmpty, dir != ".", !path.hasPrefix("/") else { return path }
        return dir.hasSuffix("/") ? dir + path : dir + "/" + path
    }

    /// The column naming whom each letter is addressed to: `contact = COLUMN`, else the
    /// first of contact_name, parent_name, contact that pupils.csv has.
    func contactAttribute(_ options: LetterOptions) throws(Diagnostic) -> PupilAttribute {
        let binder = Binder(context: session.bindingContext, statement: statement)
        if let name = options.contactColumn {
            let span = syntax.options.first { $0.name.text.lowercased() == "contact" }?.value?.span ?? syntax.span
            let a = try binder.attribute(NameSyntax(text: name, quoted: false, span: span))
            if case .column(let c) = a, !session.register.pupils.has(c) { throw Diagnostic.columnNotInRegister(c.name, at: statement.site(span)) }
            return a
        }
        let t = session.register.pupils
        for wanted in ["contact_name", "parent_name", "parent_carer_name", "contact"] {
            if let c = PupilSchema.column(named: wanted), t.has(c) { return .column(c) }
            if let i = t.extraColumns.firstIndex(where: { $0.name == wanted }) { return .extra(index: i, name: t.extraColumns[i].name) }
        }
        throw Diagnostic.noContactColumn(columns: session.register.pupils.attributeNames, at: site)
    }

    /// index.csv: one row per letter written.
    func index(_ records: [LetterRecord], names: [String], builder: LetterFieldBuilder) -> String {
        let measures = builder.measureColumns
        var cols: [ResultTable.Column] = ["letter", "file", "upn", "surname", "forename", "year", "form", "contact", "period", "rate", "band"].map { .init($0, .text) }
        cols += measures.map { .init(table.columns[$0.index].name, .text) }
        var rows: [[Value]] = []
        let rowOf = Dictionary(uniqueKeysWithValues: (table.pupils ?? []).enumerated().map { ($1, $0) })
        for (k, r) in records.enumerated() {
            func f(_ n: String) -> Value { .text(r.fields[n]?.text ?? "") }
            var row: [Value] = [.text(String(k + 1)), .text(names[k]), f("upn"), f("surname"), f("forename"), f("year"), f("form"), f("contact"), f("period"), f("rate"), f("band")]
            if let i = rowOf[r.pupil] {
                row += measures.map {
                    // Figures stay numbers (never neutralised as text: `-2.5` is a change).
                    let shown = ResultFormatter.display(table.rows[i][$0.index], table.columns[$0.index].kind)
                    return SpreadsheetCell.number(fromText: shown) ?? .text(shown)
                }
            } else {
                row += measures.map { _ in .empty }
            }
            rows.append(row)
        }
        return csv(ResultTable(columns: cols, rows: rows))
    }

    /// mailmerge.csv: every field that is not a list, one row per pupil.
    func mailMerge(_ records: [LetterRecord], catalogue: LetterFieldCatalogue) -> String {
        let names = catalogue.names.filter { catalogue.itemKeys($0) == nil }
        let rows: [[Value]] = records.map { r in
            names.map { n in
                switch r.fields[n] {
                case .text(let s): return SpreadsheetCell.number(fromText: s) ?? .text(s)
                case .flag(let b): return .text(b ? "yes" : "no")
                default: return .empty
                }
            }
        }
        return csv(ResultTable(columns: names.map { .init($0, .text) }, rows: rows))
    }

    func csv(_ t: ResultTable) -> String {
        var body = ResultFormatter(format: .csv).render(t)
        if !body.hasSuffix("\n") { body += "\n" }
        return body
    }
}
