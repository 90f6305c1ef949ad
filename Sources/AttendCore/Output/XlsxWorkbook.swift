internal import CXlsxWriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An Excel workbook of results (`into "x.xlsx"`), written through libxlsxwriter: one sheet
/// per result, typed cells, a frozen bold header row with filters, column widths from the
/// content, the result's notes below it, and a print setup (A4, one page wide, the header on
/// every page) (Docs/spreadsheets.md).
///
/// Cells take their type from the column's ``ResultTable/Column/Kind`` and the value:
/// counts and numbers are numbers, rates are stored as fractions (92.5 → 0.925) shown `0.0%`,
/// dates are Excel dates (serial day numbers) shown `dd/mm/yyyy`, and text is a string. Every
/// text cell is written with `worksheet_write_string` (a shared string, never a formula) and
/// styled as Text (`@`), so that a hostile `=HYPERLINK(…)` from a register file stays text even
/// when someone edits the cell in Excel. Nothing here can create a formula.
///
/// The file holds pupil data: libxlsxwriter builds it in a private scratch folder beside the
/// target (mode 0700), and ``SafeFileWriter`` puts the bytes in place (0600, temporary name,
/// renamed; an existing file only with `replace`). A failure leaves no file behind.
public struct XlsxWorkbook: Sendable {
    public struct Sheet: Sendable {
        public var name: String
        public var table: ResultTable
    }

    public private(set) var sheets: [Sheet] = []
    /// The workbook's title property (no pupil names: the register's name at most).
    public var title: String

    public init(title: String) {
        self.title = title
    }

    /// Adds a sheet for `table`, named from `name` (a statement's text) made valid and unique.
    /// Returns the name given.
    @discardableResult
    public mutating func addSheet(_ table: ResultTable, named name: String) -> String {
        let n = Self.sheetName(name, taken: sheets.map(\.name))
        sheets.append(Sheet(name: n, table: table))
        return n
    }

    // MARK: Sheet names

    /// Excel's limit on a sheet name, in characters.
    static let maxSheetName = 31

    /// A valid sheet name from free text: no `[]:*?/\` or control characters, whitespace
    /// collapsed, no leading or trailing apostrophe, at most 31 characters (cut at a word
    /// where one ends late enough), not `History`
    /// (reserved by Excel), and different (ignoring case) from every name in `taken`: a
    /// repeat gets ` (2)`, ` (3)`, … within the 31 characters.
    public static func sheetName(_ text: String, taken: [String]) -> String {
        var cleaned = ""
        var space = false
        for u in text.unicodeScalars {
            let bad = "[]:*?/\\".unicodeScalars.contains(u) || DiagnosticRenderer.isControl(u.value) || u.properties.isWhitespace
            if bad {
                space = !cleaned.isEmpty
                continue
            }
            if space { cleaned.unicodeScalars.append(" ") }
            space = false
            cleaned.unicodeScalars.append(u)
        }
        func trimmed(_ s: String) -> String {
            var scalars = Array(s.unicodeScalars)
            while let f = scalars.first, f == "'" || f == " " { scalars.removeFirst() }
            while let l = scalars.last, l == "'" || l == " " { scalars.removeLast() }
            return String(String.UnicodeScalarView(scalars))
        }
        // Cut at a word when one ends in the last half of the room, else mid-word.
        func clipped(_ s: String, _ limit: Int) -> String {
            let scalars = Array(s.unicodeScalars)
            guard scalars.count > limit else { return s }
            var cut = limit
            if let space = scalars[..<(limit + 1)].lastIndex(of: " "), space >= limit / 2 { cut = space }
            return trimmed(String(String.UnicodeScalarView(scalars[..<cut])))
        }
        var base = clipped(trimmed(cleaned), maxSheetName)
        if base.isEmpty || base.lowercased() == "history" { base = base.isEmpty ? "Results" : "History results" }
        let lowered = Set(taken.map { $0.lowercased() })
        if !lowered.contains(base.lowercased()) { return base }
        var k = 2
        while true {
            let suffix = " (\(k))"
            let candidate = clipped(base, maxSheetName - suffix.unicodeScalars.count) + suffix
            if !lowered.contains(candidate.lowercased()) { return candidate }
            k += 1
        }
    }

    // MARK: Writing

    /// Writes the workbook to `path`: built in a scratch folder beside it, then put in place
    /// by ``SafeFileWriter`` (0600; an existing file is refused unless `replace`).
    public func write(to path: String, replace: Bool) throws(Diagnostic) {
        // The one rule for every write, before the work of building the file.
        try SafeFileWriter.check(path, replace: replace)
        let bytes = try build(beside: path)
        try SafeFileWriter.write(bytes, to: path, replace: replace)
    }

    /// The workbook's bytes. libxlsxwriter writes only to a named file, so it writes into a
    /// private folder made next to `path` (same disk, owner-only), which is removed again.
    func build(beside path: String) throws(Diagnostic) -> [UInt8] {
        let dir = SafeFileWriter.directory(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? path
        var template = Array("\(dir)/.\(base).build-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw Diagnostic.cannotWrite(path, reason: String(cString: strerror(errno)))
        }
        let scratch = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let file = scratch + "/workbook.xlsx"
        defer {
            unlink(file)
            rmdir(scratch)
        }
        if let failure = assemble(file: file, scratch: scratch) {
            throw Diagnostic.workbookFailed(path, reason: failure)
        }
        let bytes = try FileBytes(path: file, name: path)
        return bytes.withBytes { Array($0) }
    }

    /// Builds the workbook at `file`; the library's error message, or nil.
    private func assemble(file: String, scratch: String) -> String? {
        let failed: String? = scratch.withCString { tmp -> String? in
            var options = lxw_workbook_options(constant_memory: 0, tmpdir: UnsafeMutablePointer(mutating: tmp), use_zip64: 0)
            guard let wb = workbook_new_opt(file, &options) else { return "the library could not start a workbook" }
            var error: lxw_error = LXW_NO_ERROR
            let formats = Formats(wb)
            var properties = Strings()
            var doc = lxw_doc_properties()
            doc.title = properties.keep(title)
            doc.subject = properties.keep("Attendance results")
            doc.author = properties.keep("attend")
            doc.comments = properties.keep("Pupil data: keep it as your school's data protection policy says.")
            error = workbook_set_properties(wb, &doc)
            for sheet in sheets where error == LXW_NO_ERROR {
                guard let ws = workbook_add_worksheet(wb, sheet.name) else {
                    error = LXW_ERROR_SHEETNAME_ALREADY_USED
                    break
                }
                error = fill(ws, sheet.table, formats)
            }
            // workbook_close frees the workbook whatever it returns; it writes the file. When
            // writing fails the system's reason (a full disk) says more than the library's.
            errno = 0
            let closed = workbook_close(wb)
            let systemError = errno
            properties.release()
            if error == LXW_NO_ERROR && closed != LXW_NO_ERROR {
                return systemError != 0 ? String(cString: strerror(systemError)) : String(cString: lxw_strerror(closed))
            }
            return error == LXW_NO_ERROR ? nil : String(cString: lxw_strerror(error))
        }
        if failed != nil { unlink(file) }
        return failed
    }

    /// The cell formats of one workbook.
    private struct Formats {
        let header, percent, number, date, text: UnsafeMutablePointer<lxw_format>?
        init(_ wb: UnsafeMutablePointer<lxw_workbook>) {
            header = workbook_add_format(wb)
            format_set_bold(header)
            percent = workbook_add_format(wb)
            format_set_num_format(percent, "0.0%")
            number = workbook_add_format(wb)
            format_set_num_format(number, "0.0")
            date = workbook_add_format(wb)
            format_set_num_format(date, "dd/mm/yyyy")
            text = workbook_add_format(wb)
            format_set_num_format_index(text, 49)   // Excel's built-in Text format, `@`
        }
    }

    /// Excel's longest cell text.
    static let maxCellText = 32_767
    /// Column widths (in characters) are kept between these.
    static let widthRange = 6.0...60.0

    /// One result on one sheet: header row, rows, then the result's notes below a blank row.
    private func fill(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ t: ResultTable, _ f: Formats) -> lxw_error {
        var widths = t.columns.map { Double($0.name.count) }
        func put(_ e: lxw_error) -> Bool { e == LXW_NO_ERROR }
        func text(_ row: Int, _ col: Int, _ s: String, _ format: UnsafeMutablePointer<lxw_format>?) -> lxw_error {
            let clipped = s.utf8.count > Self.maxCellText && s.unicodeScalars.count > Self.maxCellText
                ? String(String.UnicodeScalarView(s.unicodeScalars.prefix(Self.maxCellText))) : s
            return worksheet_write_string(ws, lxw_row_t(row), lxw_col_t(col), clipped, format)
        }
        for (c, column) in t.columns.enumerated() {
            let e = text(0, c, column.name, f.header)
            if !put(e) { return e }
        }
        for (r, values) in t.rows.enumerated() {
            let row = lxw_row_t(r + 1)
            for (c, v) in values.enumerated() where c < t.columns.count {
                let kind = t.columns[c].kind
                let e: lxw_error
                switch v {
                case .empty:
                    continue
                case .text(let s):
                    e = text(r + 1, c, s, f.text)
                case .date(let d):
                    e = worksheet_write_number(ws, row, lxw_col_t(c), Self.excelSerial(d), f.date)
                case .integer, .number:
                    let x = v.number!
                    guard x.isFinite else { continue }
                    switch kind {
                    case .percent: e = worksheet_write_number(ws, row, lxw_col_t(c), x / 100, f.percent)
                    case .integer: e = worksheet_write_number(ws, row, lxw_col_t(c), x, nil)
                    default:
                        if case .integer = v { e = worksheet_write_number(ws, row, lxw_col_t(c), x, nil) }
                        else { e = worksheet_write_number(ws, row, lxw_col_t(c), x, f.number) }
                    }
                }
                if !put(e) { return e }
                widths[c] = max(widths[c], Double(Self.shownWidth(v, kind)))
            }
        }
        // The result's own lines (its as-of date, what it counts, totals) below the table.
        var r = t.rows.count + 2
        let asOf = t.asOf.map { ["as of \($0.shortEnglish) (\($0.iso))"] } ?? []
        for line in asOf + t.header + t.footer where !line.isEmpty {
            let e = text(r, 0, line, f.text)
            if !put(e) { return e }
            r += 1
        }
        for (c, w) in widths.enumerated() {
            let e = worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), min(max(w + 2, Self.widthRange.lowerBound), Self.widthRange.upperBound), nil)
            if !put(e) { return e }
        }
        // Printed: A4, one page wide, the header row on every page, landscape when wide.
        worksheet_set_paper(ws, 9)
        worksheet_fit_to_pages(ws, 1, 0)
        if t.columns.count > 6 { worksheet_set_landscape(ws) }
        if !t.columns.isEmpty {
            let repeated = worksheet_repeat_rows(ws, 0, 0)
            if !put(repeated) { return repeated }
            worksheet_freeze_panes(ws, 1, 0)
            let e = worksheet_autofilter(ws, 0, 0, lxw_row_t(t.rows.count), lxw_col_t(t.columns.count - 1))
            if !put(e) { return e }
        }
        return LXW_NO_ERROR
    }

    /// Characters a value takes on screen in Excel, for the column width: cheap estimates
    /// (a workbook of 100,000 pupils asks this 800,000 times).
    static func shownWidth(_ v: Value, _ kind: ResultTable.Column.Kind) -> Int {
        switch v {
        case .empty: return 0
        case .date: return 10
        case .text(let s): return s.utf8.count > Int(widthRange.upperBound) ? Int(widthRange.upperBound) : s.unicodeScalars.count
        case .integer(let i): return kind == .percent ? digits(i) + 3 : digits(i)   // 92 → "92.0%"
        case .number(let x):
            guard x.isFinite, abs(x) < 1e15 else { return 12 }
            return digits(Int(x)) + (kind == .percent ? 3 : 2)   // 92.5 → "92.5%", 3.25 → "3.3"
        }
    }

    /// Characters in a whole number written out (with its minus sign).
    static func digits(_ i: Int) -> Int {
        var n = i == 0 ? 1 : 0, v = i
        if v < 0 { n += 1 }
        while v != 0 { n += 1; v /= 10 }
        return n
    }

    /// Excel's serial day number for a date (1900 date system: 1 = 1 Jan 1900, with Excel's
    /// phantom 29 Feb 1900, so day 25,569 is 1 Jan 1970; right from 1 Mar 1900, and a
    /// ``Day`` is never before 1900).
    static func excelSerial(_ d: Day) -> Double { Double(Int(d.number) + 25_569) }

    /// C strings kept alive while the library holds pointers to them.
    private struct Strings {
        private var held: [UnsafeMutablePointer<CChar>] = []
        mutating func keep(_ s: String) -> UnsafeMutablePointer<CChar>? {
            guard let p = strdup(s) else { return nil }
            held.append(p)
            return p
        }
        mutating func release() {
            held.forEach { free($0) }
            held = []
        }
    }
}
