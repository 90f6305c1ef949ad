/// SEN status from pupils.csv.
public enum SENDStatus: String, Sendable, CaseIterable {
    case none = "N", support = "K", ehcPlan = "E", unknown = ""
}

/// The pupils of a register as columns, one entry per pupil (enrolment), in pupils.csv
/// order. The columns ``PupilSchema`` knows are kept typed by kind, one array per column
/// (every column has an entry per pupil, empty when the file lacks it); any other column is
/// kept as text.
public struct PupilTable: Sendable {
    /// Columns of kind text, capitals and lines, by ``PupilColumn`` slot.
    public internal(set) var texts: [[String]] = Self.empty(.text)
    /// National curriculum years (0 = Reception, 1…13), by slot.
    public internal(set) var years: [[Int8]] = Self.empty(.year)
    public internal(set) var flags: [[Bool?]] = Self.empty(.flag)
    public internal(set) var sends: [[SENDStatus]] = Self.empty(.send)
    public internal(set) var dates: [[Day?]] = Self.empty(.date)
    /// Columns attend does not interpret (`key_worker`, …), in file order.
    public internal(set) var extraColumns: [TextColumn] = []
    /// Optional schema columns the file actually had (`form`, `dob`, …), by name.
    public internal(set) var presentColumns: Set<String> = []
    /// UPN → pupil index.
    public internal(set) var indexByUPN: [String: Int32] = [:]
    /// UPNs of rows that were rejected as bad: their marks are skipped without a second message.
    public internal(set) var rejectedUPNs: Set<String> = []
    /// Line of pupils.csv each pupil came from.
    public internal(set) var line: [Int32] = []

    public struct TextColumn: Sendable {
        public let name: String
        public let header: String
        public internal(set) var values: [String]
    }

    private static func empty<T>(_ s: PupilColumn.Storage) -> [[T]] { Array(repeating: [], count: PupilSchema.slotCount(s)) }

    // The columns the program reads by meaning.
    public var upn: [String] { texts[PupilColumn.upn.slot] }
    public var forename: [String] { texts[PupilColumn.forename.slot] }
    public var surname: [String] { texts[PupilColumn.surname.slot] }
    public var year: [Int8] { years[PupilColumn.year.slot] }
    public var form: [String] { texts[PupilColumn.form.slot] }
    public var admitted: [Day?] { dates[PupilColumn.admitted.slot] }
    public var left: [Day?] { dates[PupilColumn.left.slot] }

    public var count: Int { line.count }

    /// Whether the register has column `c`: a required one always, an optional one when
    /// pupils.csv had it.
    public func has(_ c: PupilColumn) -> Bool { c.required || presentColumns.contains(c.name) }

    /// Column `c` of pupil `p` as text: as written for text; `R`/`9` for year, `Y`/`N` or empty
    /// for flags, `N`/`K`/`E` for SEND, ISO dates.
    public func text(_ c: PupilColumn, _ p: Int) -> String {
        switch c.kind {
        case .text, .capitals, .lines: texts[c.slot][p]
        case .year: PupilSchema.yearLabel(years[c.slot][p])
        case .flag: PupilSchema.flagText(flags[c.slot][p])
        case .send: sends[c.slot][p].rawValue
        case .date: dates[c.slot][p]?.iso ?? ""
        }
    }

    /// Column `c` of pupil `p` as a yes/no value (nil: no value, or not a flag column).
    public func flag(_ c: PupilColumn, _ p: Int) -> Bool? { c.kind == .flag ? flags[c.slot][p] : nil }

    /// Column `c` of pupil `p` as a date (nil: no value, or not a date column).
    public func date(_ c: PupilColumn, _ p: Int) -> Day? { c.kind == .date ? dates[c.slot][p] : nil }

    /// A pupil's name as lists show it: `forename surname`, or whichever of them there is.
    public func displayName(_ p: Int) -> String {
        let f = forename[p], s = surname[p]
        return f.isEmpty ? s : (s.isEmpty ? f : "\(f) \(s)")
    }

    /// Appends rows `rows` (increasing) of `other` (a table with the same columns), their
    /// lines moved by `lineOffset`: column by column, each whole when every row is taken.
    mutating func append(rows: [Int], of other: PupilTable, lineOffset: Int32) {
        let whole = rows.count == other.count
        func take<T>(_ to: inout [T], _ from: [T]) {
            if whole { to.append(contentsOf: from) } else { for r in rows { to.append(from[r]) } }
        }
        for k in texts.indices { take(&texts[k], other.texts[k]) }
        for k in years.indices { take(&years[k], other.years[k]) }
        for k in flags.indices { take(&flags[k], other.flags[k]) }
        for k in sends.indices { take(&sends[k], other.sends[k]) }
        for k in dates.indices { take(&dates[k], other.dates[k]) }
        for r in rows { line.append(other.line[r] + lineOffset) }
        for k in extraColumns.indices { take(&extraColumns[k].values, other.extraColumns[k].values) }
    }

    /// Room for `n` pupils in every column (the loader knows roughly how many rows come).
    mutating func reserve(_ n: Int) {
        let n = max(0, n)
        for k in texts.indices { texts[k].reserveCapacity(n) }
        for k in years.indices { years[k].reserveCapacity(n) }
        for k in flags.indices { flags[k].reserveCapacity(n) }
        for k in sends.indices { sends[k].reserveCapacity(n) }
        for k in dates.indices { dates[k].reserveCapacity(n) }
        line.reserveCapacity(n); indexByUPN.reserveCapacity(n)
        for i in extraColumns.indices { extraColumns[i].values.reserveCapacity(n) }
    }

    /// Whether every column has one entry per pupil.
    var columnsAgree: Bool {
        let n = count
        return texts.allSatisfy { $0.count == n } && years.allSatisfy { $0.count == n } && flags.allSatisfy { $0.count == n }
            && sends.allSatisfy { $0.count == n } && dates.allSatisfy { $0.count == n } && extraColumns.allSatisfy { $0.values.count == n }
    }

    public func index(ofUPN u: String) -> Int? { indexByUPN[u].map(Int.init) }

    /// "R", "9".
    public static func yearLabel(_ y: Int8) -> String { PupilSchema.yearLabel(y) }

    public func extra(_ name: String) -> TextColumn? { extraColumns.first { $0.name == name } }

    /// The schema columns this register has: the required ones, then the optional ones the file had.
    public var columns: [PupilColumn] { PupilSchema.columns.filter(has) }

    /// Every attribute a query can name: the schema columns the file had, then the extras.
    public var attributeNames: [String] { columns.map(\.name) + extraColumns.map(\.name) }
}
