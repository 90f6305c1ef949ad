/// Matches the header of an MIS export to the columns attend knows, ignoring case, spaces,
/// underscores and hyphens, and accepting the usual MIS spellings (register-files.md).
enum HeaderMatching {
    /// `Legal Forename` → `legalforename`.
    static func normalized(_ name: String) -> String { PupilSchema.normalized(name) }

    /// Canonical pupils.csv column → accepted normalized spellings: the schema's.
    static let pupilColumns: [(canonical: String, spellings: [String])] = PupilSchema.columns.map { ($0.name, $0.spellings) }

    static let markColumns: [(canonical: String, spellings: [String])] = [
        ("upn", ["upn", "uniquepupilnumber"]),
        ("date", ["date", "sessiondate", "attendancedate"]),
        ("session", ["session", "ampm", "sessionname"]),
        ("mark", ["mark", "code", "attendancemark", "attendancecode"]),
        ("minutes_late", ["minuteslate", "lateminutes", "minutes"]),
        ("comment", ["comment", "comments", "note", "notes"]),
    ]

    static let calendarColumns: [(canonical: String, spellings: [String])] = [
        ("kind", ["kind", "type"]),
        ("name", ["name", "title"]),
        ("start", ["start", "startdate", "from"]),
        ("end", ["end", "enddate", "to"]),
    ]

    static let codeColumns: [(canonical: String, spellings: [String])] = [
        ("code", ["code", "miscode", "schoolcode", "mark", "subcode"]),
        ("means", ["means", "statutorycode", "nationalcode", "dfecode", "mapsto", "statutory"]),
        ("description", ["description", "meaning", "name"]),
    ]

    /// The canonical name for a header cell, or nil when it is not a known column.
    static func canonical(_ header: String, in table: [(canonical: String, spellings: [String])]) -> String? {
        let n = normalized(header)
        return table.first { $0.spellings.contains(n) }?.canonical
    }

    /// A column name usable in queries for an extra column: lower case, spaces to underscores.
    static func attributeName(_ header: String) -> String {
        var out = ""
        var lastUnderscore = false
        for ch in header.lowercased().trimmingSpaces() {
            if ch.isLetter || ch.isNumber {
                out.append(ch)
                lastUnderscore = false
            } else if !lastUnderscore && !out.isEmpty {
                out.append("_")
                lastUnderscore = true
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out.isEmpty ? "column" : out
    }
}

/// The header row of a file, resolved: which field holds each known column, and the
/// extra columns in order.
struct ResolvedHeader {
    var index: [String: Int] = [:]
    var extras: [(name: String, field: Int)] = []
    var found: [String] = []
    var fieldCount = 0
}

extension CSVScanner {
    /// A run of three digits: a UPN, a date, a phone number. Column names have none.
    static func looksLikeData(_ cell: String) -> Bool {
        var run = 0
        for b in cell.utf8 {
            run = (b >= 48 && b <= 57) ? run + 1 : 0
            if run >= 3 { return true }
        }
        return false
    }

    /// Reads the header row and resolves it against `table`. Reports a wrong delimiter,
    /// duplicate headers and missing required columns.
    mutating func readHeader(file: String, table: [(canonical: String, spellings: [String])], required: [String],
                             diagnostics: inout [Diagnostic]) -> ResolvedHeader? {
        var fields: [CSVField] = []
        guard next(&fields) else {
            diagnostics.append(.emptyFile(file))
            return nil
        }
        var h = ResolvedHeader()
        h.fieldCount = fields.count
        var seen: Set<String> = []
        var duplicates: [Diagnostic] = []
        for (i, f) in fields.enumerated() {
            // No column name is long: a 100 MB cell is read as its first 256 bytes.
            let (s, e) = trimmed(f)
            let raw = e - s > 256 ? String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<(s + 256)]), as: UTF8.self) : trimmedString(f)
            h.found.append(raw)
            let key = HeaderMatching.canonical(raw, in: table) ?? HeaderMatching.attributeName(raw)
            if seen.contains(key) {
                duplicates.append(.duplicateHeader(file, column: raw, col: column(of: f)))
                continue
            }
            seen.insert(key)
            if HeaderMatching.canonical(raw, in: table) != nil {
                h.index[key] = i
            } else if !raw.isEmpty {
                h.extras.append((key, i))
            }
        }
        if h.index.isEmpty {
            // No column attend knows: another delimiter, a blank line, a row of data (a UPN, a
            // date: never echoed, it may be a pupil's), not CSV at all, or else a header in
            // another system's words (listed below, to rename).
            let first = h.found.first ?? ""
            if first.contains(";") { diagnostics.append(.wrongDelimiter(file, name: "semicolons")); return nil }
            if first.contains("\t") { diagnostics.append(.wrongDelimiter(file, name: "tabs")); return nil }
            if first.contains("|") { diagnostics.append(.wrongDelimiter(file, name: "bars (|)")); return nil }
            let blank = h.found.allSatisfy(\.isEmpty)
            if blank || h.found.contains(where: Self.looksLikeData) {
                diagnostics.append(.noHeader(file, blank: blank, expected: required))
                return nil
            }
            if fields.count == 1 { diagnostics.append(.notCSV(file)); return nil }
        }
        diagnostics += duplicates
        let missing = required.filter { h.index[$0] == nil }
        if !missing.isEmpty {
            for m in missing { diagnostics.append(.missingColumn(file, column: m, found: h.found)) }
            return nil
        }
        return h
    }
}

extension CSVScanner {
    /// How every register file (pupils.csv, marks files, calendar.csv, codes.csv) starts to be
    /// read: its text checked (``TextCheck``; `fullUTF8` checks every character, not only the
    /// line structure), an empty file refused (D002), then its header matched against `table`
    /// with the `required` columns. Nil, with the problem in `diagnostics`, when it cannot be
    /// read; else a scanner at the first row and the resolved header.
    static func opening(_ bytes: UnsafeBufferPointer<UInt8>, file: String, fullUTF8: Bool,
                        table: [(canonical: String, spellings: [String])], required: [String],
                        diagnostics: inout [Diagnostic]) -> (scanner: CSVScanner, header: ResolvedHeader)? {
        if let problem = TextCheck.problem(in: bytes, file: file, fullUTF8: fullUTF8) {
            diagnostics.append(problem)
            return nil
        }
        if bytes.isEmpty { diagnostics.append(.emptyFile(file)); return nil }
        var scanner = CSVScanner(bytes)
        guard let header = scanner.readHeader(file: file, table: table, required: required, diagnostics: &diagnostics) else { return nil }
        return (scanner, header)
    }
}
