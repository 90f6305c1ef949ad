/// Reads pupils.csv into a ``PupilTable``. Every bad row is reported (file:line:column);
/// no value from the row is echoed except the UPN.
struct PupilsLoader {
    let file: FileBytes
    let skipBadRows: Bool
    /// Parts to read at once; nil: one per core, for a file of 1 MB or more.
    var parts: Int? = nil

    init(file: FileBytes, skipBadRows: Bool, parts: Int? = nil) {
        self.file = file
        self.skipBadRows = skipBadRows
        self.parts = parts
    }

    func load(into diagnostics: inout [Diagnostic]) -> PupilTable? {
        file.withBytes { bytes in
            guard let opened = CSVScanner.opening(bytes, file: file.name, fullUTF8: true, table: HeaderMatching.pupilColumns,
                                                  required: PupilSchema.required.map(\.name), diagnostics: &diagnostics) else { return nil }
            let scanner = opened.scanner
            let header = opened.header
            return read(bytes, header, from: scanner.position, line: scanner.currentLine, &diagnostics)
        }
    }

    /// Reads the rows in parts at once (cut at line starts, as marks.csv is), each part
    /// checking its rows on its own; then joins them in file order, judging repeated UPNs
    /// against the rows kept so far. A cut that fell inside a quoted field spanning lines
    /// is read again in one part.
    private func read(_ bytes: UnsafeBufferPointer<UInt8>, _ h: ResolvedHeader, from bodyStart: Int, line bodyLine: Int,
                      _ diagnostics: inout [Diagnostic]) -> PupilTable? {
        let n = bytes.count
        let wanted = max(1, parts ?? (n - bodyStart < (1 << 20) ? 1 : Parallel.threads))
        var starts = [bodyStart]
        for k in 1..<wanted {
            var i = bodyStart + (n - bodyStart) / wanted * k
            if i <= starts.last! { continue }
            while i < n && bytes[i - 1] != 10 { i += 1 }
            if i < n && i > starts.last! { starts.append(i) }
        }
        let shared = SharedReadBuffer(bytes)
        func readParts(_ starts: [Int]) -> [PupilsPart] {
            let slots = starts.map { _ in PupilsPart() }
            let name = file.name
            Parallel.forEach(starts.count) { k in
                slots[k].read(shared.bytes, h, name: name, from: starts[k], to: k + 1 < starts.count ? starts[k + 1] : n)
            }
            return slots
        }
        var results = readParts(starts)
        if zip(results, starts.dropFirst()).contains(where: { $0.end != $1 }) { results = readParts([bodyStart]) }
        return merge(results, h, firstLine: bodyLine, expected: TextCheck.lineCount(bytes), &diagnostics)
    }

    private func merge(_ parts: [PupilsPart], _ h: ResolvedHeader, firstLine: Int, expected: Int, _ diagnostics: inout [Diagnostic]) -> PupilTable {
        let name = file.name
        var t = PupilTable()
        for c in PupilSchema.optional where h.index[c.name] != nil { t.presentColumns.insert(c.name) }
        t.extraColumns = h.extras.map { PupilTable.TextColumn(name: $0.name, header: h.found[$0.field], values: []) }
        t.reserve(expected)
        var badRows = 0
        var rows = 0
        var unterminated: Int? = nil
        var base = firstLine
        for part in parts {
            rows += part.rows
            // Copied out of the part once, not per row; its good rows are appended together,
            // column by column, after its rows are judged.
            let table = part.table
            var kept: [Int] = []
            kept.reserveCapacity(table.count)
            /// Line of pupil `p`, kept already or about to be.
            func lineOf(_ p: Int) -> Int { p < t.count ? Int(t.line[p]) : Int(table.line[kept[p - t.count]]) + base }
            for rec in part.records {
                var ds = rec.diagnostics
                for i in ds.indices {
                    ds[i].location?.line += base
                    for r in ds[i].related.indices { ds[i].related[r].line += base }
                }
                var ok = rec.tableRow >= 0
                // A good row claims its UPN (one hash); a taken UPN is a repeat.
                let first = rec.upn.isEmpty ? nil
                    : ok ? Self.claim(&t.indexByUPN[rec.upn, default: -1], Int32(t.count + kept.count)) : t.indexByUPN[rec.upn]
                if let first {
                    ds.insert(.duplicateUPN(name, line: Int(rec.line) + base, firstLine: lineOf(Int(first)), upn: rec.upn), at: Int(rec.duplicateAt))
                    ok = false
                }
                if !ds.isEmpty { diagnostics += ds }
                if !ok {
                    badRows += 1
                    if !rec.upn.isEmpty && first == nil { t.rejectedUPNs.insert(rec.upn) }
                    continue
                }
                kept.append(Int(rec.tableRow))
            }
            t.append(rows: kept, of: table, lineOffset: Int32(base))
            if let l = part.unterminatedQuoteLine { unterminated = l + base }
            base += part.lines
        }
        if let l = unterminated { diagnostics.append(.unterminatedQuote(name, line: l)) }
        if rows == 0 { diagnostics.append(.noRows(name)) }
        if badRows > 0 && skipBadRows { diagnostics.append(.skippedRows(name, count: badRows)) }
        return t
    }

    /// Sets a new entry (-1) to `value` and answers nil, or answers the entry already there.
    @inline(__always)
    static func claim(_ entry: inout Int32, _ value: Int32) -> Int32? {
        if entry == -1 { entry = value; return nil }
        return entry
    }

    struct SharedReadBuffer: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        init(_ b: UnsafeBufferPointer<UInt8>) { bytes = b }
    }

    /// One part of pupils.csv, read on its own: its rows as checked before repeated UPNs
    /// are judged, with lines counted from the part's start.
    final class PupilsPart: @unchecked Sendable {
        /// Rows with no problem but perhaps a repeated UPN; `line` counted within the part.
        var table = PupilTable()
        var records: [Row] = []
        var rows = 0
        var unterminatedQuoteLine: Int?
        var lines = 0
        var end = 0

        struct Row {
            var upn: String
            var line: Int32
            /// The row in `table`, or -1 when the row has a problem of its own.
            var tableRow: Int32
            /// Where a repeated-UPN error goes among the row's messages.
            var duplicateAt: Int32
            var diagnostics: [Diagnostic]
        }

        func read(_ bytes: UnsafeBufferPointer<UInt8>, _ h: ResolvedHeader, name: String, from start: Int, to limit: Int) {
            var scanner = CSVScanner(bytes, from: start, firstLine: 0)
            var t = PupilTable()
            t.extraColumns = h.extras.map { PupilTable.TextColumn(name: $0.name, header: h.found[$0.field], values: []) }
            var fields: [CSVField] = []
            // Each column's field, looked up once rather than per row (-1: not in the file),
            // and the optional columns grouped by kind, so a row reads each kind in a loop of
            // its own with no per-cell dispatch.
            let fieldOf = PupilSchema.columns.map { h.index[$0.name] ?? -1 }
            // Columns by position in the schema (plain integers: nothing retained per cell).
            let schema = PupilSchema.columns
            let upnC = PupilColumn.upn.id, forenameC = PupilColumn.forename.id, surnameC = PupilColumn.surname.id, yearC = PupilColumn.year.id
            // The columns a row's own rules read (above) are stored by name; the rest by kind.
            let rest = schema.filter { ![upnC, forenameC, surnameC, yearC].contains($0.id) }
            func slots(_ keep: (PupilColumn) -> Bool) -> [Slot] { rest.filter(keep).map { Slot(id: $0.id, slot: $0.slot, capitals: $0.kind == .capitals) } }
            let textColumns = slots { $0.kind.storage == .text }, yearColumns = slots { $0.kind == .year }
            let flagColumns = slots { $0.kind == .flag }, dateColumns = slots { $0.kind == .date }, sendColumns = slots { $0.kind == .send }
            let upnSlot = PupilColumn.upn.slot, forenameSlot = PupilColumn.forename.slot, surnameSlot = PupilColumn.surname.slot, yearSlot = PupilColumn.year.slot
            let admittedSlot = PupilColumn.admitted.slot, leftSlot = PupilColumn.left.slot
            var rowYears = [Int8](repeating: 0, count: t.years.count)
            var rowFlags = [Bool?](repeating: nil, count: t.flags.count)
            var rowDates = [Day?](repeating: nil, count: t.dates.count)
            var rowSends = [SENDStatus](repeating: .unknown, count: t.sends.count)
            while scanner.position < limit, scanner.next(&fields) {
                let line = scanner.recordLine
                if fields.count == 1 && fields[0].isEmpty { continue }   // blank line
                rows += 1
                var rowOK = true
                var rowDiagnostics: [Diagnostic] = []
                let row = CSVRow(scanner, fields)
                func text(_ c: Int) -> String { row.text(at: fieldOf[c]) }
                func col(_ c: Int) -> Int { row.column(at: fieldOf[c]) }
                func fail(_ d: Diagnostic) { rowDiagnostics.append(d); rowOK = false }
                // A row cut short (fewer fields than the header) is refused whole, with that one
                // message: its missing columns would otherwise load as empty. (A quote never
                // closed has its own message.)
                if fields.count < h.fieldCount && scanner.unterminatedQuoteLine == nil {
                    records.append(Row(upn: text(upnC), line: Int32(line), tableRow: -1, duplicateAt: 0,
                                       diagnostics: [.shortPupilRow(name, line: line, fields: fields.count, header: h.fieldCount)]))
                    continue
                }

                let upn = text(upnC)
                if upn.isEmpty { fail(.missingValue(name, line: line, column: col(upnC), name: "upn")) }
                else if upn.utf8.count != 13 || !upn.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) {
                    rowDiagnostics.append(.oddUPN(name, line: line, column: col(upnC), upn: String(upn.prefix(20))))
                }
                // A repeated UPN is judged when the parts are joined; its message goes here.
                let duplicateAt = rowDiagnostics.count
                let forename = text(forenameC), surname = text(surnameC)
                if forename.isEmpty && surname.isEmpty { fail(.missingValue(name, line: line, column: col(forenameC), name: "forename")) }
                let yearText = text(yearC)
                let year = PupilSchema.parseYear(yearText)
                if yearText.isEmpty { fail(.missingValue(name, line: line, column: col(yearC), name: "year")) }
                else if year == nil { fail(.badYearGroup(name, line: line, column: col(yearC))) }

                for c in sendColumns {
                    // Empty in a file that has the column: no SEN provision.
                    let v = text(c.id)
                    var status: SENDStatus = fieldOf[c.id] >= 0 ? .none : .unknown
                    if !v.isEmpty {
                        if let s = PupilSchema.parseSEND(v) { status = s } else { fail(.badSEND(name, line: line, column: col(c.id))) }
                    }
                    rowSends[c.slot] = status
                }
                for c in yearColumns {
                    let v = text(c.id)
                    var y: Int8? = nil
                    if !v.isEmpty {
                        y = PupilSchema.parseYear(v)
                        if y == nil { fail(.badYearGroup(name, line: line, column: col(c.id))) }
                    }
                    rowYears[c.slot] = y ?? 0
                }
                for c in flagColumns {
                    let v = text(c.id)
                    var b: Bool? = nil
                    if !v.isEmpty {
                        b = PupilSchema.parseFlag(v)
                        if b == nil { fail(.badFlag(name, line: line, column: col(c.id), name: schema[c.id].name)) }
                    }
                    rowFlags[c.slot] = b
                }
                for c in dateColumns {
                    let v = text(c.id)
                    var d: Day? = nil
                    if !v.isEmpty {
                        d = Day(parsing: v)
                        if d == nil { fail(.badPupilDate(name, line: line, column: col(c.id), name: schema[c.id].name)) }
                    }
                    rowDates[c.slot] = d
                }
                if let a = rowDates[admittedSlot], let l = rowDates[leftSlot], l < a { fail(.leftBeforeAdmitted(name, line: line, upn: upn)) }

                var tableRow: Int32 = -1
                if rowOK {
                    tableRow = Int32(t.count)
                    t.texts[upnSlot].append(upn)
                    t.texts[forenameSlot].append(forename)
                    t.texts[surnameSlot].append(surname)
                    t.years[yearSlot].append(year ?? 0)
                    for c in textColumns { t.texts[c.slot].append(c.capitals ? text(c.id).uppercased() : text(c.id)) }
                    for c in yearColumns { t.years[c.slot].append(rowYears[c.slot]) }
                    for k in rowFlags.indices { t.flags[k].append(rowFlags[k]) }
                    for k in rowDates.indices { t.dates[k].append(rowDates[k]) }
                    for k in rowSends.indices { t.sends[k].append(rowSends[k]) }
                    t.line.append(Int32(line))
                    for (k, e) in h.extras.enumerated() {
                        t.extraColumns[k].values.append(row.text(at: e.field))
                    }
                }
                records.append(Row(upn: upn, line: Int32(line), tableRow: tableRow, duplicateAt: Int32(duplicateAt), diagnostics: rowDiagnostics))
            }
            unterminatedQuoteLine = scanner.unterminatedQuoteLine
            lines = scanner.currentLine
            end = scanner.position
            table = t
        }
    }

    /// A schema column as a row is read by it: its place in the schema and in its kind's storage.
    struct Slot {
        let id: Int
        let slot: Int
        let capitals: Bool
    }
}
