#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads actions.csv (`date,upn,action,by,note`) with the register's strictness: its text
/// checked, MIS-style headers matched, UK or ISO dates, quoted fields, every problem listed
/// with file:line:column, and any problem fails the load. A last line with no line end (an
/// append cut short by a crash) is reported (D703) and never read. Actions may be dated
/// before the register starts (a casework history of years), but not after today.
public struct ActionsLoader {
    public let file: FileBytes
    public let pupils: PupilTable
    public let rules: EscalationRules
    public let today: Day

    public init(file: FileBytes, pupils: PupilTable, rules: EscalationRules = .national, today: Day = .today) {
        self.file = file
        self.pupils = pupils
        self.rules = rules
        self.today = today
    }

    /// The columns of actions.csv and the spellings MIS exports use for them.
    static let columns: [(canonical: String, spellings: [String])] = [
        ("date", ["date", "actiondate", "datedone", "eventdate", "dateofaction"]),
        ("upn", ["upn", "uniquepupilnumber", "pupilupn"]),
        ("action", ["action", "actiontype", "type", "event", "intervention", "step"]),
        ("by", ["by", "staff", "recordedby", "who", "staffmember", "actionedby"]),
        ("note", ["note", "notes", "comment", "comments", "detail", "details"]),
    ]

    /// The header attend writes when it creates the file.
    public static let header = "date,upn,action,by,note"

    /// The log, or nil with the problems in `diagnostics`.
    public func load(into diagnostics: inout [Diagnostic]) -> [ActionEntry]? {
        file.withBytes { all -> [ActionEntry]? in
            // A last line without a line end is not read: cut it off and report it.
            var end = all.count
            if end > 0 && all[end - 1] != 0x0A {
                if let nl = all[0..<end].lastIndex(of: 0x0A) {
                    let line = all[0...nl].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                    diagnostics.append(.partialLastLine(file.name, line: line))
                    end = nl + 1
                    // The rest is read for its own problems, but the load fails.
                    _ = read(UnsafeBufferPointer(rebasing: all[0..<end]), diagnostics: &diagnostics)
                    return nil
                }
                // The header alone, without a line end: nothing to half-read.
            }
            return read(UnsafeBufferPointer(rebasing: all[0..<end]), diagnostics: &diagnostics)
        }
    }

    private func read(_ bytes: UnsafeBufferPointer<UInt8>, diagnostics: inout [Diagnostic]) -> [ActionEntry]? {
        guard let opened = CSVScanner.opening(bytes, file: file.name, fullUTF8: true, table: Self.columns,
                                              required: ["date", "upn", "action"], diagnostics: &diagnostics) else { return nil }
        var scanner = opened.scanner
        let h = opened.header
        var entries: [ActionEntry] = []
        var fields: [CSVField] = []
        var failed = false
        let schoolWords = rules.schoolWords.keys.sorted()
        while scanner.next(&fields) {
            let line = scanner.recordLine
            if fields.count == 1 && fields[0].isEmpty { continue }
            let row = CSVRow(scanner, fields, index: h.index)
            func text(_ k: String) -> String { row.text(k) }
            func col(_ k: String) -> Int { row.column(k) }
            func fail(_ d: Diagnostic) { diagnostics.append(d); failed = true }
            let dateText = text("date"), upn = text("upn"), actionText = text("action")
            let date = Day(parsing: dateText)
            if date == nil { fail(.malformedDate(file.name, line: line, column: col("date"), text: dateText)) }
            let pupil = pupils.index(ofUPN: upn) ?? pupils.index(ofUPN: upn.uppercased())
            if pupil == nil { fail(.actionForUnknownPupil(file.name, line: line, column: col("upn"), upn: upn)) }
            let action = ActionKind.named(actionText, schoolWords: rules.schoolWords)
            if action == nil { fail(.unknownAction(file.name, line: line, column: col("action"), text: actionText, schoolWords: schoolWords)) }
            guard let date, let pupil, let action else { continue }
            if date > today { fail(.actionInFuture(file.name, line: line, column: col("date"), date: date, today: today)); continue }
            entries.append(ActionEntry(date: date, pupil: pupil, upn: pupils.upn[pupil], action: action, written: actionText,
                                       by: text("by"), note: text("note"), line: line))
        }
        if let l = scanner.unterminatedQuoteLine { diagnostics.append(.unterminatedQuote(file.name, line: l)); failed = true }
        return failed ? nil : entries
    }
}

extension ActionsLoader {
    /// The actions log at `path`: read and checked when the file exists, else empty (the
    /// first `record` creates it). Either way the path is kept for appends, and recorded as
    /// a register file, so no `into` or letter can write over it.
    public static func log(path: String, pupils: PupilTable, rules: EscalationRules, today: Day = .today) throws(DiagnosticList) -> ActionLog {
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ENOENT { return ActionLog(path: path, loaded: false) }
            throw DiagnosticList([.cannotOpen(path, errno: errno)])
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw DiagnosticList([.actionsOptionFolder(path)]) }
        let file: FileBytes
        do { file = try FileBytes(path: path) } catch { throw DiagnosticList([error]) }
        RegisterFiles.record(path)
        var diagnostics: [Diagnostic] = []
        guard let entries = ActionsLoader(file: file, pupils: pupils, rules: rules, today: today).load(into: &diagnostics) else {
            throw DiagnosticList(diagnostics)
        }
        return ActionLog(entries: entries, path: path, loaded: true)
    }
}
