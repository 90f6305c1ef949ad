/// Reads a register folder's codes.csv (`code,means`: `I01,I`, `X01,X`): the MIS's own
/// codes, each standing for a national code (see ``SchoolCodes``). Every problem is listed
/// with file:line; any problem fails the load (a mark's meaning is not guessed).
struct CodesLoader {
    let file: FileBytes

    func load(into diagnostics: inout [Diagnostic]) -> SchoolCodeList? {
        file.withBytes { bytes -> SchoolCodeList? in
            guard let opened = CSVScanner.opening(bytes, file: file.name, fullUTF8: true, table: HeaderMatching.codeColumns,
                                                  required: ["code", "means"], diagnostics: &diagnostics) else { return nil }
            var scanner = opened.scanner
            let h = opened.header
            var list = SchoolCodeList()
            var firstLine: [String: Int] = [:]
            var failed = false
            var fields: [CSVField] = []
            while scanner.next(&fields) {
                let line = scanner.recordLine
                if fields.count == 1 && fields[0].isEmpty { continue }
                let row = CSVRow(scanner, fields, index: h.index)
                let code = row.text("code"), meansText = row.text("means")
                func fail(_ d: Diagnostic) { diagnostics.append(d); failed = true }
                // A code is what a marks row's mark field holds: a few printable characters.
                guard !code.isEmpty, code.utf8.count <= 8, code.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != "\"" && $0 != "," }) else {
                    fail(.badSchoolCode(file.name, line: line, column: row.column("code"), text: code)); continue
                }
                if CodeID(code) != nil { fail(.schoolCodeIsNational(file.name, line: line, column: row.column("code"), code: code)); continue }
                guard let means = CodeID(meansText), means.info.means == nil, meansText != "-" else {
                    fail(.schoolCodeMeansUnknown(file.name, line: line, column: row.column("means"), code: code, text: meansText)); continue
                }
                if let first = firstLine[code] { fail(.schoolCodeTwice(file.name, line: line, firstLine: first, code: code)); continue }
                firstLine[code] = line
                guard let id = SchoolCodes.id(code: code, means: means) else {
                    fail(.tooManySchoolCodes(file.name, line: line, limit: SchoolCodes.limit)); break
                }
                list.codes.append(id)
            }
            if let l = scanner.unterminatedQuoteLine { diagnostics.append(.unterminatedQuote(file.name, line: l)); failed = true }
            return failed ? nil : list
        }
    }
}
