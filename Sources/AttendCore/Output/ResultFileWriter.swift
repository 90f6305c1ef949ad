#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `into "FILE"`: writes a statement's result to a file, for scripts and the prompt alike.
///
/// The format comes from the file's extension (`.csv`, `.tsv`, `.json`, `.md`, `.txt`,
/// `.xlsx`), else the session's. Text formats are rendered by ``ResultFormatter`` and written
/// by ``SafeFileWriter``. A workbook (``XlsxWorkbook``) is refused over an existing file
/// unless the statement says `replace`; when one run (a script, a prompt session) names the
/// same workbook again, the workbook gains a sheet for each statement instead, rewritten
/// whole each time, so it holds every sheet so far whatever happens later in the run.
public final class ResultFileWriter {
    /// The workbooks this run has written, by the file's resolved path.
    private var workbooks: [String: XlsxWorkbook] = [:]
    /// Names the register in a workbook's title.
    public var registerName: String?

    public init(registerName: String? = nil) {
        self.registerName = registerName
    }

    /// Writes `table` to `path` for statement `statement` (its text names a workbook's sheet);
    /// returns the line to show (`wrote 12 rows to pa.csv`).
    public func write(_ table: ResultTable, to path: String, sessionFormat: OutputFormat, statement: Statement) throws(Diagnostic) -> String {
        let format = OutputFormat(fileExtensionOf: path) ?? sessionFormat
        let rows = table.rows.count
        let wrote = "wrote \(ResultFormatter.rows(rows)) to \(path)"
        guard format == .xlsx else {
            var body = ResultFormatter(format: format, unicode: true).render(table)
            if !body.hasSuffix("\n") { body += "\n" }
            try SafeFileWriter.write(body, to: path, replace: Self.saysReplace(statement))
            return wrote
        }
        let key = Self.identity(of: path)
        let earlier = workbooks[key]
        var book = earlier ?? XlsxWorkbook(title: "Attendance results" + (registerName.map { ": \($0)" } ?? ""))
        let sheet = book.addSheet(table, named: Self.sheetTitle(statement))
        // A workbook this run made is its own to extend; any other needs `replace`.
        try book.write(to: path, replace: earlier != nil || Self.saysReplace(statement))
        workbooks[key] = book
        return wrote + " (sheet \"\(sheet)\")"
    }

    /// `into "x.xlsx" replace`.
    static func saysReplace(_ s: Statement) -> Bool {
        if case .query(let q) = s.kind { return q.intoReplace }
        return false
    }

    /// A sheet's name: the statement without its `into` clause (`rate by year over this term`).
    static func sheetTitle(_ s: Statement) -> String {
        guard case .query(let q) = s.kind, let into = q.into else { return s.text }
        let bytes = Array(s.text.utf8)
        var head = String(decoding: bytes[..<min(into.span.lowerBound, bytes.count)], as: UTF8.self)
        while head.last?.isWhitespace == true { head.removeLast() }
        if head.lowercased().hasSuffix("into") { head.removeLast(4) }
        return head
    }

    /// The same file however it was named (`x.xlsx`, `./x.xlsx`): its folder's real path and
    /// its name.
    static func identity(of path: String) -> String {
        let dir = SafeFileWriter.directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let real = realpath(dir, nil) else { return path }
        defer { free(real) }
        return String(cString: real) + "/" + name
    }
}
