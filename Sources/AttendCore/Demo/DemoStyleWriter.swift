/// Rewrites the demo register's plain pupils.csv and marks.csv in a ``DemoStyle``: the same
/// fields, quoted, dated, named, ended and ordered as the style says. Reads the plain text
/// with ``CSVScanner``, so what it writes holds exactly the plain file's values.
struct DemoStyleWriter {
    let style: DemoStyle
    let seed: UInt64

    /// MIS spellings of the demo's column names (as SIMS and Arbor exports write them).
    static let misNames: [String: String] = [
        "upn": "UPN", "forename": "Legal Forename", "surname": "Legal Surname", "year": "Year Group",
        "form": "Reg Group", "dob": "Date of Birth", "sex": "Gender", "send": "SEN Status",
        "fsm": "FSM Eligible", "pp": "Pupil Premium", "eal": "EAL", "admitted": "Admission Date",
        "left": "Leaving Date", "date": "Attendance Date", "session": "Session", "mark": "Attendance Mark",
        "minutes_late": "Minutes Late", "comment": "Comments",
    ]
    /// Columns holding dates.
    static let dateColumns: Set<String> = ["dob", "admitted", "left", "date"]

    var lineEnd: [UInt8] { style.contains(.crlf) ? [13, 10] : [10] }

    // MARK: fields

    func field(_ p: UnsafeBufferPointer<UInt8>, _ f: CSVField, isDate: Bool, into out: inout [UInt8]) {
        if f.hasEscapedQuote {
            let value = Array(String(decoding: UnsafeBufferPointer(rebasing: p[f.start..<f.end]), as: UTF8.self).unescapingCSVQuotes().utf8)
            value.withUnsafeBufferPointer { text($0, into: &out) }
            return
        }
        let s = f.start
        if isDate && style.contains(.ukDates) && f.end - s == 10 && p[s + 4] == 45 && p[s + 7] == 45 {
            let q = style.contains(.quoted)
            if q { out.append(34) }
            out += [p[s + 8], p[s + 9], 47, p[s + 5], p[s + 6], 47, p[s], p[s + 1], p[s + 2], p[s + 3]]
            if q { out.append(34) }
            return
        }
        text(UnsafeBufferPointer(rebasing: p[s..<f.end]), into: &out)
    }

    func text(_ value: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let special = value.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        if special || style.contains(.quoted) || (value.isEmpty && style.contains(.quotedEmpties)) {
            out.append(34)
            for b in value {
                out.append(b)
                if b == 34 { out.append(34) }
            }
            out.append(34)
        } else {
            out.append(contentsOf: value)
        }
    }

    func text(_ value: [UInt8], into out: inout [UInt8]) {
        value.withUnsafeBufferPointer { text($0, into: &out) }
    }

    func header(_ names: [String], into out: inout [UInt8]) {
        if style.contains(.bom) { out += [0xEF, 0xBB, 0xBF] }
        for (i, n) in names.enumerated() {
            if i > 0 { out.append(44) }
            text(Array((style.contains(.misHeaders) ? Self.misNames[n] ?? n : n).utf8), into: &out)
        }
        out += lineEnd
    }

    /// A whole plain file (pupils.csv) in the style.
    func rewrite(_ plain: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(plain.count + plain.count / 3)
        plain.withUnsafeBufferPointer { p in
            var scanner = CSVScanner(p)
            var fields: [CSVField] = []
            guard scanner.next(&fields) else { return }
            let names = fields.map { scanner.string($0) }
            header(names, into: &out)
            let isDate = names.map { Self.dateColumns.contains($0) }
            while scanner.next(&fields) {
                for (i, f) in fields.enumerated() {
                    if i > 0 { out.append(44) }
                    field(p, f, isDate: i < isDate.count && isDate[i], into: &out)
                }
                out += lineEnd
            }
        }
        return out
    }

    // MARK: marks.csv

    /// marks.csv's header in the style.
    func marksHeader() -> [UInt8] {
        var out: [UInt8] = []
        var names = DemoRegister.marksHeader.split(separator: ",").map(String.init)
        if style.contains(.commentColumn) { names.append("comment") }
        header(names, into: &out)
        return out
    }

    /// The comment of plain row `row` (counted from 0): mostly none; now and then a note
    /// with a comma and quotes, rarely one running over two lines.
    func comment(_ row: Int) -> [UInt8] {
        let h = DemoRandom.mix(seed ^ DemoRandom.mix(UInt64(row) &+ 0x5EED))
        switch h % 1000 {
        case 0..<15: return Array("Phoned home, mum said \"back Monday\"".utf8)
        case 15..<17: return Array("Letter sent\nfollow up next week, \"urgent\"".utf8)
        case 17..<20: return Array("late bus, school informed".utf8)
        default: return []
        }
    }

    /// Appends plain marks row `row` (its fields `fields` in `p`) in the style.
    func marksRow(_ p: UnsafeBufferPointer<UInt8>, _ fields: [CSVField], row: Int, into out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(44) }
            field(p, f, isDate: i == 1, into: &out)
        }
        if style.contains(.commentColumn) {
            out.append(44)
            text(comment(row), into: &out)
        }
        out += lineEnd
    }

    /// Restyles a piece of whole plain rows of marks.csv (no header), the pieces handed over
    /// in file order: `row` counts the rows seen.
    func rows(_ raw: UnsafeRawBufferPointer, row: inout Int, into out: inout [UInt8]) {
        let p = raw.bindMemory(to: UInt8.self)
        var scanner = CSVScanner(p)
        var fields: [CSVField] = []
        while scanner.next(&fields) {
            marksRow(p, fields, row: row, into: &out)
            row += 1
        }
    }

    /// Restyles the plain rows of marks.csv (without its header, whole in memory) in date
    /// order or shuffled; `body` gets the styled text piece by piece.
    func reorderedRows(_ plain: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        try plain.withUnsafeBufferPointer { p in
            // Where each row starts, and each row's session (day × 2 + pm).
            var starts: [Int] = []
            var keys: [Int32] = []
            starts.reserveCapacity(plain.count / 28 + 1)
            var scanner = CSVScanner(p)
            var fields: [CSVField] = []
            var at = 0
            while scanner.next(&fields) {
                starts.append(at)
                if style.contains(.dateOrder) {
                    let day = Day.parse(p, fields[1].start, fields[1].end)!
                    keys.append(day.number * 2 + (MarkFields.session(p.baseAddress!, fields[2].start, fields[2].end)! ? 1 : 0))
                }
                at = scanner.position
            }
            let count = starts.count
            starts.append(plain.count)
            var order = [Int](0..<count)
            if style.contains(.dateOrder) {
                // A stable counting sort on the session: within a session, pupils stay in order.
                let lo = keys.min() ?? 0, hi = keys.max() ?? 0
                var first = [Int](repeating: 0, count: Int(hi - lo) + 2)
                for k in keys { first[Int(k - lo) + 1] += 1 }
                for i in 1..<first.count { first[i] += first[i - 1] }
                for r in 0..<count { let b = Int(keys[r] - lo); order[first[b]] = r; first[b] += 1 }
            } else if style.contains(.shuffled) {
                var rng = DemoRandom(seed: seed, stream: .style)
                var i = count - 1
                while i > 0 {
                    let j = Int(rng.next() % UInt64(i + 1))
                    order.swapAt(i, j)
                    i -= 1
                }
            }
            var out: [UInt8] = []
            out.reserveCapacity(1 << 24)
            for r in order {
                var one = CSVScanner(p, from: starts[r])
                _ = one.next(&fields)
                marksRow(p, fields, row: r, into: &out)
                if out.count >= 1 << 24 {
                    try out.withUnsafeBytes { try body($0) }
                    out.removeAll(keepingCapacity: true)
                }
            }
            try out.withUnsafeBytes { try body($0) }
        }
    }
}
