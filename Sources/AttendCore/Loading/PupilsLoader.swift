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
            if let problem = TextCheck.problem(in: bytes, file: file.name, fullUTF8: true) {
                diagnostics.append(problem)
                return nil
            }
            if bytes.isEmpty { diagnostics.append(.emptyFile(file.name)); return nil }
            var scanner = CSVScanner(bytes)
            guard let header = scanner.readHeader(file: file.name, table: HeaderMatching.pupilColumns,
                                                  required: ["upn", "forename", "surname", "year"], diagnostics: &diagnostics)
            else { return nil }
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
        for c in ["form", "dob", "sex", "send", "fsm", "pp", "eal", "admitted", "left"] where h.index[c] != nil {
            t.presentColumns.insert(c)
        }
        t.extraColumns = h.extras.map { PupilTable.TextColumn(name: $0.name, header: h.found[$0.field], values: []) }
        t.reserve(expected)
        var badRows = 0
        var rows = 0
        var unterminated: Int? = nil
        var base = firstLine
        for part in parts {
            rows += part.rows
            // Copied out of the part once, not per row.
            let table = part.table
            for rec in part.records {
                var ds = rec.diagnostics
                for i in ds.indices {
                    ds[i].location?.line += base
                    for r in ds[i].related.indices { ds[i].related[r].line += base }
                }
                var ok = rec.tableRow >= 0
                // A good row claims its UPN (one hash); a taken UPN is a repeat.
                let first = rec.upn.isEmpty ? nil
                    : ok ? Self.claim(&t.indexByUPN[rec.upn, default: -1], Int32(t.upn.count)) : t.indexByUPN[rec.upn]
                if let first {
                    ds.insert(.duplicateUPN(name, line: Int(rec.line) + base, firstLine: Int(t.line[Int(first)]), upn: rec.upn), at: Int(rec.duplicateAt))
                    ok = false
                }
                if !ds.isEmpty { diagnostics += ds }
                if !ok {
                    badRows += 1
                    if !rec.upn.isEmpty && first == nil { t.rejectedUPNs.insert(rec.upn) }
                    continue
                }
                t.append(row: Int(rec.tableRow), of: table, lineOffset: Int32(base))
            }
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
            // Each known column's field, looked up once rather than per row.
            let fieldIndex = Column.allCases.map { h.index[$0.key] ?? -1 }
            let hasSend = h.index["send"] != nil
            while scanner.position < limit, scanner.next(&fields) {
                let line = scanner.recordLine
                if fields.count == 1 && fields[0].isEmpty { continue }   // blank line
                rows += 1
                var rowOK = true
                var rowDiagnostics: [Diagnostic] = []
                func field(_ c: Column) -> CSVField? {
                    let i = fieldIndex[c.rawValue]
                    guard i >= 0, i < fields.count else { return nil }
                    return fields[i]
                }
                func text(_ c: Column) -> String { field(c).map { scanner.trimmedString($0) } ?? "" }
                func col(_ c: Column) -> Int { field(c).map { scanner.column(of: $0) } ?? 1 }
                func fail(_ d: Diagnostic) { rowDiagnostics.append(d); rowOK = false }
                // A row cut short (fewer fields than the header) is refused whole, with that one
                // message: its missing columns would otherwise load as empty. (A quote never
                // closed has its own message.)
                if fields.count < h.fieldCount && scanner.unterminatedQuoteLine == nil {
                    records.append(Row(upn: text(.upn), line: Int32(line), tableRow: -1, duplicateAt: 0,
                                       diagnostics: [.shortPupilRow(name, line: line, fields: fields.count, header: h.fieldCount)]))
                    continue
                }

                let upn = text(.upn)
                if upn.isEmpty { fail(.missingValue(name, line: line, column: col(.upn), name: "upn")) }
                else if upn.utf8.count != 13 || !upn.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) {
                    rowDiagnostics.append(.oddUPN(name, line: line, column: col(.upn), upn: String(upn.prefix(20))))
                }
                // A repeated UPN is judged when the parts are joined; its message goes here.
                let duplicateAt = rowDiagnostics.count
                let forename = text(.forename), surname = text(.surname)
                if forename.isEmpty && surname.isEmpty { fail(.missingValue(name, line: line, column: col(.forename), name: "forename")) }
                let yearText = text(.year)
                let year = PupilsLoader.parseYear(yearText)
                if yearText.isEmpty { fail(.missingValue(name, line: line, column: col(.year), name: "year")) }
                else if year == nil { fail(.badYearGroup(name, line: line, column: col(.year))) }

                func flag(_ c: Column) -> Bool? {
                    let v = text(c)
                    if v.isEmpty { return nil }
                    guard let b = PupilsLoader.parseFlag(v) else { fail(.badFlag(name, line: line, column: col(c), name: c.key)); return nil }
                    return b
                }
                func date(_ c: Column) -> Day? {
                    let v = text(c)
                    if v.isEmpty { return nil }
                    guard let d = Day(parsing: v) else { fail(.badPupilDate(name, line: line, column: col(c), name: c.key)); return nil }
                    return d
                }
                let sendText = text(.send).uppercased()
                var send = SENDStatus.unknown
                if !sendText.isEmpty {
                    switch sendText {
                    case "N", "NONE": send = .none
                    case "K", "SEN SUPPORT", "SUPPORT": send = .support
                    case "E", "EHCP", "EHC PLAN", "S": send = .ehcPlan
                    default: fail(.badSEND(name, line: line, column: col(.send)))
                    }
                } else if hasSend {
                    send = .none
                }
                let fsm = flag(.fsm), pp = flag(.pp), eal = flag(.eal)
                let dob = date(.dob), admitted = date(.admitted), left = date(.left)
                if let a = admitted, let l = left, l < a { fail(.leftBeforeAdmitted(name, line: line, upn: upn)) }

                var tableRow: Int32 = -1
                if rowOK {
                    tableRow = Int32(t.upn.count)
                    t.upn.append(upn)
                    t.forename.append(forename)
                    t.surname.append(surname)
                    t.year.append(year ?? 0)
                    t.form.append(text(.form))
                    t.dob.append(dob)
                    t.sex.append(text(.sex).uppercased())
                    t.send.append(send)
                    t.fsm.append(fsm)
                    t.pp.append(pp)
                    t.eal.append(eal)
                    t.admitted.append(admitted)
                    t.left.append(left)
                    t.line.append(Int32(line))
                    for (k, e) in h.extras.enumerated() {
                        t.extraColumns[k].values.append(e.field < fields.count ? scanner.trimmedString(fields[e.field]) : "")
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

    /// The known columns a row is read by.
    enum Column: Int, CaseIterable {
        case upn, forename, surname, year, form, dob, sex, send, fsm, pp, eal, admitted, left
        var key: String { "\(self)" }
    }

    /// `R`, `Reception`, `9`, `Year 9`, `Y9`, `09` → 0…13.
    static func parseYear(_ s: String) -> Int8? {
        // One or two digits (the usual export): the number itself.
        let u = s.utf8
        if u.count <= 2, !u.isEmpty, u.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            let n = u.reduce(0) { $0 * 10 + Int($1 - 48) }
            return (1...13).contains(n) ? Int8(n) : nil
        }
        var t = s.uppercased().trimmingSpaces()
        if t == "R" || t == "RECEPTION" || t == "YR" || t == "YEAR R" { return 0 }
        if t.hasPrefix("YEAR") { t = String(t.dropFirst(4)).trimmingSpaces() }
        else if t.hasPrefix("Y") { t = String(t.dropFirst()) }
        guard let n = Int(t), (1...13).contains(n) else { return nil }
        return Int8(n)
    }

    /// `Y`/`N`, `Yes`/`No`, `T`/`F`, `1`/`0`, `true`/`false`.
    static func parseFlag(_ s: String) -> Bool? {
        if s.utf8.count == 1 {
            switch s.utf8.first! {
            case UInt8(ascii: "Y"), UInt8(ascii: "y"), UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: "1"): return true
            case UInt8(ascii: "N"), UInt8(ascii: "n"), UInt8(ascii: "F"), UInt8(ascii: "f"), UInt8(ascii: "0"): return false
            default: return nil
            }
        }
        switch s.lowercased() {
        case "y", "yes", "t", "true", "1": return true
        case "n", "no", "f", "false", "0": return false
        default: return nil
        }
    }
}
