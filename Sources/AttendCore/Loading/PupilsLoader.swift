/// Reads pupils.csv into a ``PupilTable``. Every bad row is reported (file:line:column);
/// no value from the row is echoed except the UPN.
struct PupilsLoader {
    let file: FileBytes
    let skipBadRows: Bool

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
            return read(&scanner, header, &diagnostics, rows: TextCheck.lineCount(bytes))
        }
    }

    private func read(_ scanner: inout CSVScanner, _ h: ResolvedHeader, _ diagnostics: inout [Diagnostic], rows expected: Int) -> PupilTable? {
        var t = PupilTable()
        for c in ["form", "dob", "sex", "send", "fsm", "pp", "eal", "admitted", "left"] where h.index[c] != nil {
            t.presentColumns.insert(c)
        }
        t.extraColumns = h.extras.map { PupilTable.TextColumn(name: $0.name, header: h.found[$0.field], values: []) }
        t.reserve(expected)
        var fields: [CSVField] = []
        var badRows = 0
        var rows = 0
        let name = file.name
        // Each known column's field, looked up once rather than per row.
        let fieldIndex = Column.allCases.map { h.index[$0.key] ?? -1 }
        let hasSend = h.index["send"] != nil
        while scanner.next(&fields) {
            let line = scanner.recordLine
            if fields.count == 1 && fields[0].isEmpty { continue }   // blank line
            rows += 1
            var rowOK = true
            func field(_ c: Column) -> CSVField? {
                let i = fieldIndex[c.rawValue]
                guard i >= 0, i < fields.count else { return nil }
                return fields[i]
            }
            func text(_ c: Column) -> String { field(c).map { scanner.trimmedString($0) } ?? "" }
            func col(_ c: Column) -> Int { field(c).map { scanner.column(of: $0) } ?? 1 }
            func fail(_ d: Diagnostic) { diagnostics.append(d); rowOK = false }

            let upn = text(.upn)
            if upn.isEmpty { fail(.missingValue(name, line: line, column: col(.upn), name: "upn")) }
            else if upn.utf8.count != 13 || !upn.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) {
                diagnostics.append(.oddUPN(name, line: line, column: col(.upn), upn: String(upn.prefix(20))))
            }
            if !upn.isEmpty, let first = t.indexByUPN[upn] {
                fail(.duplicateUPN(name, line: line, firstLine: Int(t.line[Int(first)]), upn: upn))
            }
            let forename = text(.forename), surname = text(.surname)
            if forename.isEmpty && surname.isEmpty { fail(.missingValue(name, line: line, column: col(.forename), name: "forename")) }
            let yearText = text(.year)
            let year = Self.parseYear(yearText)
            if yearText.isEmpty { fail(.missingValue(name, line: line, column: col(.year), name: "year")) }
            else if year == nil { fail(.badYearGroup(name, line: line, column: col(.year))) }

            func flag(_ c: Column) -> Bool? {
                let v = text(c)
                if v.isEmpty { return nil }
                guard let b = Self.parseFlag(v) else { fail(.badFlag(name, line: line, column: col(c), name: c.key)); return nil }
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

            if !rowOK {
                badRows += 1
                if !upn.isEmpty && t.indexByUPN[upn] == nil { t.rejectedUPNs.insert(upn) }
                continue
            }
            t.indexByUPN[upn] = Int32(t.upn.count)
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
        if let l = scanner.unterminatedQuoteLine { diagnostics.append(.unterminatedQuote(name, line: l)) }
        if rows == 0 { diagnostics.append(.noRows(name)) }
        if badRows > 0 && skipBadRows { diagnostics.append(.skippedRows(name, count: badRows)) }
        return t
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
