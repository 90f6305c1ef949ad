/// SEN status from pupils.csv.
public enum SENDStatus: String, Sendable, CaseIterable {
    case none = "N", support = "K", ehcPlan = "E", unknown = ""
}

/// The pupils of a register as columns, one entry per pupil (enrolment), in pupils.csv
/// order. Typed where the meaning is known; any other column is kept as text.
public struct PupilTable: Sendable {
    public internal(set) var upn: [String] = []
    public internal(set) var forename: [String] = []
    public internal(set) var surname: [String] = []
    /// National curriculum year: 0 = Reception, 1…13.
    public internal(set) var year: [Int8] = []
    public internal(set) var form: [String] = []
    public internal(set) var dob: [Day?] = []
    public internal(set) var sex: [String] = []
    public internal(set) var send: [SENDStatus] = []
    public internal(set) var fsm: [Bool?] = []
    public internal(set) var pp: [Bool?] = []
    public internal(set) var eal: [Bool?] = []
    public internal(set) var admitted: [Day?] = []
    public internal(set) var left: [Day?] = []
    /// Columns attend does not interpret (`contact_name`, `address`, …), in file order.
    public internal(set) var extraColumns: [TextColumn] = []
    /// Known optional columns the file actually had (`form`, `dob`, …).
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

    public var count: Int { upn.count }

    /// Appends row `r` of `other` (a table with the same columns), its line moved by `lineOffset`.
    mutating func append(row r: Int, of other: PupilTable, lineOffset: Int32) {
        upn.append(other.upn[r]); forename.append(other.forename[r]); surname.append(other.surname[r]); year.append(other.year[r])
        form.append(other.form[r]); dob.append(other.dob[r]); sex.append(other.sex[r]); send.append(other.send[r])
        fsm.append(other.fsm[r]); pp.append(other.pp[r]); eal.append(other.eal[r]); admitted.append(other.admitted[r])
        left.append(other.left[r]); line.append(other.line[r] + lineOffset)
        for k in extraColumns.indices { extraColumns[k].values.append(other.extraColumns[k].values[r]) }
    }

    /// Room for `n` pupils in every column (the loader knows roughly how many rows come).
    mutating func reserve(_ n: Int) {
        let n = max(0, n)
        upn.reserveCapacity(n); forename.reserveCapacity(n); surname.reserveCapacity(n); year.reserveCapacity(n)
        form.reserveCapacity(n); dob.reserveCapacity(n); sex.reserveCapacity(n); send.reserveCapacity(n)
        fsm.reserveCapacity(n); pp.reserveCapacity(n); eal.reserveCapacity(n); admitted.reserveCapacity(n)
        left.reserveCapacity(n); line.reserveCapacity(n); indexByUPN.reserveCapacity(n)
        for i in extraColumns.indices { extraColumns[i].values.reserveCapacity(n) }
    }

    public func index(ofUPN u: String) -> Int? { indexByUPN[u].map(Int.init) }

    /// "R", "9".
    public static func yearLabel(_ y: Int8) -> String { y == 0 ? "R" : String(y) }

    public func extra(_ name: String) -> TextColumn? { extraColumns.first { $0.name == name } }

    /// Every attribute a query can name: the known columns the file had, then the extras.
    public var attributeNames: [String] {
        var names = ["upn", "forename", "surname", "year"]
        for c in ["form", "dob", "sex", "send", "fsm", "pp", "eal", "admitted", "left"] where presentColumns.contains(c) {
            names.append(c)
        }
        return names + extraColumns.map(\.name)
    }
}
