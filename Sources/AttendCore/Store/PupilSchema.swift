/// The columns of pupils.csv that attend knows: each one's name, kind, whether the spec
/// requires it, and the MIS header spellings it is recognised by. The loader, the header
/// matcher, the pupils table, the binder, the evaluator, letters and the saved store all read
/// this one list: a new column is one line here (its storage, parsing, text, query name,
/// letter field and saved form follow from its kind).
///
/// Columns not listed here are kept as text (``PupilTable/extraColumns``).
public enum PupilSchema {
    /// In the order attributes are listed (`.columns`, `check`, the saved store). Spellings are
    /// normalized (lower case; no spaces, underscores, hyphens or dots), the canonical name first.
    public static let columns: [PupilColumn] = make([
        ("upn", .text, .required, ["upn", "uniquepupilnumber"]),
        ("forename", .text, .required, ["forename", "legalforename", "firstname", "givenname"]),
        ("surname", .text, .required, ["surname", "legalsurname", "lastname", "familyname"]),
        ("year", .year, .required, ["year", "yeargroup", "ncyear", "nationalcurriculumyear"]),
        ("form", .text, .optional, ["form", "reggroup", "registrationgroup", "tutorgroup", "formgroup"]),
        ("dob", .date, .optional, ["dob", "dateofbirth", "birthdate"]),
        ("sex", .capitals, .optional, ["sex", "gender"]),
        ("send", .send, .optional, ["send", "sen", "senstatus", "senprovision"]),
        ("fsm", .flag, .optional, ["fsm", "fsmeligible", "freeschoolmeals"]),
        ("pp", .flag, .optional, ["pp", "pupilpremium"]),
        ("eal", .flag, .optional, ["eal", "englishasanadditionallanguage"]),
        ("admitted", .date, .optional, ["admitted", "admissiondate", "dateofadmission", "startdate"]),
        ("left", .date, .optional, ["left", "leavingdate", "dateofleaving", "leftdate", "enddate"]),
        ("contact_name", .text, .optional, ["contactname", "prioritycontactname", "primarycontactname", "contact1name"]),
        ("contact_email", .text, .optional, ["contactemail", "prioritycontactemail", "primarycontactemail", "contact1email"]),
        ("contact_phone", .text, .optional, ["contactphone", "prioritycontactphone", "primarycontactphone", "contact1phone",
                                             "contacttelephone", "contactphonenumber"]),
        ("address", .lines, .optional, ["address", "homeaddress", "postaladdress", "contactaddress"]),
    ])

    public enum Presence: Sendable { case required, optional }

    private static func make(_ list: [(String, PupilColumn.Kind, Presence, [String])]) -> [PupilColumn] {
        var slots: [PupilColumn.Storage: Int] = [:]
        return list.enumerated().map { i, c in
            let storage = c.1.storage
            defer { slots[storage, default: 0] += 1 }
            return PupilColumn(id: i, name: c.0, kind: c.1, required: c.2 == .required, spellings: c.3, slot: slots[storage, default: 0])
        }
    }

    /// Columns a pupils.csv must have.
    public static var required: [PupilColumn] { columns.filter(\.required) }
    public static var optional: [PupilColumn] { columns.filter { !$0.required } }

    /// How many columns each kind of storage holds.
    static func slotCount(_ s: PupilColumn.Storage) -> Int { columns.filter { $0.kind.storage == s }.count }

    /// The column a header or a query names: its canonical name or any MIS spelling.
    public static func column(named name: String) -> PupilColumn? {
        let n = normalized(name)
        return columns.first { $0.spellings.contains(n) }
    }

    /// `PupilSchema["form"]`: a column the program names by its meaning.
    public static subscript(_ name: String) -> PupilColumn {
        guard let c = columns.first(where: { $0.name == name }) else { preconditionFailure("no pupils.csv column \(name) in the schema") }
        return c
    }

    /// `Legal Forename` → `legalforename`: a header as spellings are compared.
    public static func normalized(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" && $0 != "\u{FEFF}" && $0 != "." })
    }

    // MARK: Values

    /// `R`, `Reception`, `9`, `Year 9`, `Y9`, `09` → 0…13.
    public static func parseYear(_ s: String) -> Int8? {
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

    /// "R", "9".
    public static func yearLabel(_ y: Int8) -> String { y == 0 ? "R" : String(y) }

    /// `Y`/`N`, `Yes`/`No`, `T`/`F`, `1`/`0`, `true`/`false`.
    public static func parseFlag(_ s: String) -> Bool? {
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

    /// `Y`/`N`, or empty for no value.
    public static func flagText(_ b: Bool?) -> String { b.map { $0 ? "Y" : "N" } ?? "" }

    /// `N`/`None`, `K`/`SEN support`, `E`/`EHCP`/`EHC plan` (and `S`, the old statement) → a status.
    public static func parseSEND(_ s: String) -> SENDStatus? {
        switch s.uppercased() {
        case "N", "NONE": SENDStatus.none
        case "K", "SEN SUPPORT", "SUPPORT": .support
        case "E", "EHCP", "EHC PLAN", "S": .ehcPlan
        default: nil
        }
    }
}

/// One column of ``PupilSchema``.
public struct PupilColumn: Sendable, Hashable, CustomStringConvertible {
    /// Position in ``PupilSchema/columns``.
    public let id: Int
    /// The canonical name: the pupils.csv header, the query attribute, the letter field.
    public let name: String
    public let kind: Kind
    /// The spec requires it (a pupils.csv without it is refused).
    public let required: Bool
    /// Normalized header spellings (``PupilSchema/normalized(_:)``).
    public let spellings: [String]
    /// The column's place among the columns of its kind's storage in ``PupilTable``.
    let slot: Int

    public var description: String { name }

    public static func == (a: PupilColumn, b: PupilColumn) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }

    /// What a column holds: how it is read, stored, compared and shown.
    public enum Kind: Sendable, Hashable {
        /// Text as written (trimmed).
        case text
        /// Text kept in capitals (`sex`: `f` → `F`).
        case capitals
        /// Text of several lines (a postal address); letters also get NAME_lines, one per line.
        case lines
        /// A national curriculum year: `R`, 1…13 (many spellings).
        case year
        /// Yes/no (many spellings); empty is no value.
        case flag
        /// SEN status: `N`, `K`, `E`; empty in a file that has the column is `N`.
        case send
        /// A date (ISO or UK); empty is no value.
        case date

        /// Where the pupils table keeps values of this kind.
        var storage: Storage {
            switch self {
            case .text, .capitals, .lines: .text
            case .year: .year
            case .flag: .flag
            case .send: .send
            case .date: .date
            }
        }
    }

    enum Storage: Hashable { case text, year, flag, send, date }

    // The columns the program gives a meaning beyond their kind.
    public static let upn = PupilSchema["upn"]
    public static let forename = PupilSchema["forename"]
    public static let surname = PupilSchema["surname"]
    public static let year = PupilSchema["year"]
    public static let form = PupilSchema["form"]
    public static let send = PupilSchema["send"]
    public static let admitted = PupilSchema["admitted"]
    public static let left = PupilSchema["left"]
}
