/// One row of calendar.csv.
public struct CalendarEntry: Sendable, Hashable {
    public enum Kind: String, Sendable { case term, halfTerm = "half-term", closure }
    public let kind: Kind
    public let name: String
    public let start: Day
    public let end: Day
    public let line: Int
}

/// Reads calendar.csv (`kind,name,start,end`, dates inclusive).
struct CalendarLoader {
    let file: FileBytes

    func load(into diagnostics: inout [Diagnostic]) -> [CalendarEntry]? {
        file.withBytes { bytes -> [CalendarEntry]? in
            guard let opened = CSVScanner.opening(bytes, file: file.name, fullUTF8: true, table: HeaderMatching.calendarColumns,
                                                  required: ["kind", "start", "end"], diagnostics: &diagnostics) else { return nil }
            var scanner = opened.scanner
            let h = opened.header
            var entries: [CalendarEntry] = []
            var fields: [CSVField] = []
            var failed = false
            while scanner.next(&fields) {
                let line = scanner.recordLine
                if fields.count == 1 && fields[0].isEmpty { continue }
                let row = CSVRow(scanner, fields, index: h.index)
                let kindText = row.text("kind")
                let kind: CalendarEntry.Kind?
                switch HeaderMatching.normalized(kindText) {
                case "term": kind = .term
                case "halfterm": kind = .halfTerm
                case "closure", "inset", "holiday", "closed": kind = .closure
                default: kind = nil
                }
                if kind == nil { diagnostics.append(.badCalendarKind(file.name, line: line, column: row.column("kind"), text: kindText)) }
                let start = Day(parsing: row.text("start")), end = Day(parsing: row.text("end"))
                if start == nil { diagnostics.append(.malformedDate(file.name, line: line, column: row.column("start"), text: row.text("start"))) }
                if end == nil { diagnostics.append(.malformedDate(file.name, line: line, column: row.column("end"), text: row.text("end"))) }
                guard let kind, let start, let end else { failed = true; continue }
                if end < start { diagnostics.append(.calendarRange(file.name, line: line)); failed = true; continue }
                entries.append(CalendarEntry(kind: kind, name: row.text("name"), start: start, end: end, line: line))
            }
            if let l = scanner.unterminatedQuoteLine { diagnostics.append(.unterminatedQuote(file.name, line: l)); failed = true }
            // Terms must not overlap each other; nor half-terms.
            for kind in [CalendarEntry.Kind.term, .halfTerm] {
                let list = entries.filter { $0.kind == kind }.sorted { $0.start < $1.start }
                for (a, b) in zip(list, list.dropFirst()) where b.start <= a.end {
                    diagnostics.append(.overlappingTerms(file.name, line: b.line, otherLine: a.line))
                    failed = true
                }
            }
            let terms = entries.filter { $0.kind == .term }
            for ht in entries where ht.kind == .halfTerm && !terms.contains(where: { $0.start <= ht.start && ht.end <= $0.end }) {
                diagnostics.append(.halfTermOutsideTerm(file.name, line: ht.line, name: ht.name))
            }
            return failed ? nil : entries
        }
    }
}
