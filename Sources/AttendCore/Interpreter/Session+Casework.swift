/// `record ACTION for UPN on DATE by "WHO" [note "…"]`: one row appended to the actions
/// log (``ActionLogAppender``), and the loaded log sees it at once.
extension Session {
    func record(_ r: RecordSyntax, _ s: Statement) throws -> Output {
        let b = Binder(context: bindingContext, statement: s)
        guard let action = ActionKind.named(r.action, schoolWords: school.casework.schoolWords) else {
            throw Diagnostic.expectedAction(found: "`\(Diagnostic.clip(r.action))`", at: s.site(r.actionSpan))
        }
        let upn = try b.text(r.upn).trimmingSpaces()
        guard let pupil = register.pupils.index(ofUPN: upn) ?? register.pupils.index(ofUPN: upn.uppercased()) else {
            throw Diagnostic.unknownUPN(upn, at: s.site(r.upn.span))
        }
        let date = try b.date(r.date)
        if date > today { throw Diagnostic.recordInFuture(date, today: today, at: s.site(r.date.span)) }
        let by = try b.text(r.by)
        let note = try r.note.map { n throws(Diagnostic) in try b.text(n) } ?? ""
        if by.contains(where: \.isNewline) { throw Diagnostic.recordTextLineBreak("`by` text", at: s.site(r.by.span)) }
        if let n = r.note, note.contains(where: \.isNewline) { throw Diagnostic.recordTextLineBreak("note", at: s.site(n.span)) }
        if safeMode { throw Diagnostic.appendRefusedSafe("`record`", at: s.site(s.span)) }
        guard let path = actions.path else { throw Diagnostic.noActionLog(at: s.site(s.span)) }
        let written = ActionKind(rawValue: ActionKind.normalized(r.action)) != nil ? action.rawValue : r.action
        let entry = ActionEntry(date: date, pupil: pupil, upn: register.pupils.upn[pupil], action: action, written: written, by: by, note: note)
        try ActionLogAppender.append([entry], to: path)
        actions = actions.adding(entry)
        return .text("recorded \(action.rawValue) for \(entry.upn) on \(date.shortEnglish) in \(path)")
    }

    /// After a `letters` run has written its letters: one `letter` row per letter (the
    /// template's name in the note), dated `date`. Nothing when the run wrote no letters
    /// or the session has no actions log.
    func recordLetters(pupils: [Int], template: String, date: Day) throws(Diagnostic) {
        guard !pupils.isEmpty, let path = actions.path else { return }
        let name = template.split(separator: "/").last.map(String.init) ?? template
        let rows = pupils.map { p in
            ActionEntry(date: date, pupil: p, upn: register.pupils.upn[p], action: .letter, by: school.value("attendance_lead"), note: name)
        }
        try ActionLogAppender.append(rows, to: path)
        for r in rows { actions = actions.adding(r) }
    }
}

extension Session {
    /// `.reload`: the actions log read again from its file (another person may have recorded
    /// since), against the reloaded register. A log that fails to load throws, listing why.
    public func reloadActions() throws(DiagnosticList) {
        guard let path = actions.path else { return }
        actions = try ActionsLoader.log(path: path, pupils: register.pupils, rules: school.casework, today: today)
    }
}
