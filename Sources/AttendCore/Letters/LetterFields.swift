/// The fields a letter template can name, and their values for each pupil.
///
/// Every field is text (dates already written the English way, `20 March 2026`; rates
/// and percentages to one decimal place, as the result tables show them), a yes/no flag
/// for `{{#is_red}}…{{/is_red}}` sections, or a list for `{{#measures}}…{{/measures}}`.
/// Raw values sit beside the formatted ones (`rate_raw`, `dob_iso`). Docs/letters.md
/// lists every field.

/// One field's value for one pupil. Empty text means the pupil has no value.
public indirect enum LetterValue: Sendable, Hashable {
    case text(String)
    case flag(Bool)
    case list([LetterValue])
    /// An item of a list: `{{name}}`, `{{value}}` inside `{{#measures}}`.
    case record([String: LetterValue])

    public var text: String? { if case .text(let s) = self { s } else { nil } }
    public var isEmpty: Bool {
        switch self {
        case .text(let s): s.isEmpty
        case .flag: false
        case .list(let l): l.isEmpty
        case .record(let r): r.isEmpty
        }
    }
}

/// The fields of one letter.
public struct LetterRecord: Sendable {
    /// The pupil's index in the register.
    public let pupil: Int
    public var fields: [String: LetterValue]
    /// The addressee's name; empty when pupils.csv has none for this pupil.
    public var contact: String { fields["contact"]?.text ?? "" }
}

/// What fields exist for one run: each name with its kind, in the order the docs and the
/// mail-merge CSV list them.
public struct LetterFieldCatalogue: Sendable {
    public enum Kind: Sendable, Hashable {
        case text, flag
        /// A list; items are text (`{{.}}`) or records with these keys.
        case list(itemKeys: [String])
    }
    public private(set) var names: [String] = []
    public private(set) var kinds: [String: Kind] = [:]
    /// Fields that come from school.conf, by field name → setting key.
    public private(set) var schoolKeys: [String: String] = [:]
    /// pupils.csv columns whose name a computed field took, by column name → field name.
    public private(set) var renamedColumns: [String: String] = [:]
    /// Fields from optional pupils.csv columns (`address_lines`): a section over one is
    /// optional, so a letter without it is still written (addressed by name).
    public private(set) var optionalFields: Set<String> = []

    mutating func add(_ name: String, _ kind: Kind = .text) {
        guard kinds[name] == nil else { return }
        names.append(name)
        kinds[name] = kind
    }

    mutating func addSchool(_ name: String, key: String, _ kind: Kind = .text) {
        add(name, kind)
        schoolKeys[name] = key
    }

    mutating func rename(column: String, to field: String) { renamedColumns[column] = field }

    mutating func markOptional(_ name: String) { optionalFields.insert(name) }

    public func contains(_ name: String) -> Bool { kinds[name] != nil }

    /// Item keys of every list field, for names inside `{{#list}}…{{/list}}`.
    public func itemKeys(_ name: String) -> [String]? {
        if case .list(let keys) = kinds[name] { return keys }
        return nil
    }
}

/// Builds the catalogue and the records of a letter run from the query's result.
struct LetterFieldBuilder {
    let register: Register
    let evaluator: Evaluator
    let school: SchoolSettings
    let table: ResultTable
    /// Each result column's bound item, by heading (nil for columns with no item).
    let items: [String: BoundItem]
    /// The window of the standard measures (`rate`, `band`, `sessions_missed`, …).
    let window: BoundWindow
    let letterDate: Day
    let improvementWeeks: Int
    /// The column addressed: its attribute.
    let contact: PupilAttribute

    static let measureItemKeys = ["name", "value", "unit", "text", "period", "from", "to"]

    /// The columns of pupils.csv a letter can name, with their field names: every column of
    /// the schema, present in the file or not (a template may test `{{#form}}` or
    /// `{{#address_lines}}` on any register; printing one the file lacks is an error), and
    /// `name`; the file's other columns follow (``catalogue()``).
    var pupilColumns: [(field: String, attribute: PupilAttribute)] {
        let columns = PupilSchema.columns.map { (field: $0.name, attribute: PupilAttribute.column($0)) }
        // `name` after the name columns.
        return columns.prefix { $0.attribute != .column(.year) } + [("name", .name)] + columns.drop { $0.attribute != .column(.year) }
    }

    /// The fields a schema column gives besides its own: `year_group`, `dob_iso`, `address_lines`.
    static func twinFields(_ c: PupilColumn) -> [String] {
        switch c.kind {
        case .year: ["\(c.name)_group"]
        case .date: [c.name + "_iso"]
        case .lines: [c.name + "_lines"]
        case .text, .capitals, .flag, .send: []
        }
    }

    /// Schema columns pupils.csv does not have, by field name (with their twins).
    var absentColumns: Set<String> {
        var out: Set<String> = []
        for c in PupilSchema.columns where !register.pupils.has(c) {
            out.insert(c.name)
            out.formUnion(Self.twinFields(c))
        }
        return out
    }

    /// Result columns that hold a measure, in column order, with their field names.
    var measureColumns: [(index: Int, field: String, item: BoundItem)] {
        var out: [(Int, String, BoundItem)] = []
        for (i, c) in table.columns.enumerated() {
            guard let item = items[c.name], item.expr.isMeasure else { continue }
            out.append((i, Self.fieldName(c.name), item))
        }
        return out
    }

    /// `rate this term` → `rate_this_term`; ASCII letters, digits and `_` only, since
    /// Mustache names take no other characters.
    static func fieldName(_ heading: String) -> String {
        var out = ""
        for ch in heading.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) } else if !out.isEmpty && out.last != "_" { out.append("_") }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out.isEmpty ? "column" : out
    }

    // MARK: The catalogue

    func catalogue() -> LetterFieldCatalogue {
        var c = LetterFieldCatalogue()
        for (f, a) in pupilColumns {
            c.add(f)
            guard case .column(let col) = a else { continue }
            for twin in Self.twinFields(col) { c.add(twin, col.kind == .lines ? .list(itemKeys: []) : .text) }
            if !col.required { for name in [f] + Self.twinFields(col) { c.markOptional(name) } }
        }
        c.add("contact")
        for name in ["as_of", "as_of_iso", "letter_date", "letter_date_iso", "school_year",
                     "period", "period_from", "period_from_iso", "period_to", "period_to_iso",
                     "rate", "rate_raw", "absence", "absence_raw", "band", "band_from", "band_to", "target",
                     "possible", "attended", "sessions_missed", "sessions_missed_text", "days_missed", "days_missed_text",
                     "authorised", "authorised_text", "unauthorised", "unauthorised_text", "late", "late_text"] {
            c.add(name)
        }
        c.add("persistent", .flag)
        for b in evaluator.bands.names { c.add("is_" + Self.fieldName(b), .flag) }
        c.add("bands", .list(itemKeys: ["name", "from", "range"]))
        for m in measureColumns {
            for suffix in ["", "_raw", "_period", "_from", "_to"] { c.add(m.field + suffix) }
        }
        c.add("measures", .list(itemKeys: Self.measureItemKeys))
        for name in ["improvement_weeks", "improvement_start", "improvement_start_iso", "improvement_end", "improvement_end_iso"] { c.add(name) }
        for (key, _) in SchoolSettings.keys {
            c.addSchool("school_" + key, key: key)
            if key == "address" { c.addSchool("school_address_lines", key: key, .list(itemKeys: [])) }
        }
        // Every other pupils.csv column, by its name; a column named like a field above
        // is `column_NAME` instead.
        for col in register.pupils.extraColumns {
            var f = Self.fieldName(col.name)
            if c.contains(f) {
                let renamed = "column_" + f
                c.rename(column: f, to: renamed)
                f = renamed
            }
            c.add(f)
        }
        return c
    }

    // MARK: Records

    func records() throws(CancellationError) -> [LetterRecord] {
        let pupils = table.pupils ?? []
        let set = PupilSet(capacity: register.pupilCount, members: pupils)
        let w = window
        func counts(_ c: MarkClass) -> [Int32] { register.counts(.markClass(c), w.sessions, in: set) }
        let possible = counts(.possible), attended = counts(.attended), absent = counts(.absent)
        let authorised = counts(.authorised), unauthorised = counts(.unauthorised), late = counts(.late)
        let bands = evaluator.bands
        let catalogue = self.catalogue()
        let measures = measureColumns
        let t = register.pupils
        let improvement = ImprovementPeriod(calendar: register.calendar, letterDate: letterDate, weeks: improvementWeeks)

        // The same for every pupil.
        var common: [String: LetterValue] = [:]
        common["as_of"] = .text(evaluator.asOf.longEnglish)
        common["as_of_iso"] = .text(evaluator.asOf.iso)
        common["letter_date"] = .text(letterDate.longEnglish)
        common["letter_date_iso"] = .text(letterDate.iso)
        common["school_year"] = .text(Period.yearLabel(evaluator.asOf.academicYear))
        common["period"] = .text(w.label)
        common["period_from"] = .text(w.from.longEnglish)
        common["period_from_iso"] = .text(w.from.iso)
        common["period_to"] = .text(w.through.longEnglish)
        common["period_to_iso"] = .text(w.through.iso)
        common["target"] = .text(bands.bands.first.map { ResultFormatter.oneDecimalTrim($0.lowerBound.double) } ?? "")
        common["bands"] = .list(bands.bands.enumerated().map { i, b in
            let from = ResultFormatter.oneDecimalTrim(b.lowerBound.double)
            let above = i > 0 ? ResultFormatter.oneDecimalTrim(bands.bands[i - 1].lowerBound.double) : nil
            let range: String
            if let above { range = b.lowerBound.numerator == 0 ? "under \(above)%" : "\(from)% to under \(above)%" } else { range = "\(from)% and over" }
            return .record(["name": .text(b.name), "from": .text(from), "range": .text(range)])
        })
        common["improvement_weeks"] = .text(String(improvementWeeks))
        common["improvement_start"] = .text(improvement.start.longEnglish)
        common["improvement_start_iso"] = .text(improvement.start.iso)
        common["improvement_end"] = .text(improvement.end.longEnglish)
        common["improvement_end_iso"] = .text(improvement.end.iso)
        for (key, _) in SchoolSettings.keys {
            let v = school.value(key)
            common["school_" + key] = .text(v)
            if key == "address" { common["school_address_lines"] = .list(Self.lines(v).map { .text($0) }) }
        }
        for m in measures {
            guard let mw = m.item.expr.window else { continue }
            common[m.field + "_period"] = .text(mw.label)
            common[m.field + "_from"] = .text(mw.from.longEnglish)
            common[m.field + "_to"] = .text(mw.through.longEnglish)
        }

        var out: [LetterRecord] = []
        out.reserveCapacity(pupils.count)
        for (row, p) in pupils.enumerated() {
            try evaluator.checkCancelled()
            var f = common
            for (name, a) in pupilColumns {
                let text = evaluator.attributeText(a, p).trimmingSpaces()
                guard case .column(let c) = a else { f[name] = .text(text); continue }
                switch c.kind {
                case .date:
                    let day = t.date(c, p)
                    f[name] = .text(day?.longEnglish ?? "")
                    f[name + "_iso"] = .text(day?.iso ?? "")
                case .year:
                    let y = t.years[c.slot][p]
                    f[name] = .text(text)
                    f[name + "_group"] = .text(y == 0 ? "Reception" : "Year \(y)")
                case .lines:
                    f[name] = .text(text)
                    f[name + "_lines"] = .list(Self.lines(text).map { .text($0) })
                case .text, .capitals, .flag, .send:
                    f[name] = .text(text)
                }
            }
            for col in t.extraColumns {
                let base = Self.fieldName(col.name)
                let field = catalogue.renamedColumns[base] ?? base
                f[field] = .text(col.values[p].trimmingSpaces())
            }
            f["contact"] = .text(evaluator.attributeText(contact, p).trimmingSpaces())

            let poss = Int(possible[p])
            var rate: Exact?
            if poss > 0 {
                let r = Exact(Int(attended[p]) * 100, poss), a = Exact(Int(absent[p]) * 100, poss)
                rate = r
                f["rate"] = .text(ResultFormatter.oneDecimal(r.double))
                f["rate_raw"] = .text(ResultFormatter.raw(.number(r.double)))
                f["absence"] = .text(ResultFormatter.oneDecimal(a.double))
                f["absence_raw"] = .text(ResultFormatter.raw(.number(a.double)))
            } else {
                for k in ["rate", "rate_raw", "absence", "absence_raw"] { f[k] = .text("") }
            }
            let band = bands.band(of: rate)
            f["band"] = .text(band ?? "")
            if let band, let k = bands.bands.firstIndex(where: { $0.name == band }) {
                f["band_from"] = .text(ResultFormatter.oneDecimalTrim(bands.bands[k].lowerBound.double))
                f["band_to"] = .text(k > 0 ? ResultFormatter.oneDecimalTrim(bands.bands[k - 1].lowerBound.double) : "100")
            } else {
                f["band_from"] = .text("")
                f["band_to"] = .text("")
            }
            for b in bands.names { f["is_" + Self.fieldName(b)] = .flag(band == b) }
            f["persistent"] = .flag(poss > 0 && Int(absent[p]) * 10 >= poss)
            f["possible"] = .text(String(poss))
            f["attended"] = .text(String(attended[p]))
            f["sessions_missed"] = .text(String(absent[p]))
            f["sessions_missed_text"] = .text(Self.counted(Int(absent[p]), "session"))
            let days = ResultFormatter.oneDecimalTrim(Double(absent[p]) / 2)
            f["days_missed"] = .text(days)
            f["days_missed_text"] = .text(days + (days == "1" ? " day" : " days"))
            f["authorised"] = .text(String(authorised[p]))
            f["authorised_text"] = .text(Self.counted(Int(authorised[p]), "session"))
            f["unauthorised"] = .text(String(unauthorised[p]))
            f["unauthorised_text"] = .text(Self.counted(Int(unauthorised[p]), "session"))
            f["late"] = .text(String(late[p]))
            f["late_text"] = .text(Self.counted(Int(late[p]), "session"))

            var list: [LetterValue] = []
            for m in measures {
                let v = table.rows[row][m.index]
                let kind = table.columns[m.index].kind
                let shown = ResultFormatter.display(v, kind)
                f[m.field] = .text(shown)
                f[m.field + "_raw"] = .text(ResultFormatter.raw(v))
                let unit = Self.unit(m.item.expr)
                let text = shown.isEmpty ? "" : (unit == "%" ? shown + "%" : (unit.isEmpty ? shown : "\(shown) \(unit)"))
                let mw = m.item.expr.window
                list.append(.record(["name": .text(table.columns[m.index].name), "value": .text(shown), "unit": .text(unit), "text": .text(text),
                                     "period": .text(mw?.label ?? ""), "from": .text(mw?.from.longEnglish ?? ""), "to": .text(mw?.through.longEnglish ?? "")]))
            }
            f["measures"] = .list(list)
            out.append(LetterRecord(pupil: p, fields: f))
        }
        return out
    }

    /// The unit a measure's value is in, as a letter writes it after the number.
    static func unit(_ e: BoundExpr) -> String {
        switch e {
        case .rate, .absence: return "%"
        case .band: return ""
        case .minutesLate: return "minutes"
        case .streak: return "days"
        default:
            switch e.unit {
            case .days: return "days"
            case .sessions: return "sessions"
            case .percent: return "%"
            case .minutes: return "minutes"
            default: return ""
            }
        }
    }

    /// `1 session`, `12 sessions`.
    static func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// An address's lines: split at commas, trimmed, empty ones dropped.
    static func lines(_ address: String) -> [String] {
        address.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

/// A notice to improve's improvement period: `weeks` school weeks from the first school day
/// after the letter's date. School days are weekdays in a term of calendar.csv outside its
/// closures; past the last term the calendar knows, every weekday counts.
struct ImprovementPeriod {
    let start: Day
    let end: Day

    init(calendar: SchoolCalendar, letterDate: Day, weeks: Int) {
        let terms = calendar.allTerms
        let lastKnown = terms.map(\.end).max()
        func isSchoolDay(_ d: Day) -> Bool {
            guard d.weekday <= 5 else { return false }
            if let lastKnown, d <= lastKnown {
                return terms.contains { $0.contains(d) } && !calendar.closures.contains { $0.contains(d) }
            }
            return true
        }
        var d = letterDate.advanced(by: 1)
        var guardDays = 0
        while !isSchoolDay(d) && guardDays < 400 { d = d.advanced(by: 1); guardDays += 1 }
        start = d
        var counted = 0
        var last = d
        var monday = d.monday
        guardDays = 0
        while counted < weeks && guardDays < 200 {
            var lastInWeek: Day?
            for k in 0..<5 {
                let day = monday.advanced(by: k)
                if day >= start && isSchoolDay(day) { lastInWeek = day }
            }
            if let lastInWeek { counted += 1; last = lastInWeek }
            monday = monday.advanced(by: 7)
            guardDays += 1
        }
        end = last
    }
}
