import Testing
@testable import AttendCore

/// The marks fast path's quoting rules, row by row (its quotes have a loop of their own, so
/// that a row without any pays nothing for them): a quoted field is taken when its quotes
/// open the field and close just before its delimiter or line end, and hold no line end or
/// escaped quote (a comma or a space inside is part of the field). Any other row goes to the
/// general reader; both give the same register, messages and lines.
@Suite struct FastPathQuoteTests {
    static let pupils = "upn,forename,surname,year\nA123456789012,Ann,Lee,7\nB123456789012,Bob,Kay,8\n"

    /// Rows of marks.csv (header `upn,date,session,mark,minutes_late,comment`), and whether
    /// the fast path takes each.
    static let rows: [(row: String, fast: Bool)] = [
        ("A123456789012,2025-09-08,AM,/,,", true),
        ("\"A123456789012\",\"2025-09-08\",\"PM\",\"\\\",\"\",\"\"", true),
        ("A123456789012,2025-09-09,AM,L,12,\"late, bus\"", true),
        ("A123456789012,2025-09-09,PM,/,,\" spaced out, and a comment running past two words \"", true),
        ("B123456789012,\"2025-09-08\",AM,\"/\",,\"\"", true),
        (" \"B123456789012\" ,2025-09-08,PM,/,,", false),          // a quote not opening its field
        ("\"B123456789012\"x,2025-09-09,AM,/,,", false),            // text after the closing quote
        ("B123456789012,2025-09-09,PM,/,,\"two\nlines\"", false),   // a line end inside quotes
        ("B123456789012,2025-09-10,AM,/,,\"say \"\"hi\"\"\"", false), // an escaped quote
        ("\"B123456789012\",2025-09-10,PM,O,,\"\"", true),
        ("B123456789012,2025-09-11,AM,/,,", true),                 // its line end within the file's last word
    ]

    static func load(_ marks: String, general: Bool) -> Result<Register, DiagnosticList> {
        let src = RegisterSource(name: "test", pupils: FileBytes(name: "pupils.csv", bytes: Array(pupils.utf8)),
                                 marks: FileBytes(name: "marks.csv", bytes: Array(marks.utf8)), calendar: nil)
        do { return .success(try RegisterLoader.load(src, options: .init(skipBadRows: true, parts: 1, generalReaderOnly: general))) }
        catch { return .failure(error) }
    }

    @Test(arguments: ["\n", "\r\n"])
    func quotedFieldsOnTheFastPath(_ lineEnd: String) throws {
        let marks = (["upn,date,session,mark,minutes_late,comment"] + Self.rows.map(\.row)).joined(separator: lineEnd) + lineEnd
        let fast = Self.load(marks, general: false)
        let general = Self.load(marks, general: true)
        #expect(LoadSummary.full(fast) == LoadSummary.full(general))
        let reg = try fast.get()
        #expect(reg.loadStatistics.generalReaderRows == Self.rows.filter { !$0.fast }.count)
        // The one bad row (its UPN is `"B123456789012"`, quotes and all: not in pupils.csv) is
        // named by its line.
        let text = LoadSummary.rendered(reg.diagnostics)
        #expect(text.contains { $0.hasPrefix("marks.csv:7:1: error[D204]") }, "\(text)")
        #expect(reg.loadStatistics.marks == Self.rows.count - 1)
    }
}

/// ``CSVRow``: the one way the calendar, codes and pupils readers take a field by name or
/// position, as trimmed text, and its column for a message.
@Suite struct CSVRowTests {
    @Test func fieldsByNameAndPosition() {
        let text = "kind,name,start,end\n term ,\"O\"\"Brien\",2025-09-01\nclosure\n"
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { b in
            var scanner = CSVScanner(b)
            var fields: [CSVField] = []
            let index = ["kind": 0, "name": 1, "start": 2, "end": 3]
            _ = scanner.next(&fields)   // the header
            let read = scanner.next(&fields)
            #expect(read)
            let row = CSVRow(scanner, fields, index: index)
            #expect(row.text("kind") == "term")
            #expect(row.column("kind") == 1)
            #expect(row.text("name") == "O\"Brien")
            #expect(row.column("name") == 8)
            #expect(row.text(at: 2) == "2025-09-01")
            #expect(row.column("start") == 19)
            // A column the row lacks, or the file lacks: no field, empty text, column 1.
            #expect(row.field("end") == nil && row.text("end") == "" && row.column("end") == 1)
            #expect(row.field("unknown") == nil && row.text(at: -1) == "" && row.column(at: nil) == 1)
            let readShort = scanner.next(&fields)
            #expect(readShort)
            let short = CSVRow(scanner, fields, index: index)
            #expect(short.text("kind") == "closure" && short.text("start") == "")
        }
    }
}
