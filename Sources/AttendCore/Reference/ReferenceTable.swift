/// Published figures to compare a school with: the DfE's national figures (built in, from
/// `Reference/national.csv`), or a local authority's or trust's own in the same CSV shape
/// (`--reference FILE`, `reference = FILE` in school.conf). Docs/language.md, "Compared
/// with national".
///
///     area,year,period,series,phase,measure,value,publication,url
///     England,2023/24,autumn,census,all,overall,6.7,"Pupil absence in schools in England, …",https://…
///
/// `period` is `autumn`, `spring`, `summer` or `year`; `series` `census` or `daily`;
/// `phase` `all`, `primary`, `secondary` or `special`; `measure` `overall`, `authorised`,
/// `unauthorised`, `illness` (absence rates, % of possible sessions), `persistent` or
/// `severe` (% of pupils); `value` a percentage without the sign. The file is read
/// strictly: any bad row stops it, named by file:line.
public struct ReferenceTable: Sendable, Hashable {
    public struct Figure: Sendable, Hashable {
        public var area: String
        /// The academic year's first calendar year: 2023 for 2023/24.
        public var year: Int
        public var period: String
        public var series: String
        public var phase: String
        public var measure: String
        public var value: Double
        public var publication: String
        public var url: String
        /// Where the row was read (file:line), for notes.
        public var line: Int

        /// `Autumn term 2023/24`, `2023/24`.
        public var periodText: String {
            period == "year" ? "full year \(Period.yearLabel(year))" : "\(period.prefix(1).uppercased())\(period.dropFirst()) term \(Period.yearLabel(year))"
        }
    }

    public static let columns = ["area", "year", "period", "series", "phase", "measure", "value", "publication", "url"]
    public static let periods = ["autumn", "spring", "summer", "year"]
    public static let seriesNames = ["census", "daily"]
    public static let phases = ["all", "primary", "secondary", "special"]
    public static let measures = ["overall", "authorised", "unauthorised", "illness", "persistent", "severe"]

    public var figures: [Figure]
    /// The file it came from (`Reference/national.csv` for the built-in table).
    public var file: String

    /// The DfE's national figures, from `Reference/national.csv` (a copy is compiled in:
    /// ``NationalFigures/csv``; a test checks the two are the same).
    public static let national: ReferenceTable = {
        // The built-in text is checked by the tests; it cannot fail here.
        (try? parse(NationalFigures.csv, file: "Reference/national.csv")) ?? ReferenceTable(figures: [], file: "Reference/national.csv")
    }()

    /// The areas the table has figures for, in file order.
    public var areas: [String] {
        var seen: [String] = []
        for f in figures where !seen.contains(where: { $0.lowercased() == f.area.lowercased() }) { seen.append(f.area) }
        return seen
    }

    /// Reads a reference file strictly: every problem is listed, each at file:line.
    public static func load(path: String) throws(DiagnosticList) -> ReferenceTable {
        let bytes: FileBytes
        do { bytes = try FileBytes(path: path) } catch { throw DiagnosticList([error]) }
        guard let text = bytes.withBytes({ String(validating: $0, as: UTF8.self) }) else {
            throw DiagnosticList([.notUTF8(path, saveAs: "the reference figures")])
        }
        return try parse(text, file: path)
    }

    /// Parses the CSV text of a reference table.
    public static func parse(_ text: String, file: String) throws(DiagnosticList) -> ReferenceTable {
        var problems: [Diagnostic] = []
        var figures: [Figure] = []
        var utf8 = Array(text.utf8)
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
        utf8.withUnsafeBufferPointer { buf in
            var scanner = CSVScanner(buf)
            var fields: [CSVField] = []
            var header: [String]?
            var seen: [String: Int] = [:]
            while scanner.next(&fields) {
                let line = scanner.recordLine
                let cells = fields.map { scanner.trimmedString($0) }
                if cells.allSatisfy(\.isEmpty) { continue }
                guard let h = header else {
                    let names = cells.map { $0.lowercased() }
                    if names != columns {
                        problems.append(.referenceHeader(file, found: cells))
                        return
                    }
                    header = names
                    continue
                }
                _ = h
                guard cells.count == columns.count else {
                    problems.append(.referenceFieldCount(file, line: line, found: cells.count, expected: columns.count))
                    continue
                }
                func bad(_ column: String, _ why: String) { problems.append(.referenceBadField(file, line: line, column: column, value: cells[columns.firstIndex(of: column)!], why: why)) }
                let area = cells[0]
                if area.isEmpty { bad("area", "an area's name, such as England"); continue }
                guard let year = yearStart(cells[1]) else { bad("year", "an academic year such as 2023/24"); continue }
                let period = cells[2].lowercased(), series = cells[3].lowercased(), phase = cells[4].lowercased(), measure = cells[5].lowercased()
                guard periods.contains(period) else { bad("period", "one of \(periods.joined(separator: ", "))"); continue }
                guard seriesNames.contains(series) else { bad("series", "one of \(seriesNames.joined(separator: ", "))"); continue }
                guard phases.contains(phase) else { bad("phase", "one of \(phases.joined(separator: ", "))"); continue }
                guard measures.contains(measure) else { bad("measure", "one of \(measures.joined(separator: ", "))"); continue }
                let v = cells[6].hasSuffix("%") ? String(cells[6].dropLast()) : cells[6]
                guard let value = Double(v), value.isFinite, value >= 0, value <= 100 else { bad("value", "a percentage from 0 to 100, such as 6.7"); continue }
                if cells[7].isEmpty { bad("publication", "the publication the figure was taken from"); continue }
                let key = [area.lowercased(), String(year), period, series, phase, measure].joined(separator: "|")
                if let first = seen[key] {
                    problems.append(.referenceDuplicate(file, line: line, firstLine: first))
                    continue
                }
                seen[key] = line
                figures.append(Figure(area: area, year: year, period: period, series: series, phase: phase, measure: measure,
                                      value: value, publication: cells[7], url: cells[8], line: line))
            }
            if header == nil && problems.isEmpty { problems.append(.referenceHeader(file, found: [])) }
            if let l = scanner.unterminatedQuoteLine { problems.append(.referenceUnterminatedQuote(file, line: l)) }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return ReferenceTable(figures: figures, file: file)
    }

    /// `2023/24` or `2023-24` → 2023.
    static func yearStart(_ s: String) -> Int? {
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "-" })
        guard parts.count == 2, parts[0].count == 4, let a = Int(parts[0]), let b = Int(parts[1]),
              a >= 1990, a <= 2100, (a + 1) % 100 == b % 100 else { return nil }
        return a
    }
}
