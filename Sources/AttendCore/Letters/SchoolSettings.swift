#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The school's own settings, from a small `school.conf` of `key = value` lines next to
/// the register folder (or `--school FILE`): the names letters are signed with and the
/// school's bands.
///
///     # school.conf
///     name = Northbridge Academy
///     head_teacher = Mrs R. Patel
///     attendance_lead = Mr D. Okafor
///     phone = 01632 960 000
///     band.green = 95          # the policy's green band starts at 95%
///
/// Every setting becomes a letter field `school_KEY` (`school_name`, `school_phone`, …).
public struct SchoolSettings: Sendable, Hashable {
    /// Settings by key (`name`, `head_teacher`, …), as written.
    public var values: [String: String]
    /// `band.NAME = N` lines: each band's lower bound, in file order.
    public var bandBounds: [Bands.Band]
    /// The file the settings came from, for messages (nil for built-in settings).
    public var file: String?
    /// `casework.…` and `action.…` lines: the escalation rules and the school's own words
    /// for actions (Docs/casework.md), national defaults where not set.
    public var casework = EscalationRules()
    /// `projection.*` and `at_risk.*` lines: the projections' thresholds (ProjectionSettings).
    public var projection: ProjectionSettings = .standard

    public init(values: [String: String] = [:], bandBounds: [Bands.Band] = [], file: String? = nil) {
        self.values = values
        self.bandBounds = bandBounds
        self.file = file
    }

    public static let fileName = "school.conf"

    /// The keys a school.conf may set, with what each is for (Docs/letters.md lists them).
    public static let keys: [(key: String, meaning: String)] = [
        ("name", "the school's name"),
        ("head_teacher", "the head teacher's name as letters give it"),
        ("head_teacher_title", "the head teacher's title under the signature (default: Headteacher)"),
        ("attendance_lead", "the attendance lead's name"),
        ("attendance_lead_title", "the attendance lead's title under the signature (default: Attendance Lead)"),
        ("phone", "the school office's telephone number"),
        ("email", "the school office's e-mail address"),
        ("address", "the school's postal address, lines separated by commas"),
        ("website", "the school's website"),
        ("local_authority", "the local authority's name (notices to improve name it)"),
    ]

    /// Keys a school.conf may set that are not letter fields (Docs/language.md, "Compared
    /// with national").
    public static let comparisonKeys: [(key: String, meaning: String)] = [
        ("phase", "primary, secondary, special or all: the national figures `compared with national` uses (default: from the year groups)"),
        ("reference", "a CSV of a local authority's or trust's own figures for `compared with reference` (relative to school.conf)"),
    ]

    /// Values used when a school.conf does not set them.
    public static let defaults: [String: String] = [
        "head_teacher_title": "Headteacher",
        "attendance_lead_title": "Attendance Lead",
    ]

    /// Placeholder settings for the built-in demo register (`--demo`), so its letters have
    /// a letterhead and a signature.
    public static let demo = SchoolSettings(values: [
        "name": "Northbridge Academy",
        "head_teacher": "Mrs R. Patel",
        "attendance_lead": "Mr D. Okafor",
        "phone": "01632 960 000",
        "email": "attendance@northbridge-academy.example.org",
        "address": "School Lane, Northbridge, NB1 4AA",
        "website": "northbridge-academy.example.org",
        "local_authority": "Northbridge Council",
    ])

    /// The text of a school.conf holding `demo`'s settings (for `attend demo DIR`).
    public static var demoFileText: String {
        var lines = ["# school.conf: the school's settings for letters and its attendance bands.",
                     "# Every key becomes a letter field school_KEY (Docs/letters.md).", ""]
        for (key, _) in keys {
            if let v = demo.values[key] { lines.append("\(key) = \(v)") }
        }
        lines += ["", "# The policy's bands (lower bounds, in %); these are the defaults.",
                  "band.green = 96", "band.upper_amber = 94", "band.lower_amber = 90", "band.red = 0"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A setting, or its default; empty when neither.
    public func value(_ key: String) -> String {
        let v = values[key] ?? ""
        return v.isEmpty ? (Self.defaults[key] ?? "") : v
    }

    /// The bands with this school's lower bounds in place of `base`'s.
    public func bands(_ base: Bands = .standard) -> Bands {
        var b = base
        for band in bandBounds { b = b.setting(band.name, lowerBound: band.lowerBound) }
        return b
    }

    // MARK: Reading school.conf

    /// Where a register folder's school.conf is: inside the folder, else beside it.
    public static func find(registerFolder: String) -> String? {
        let dir = registerFolder.hasSuffix("/") && registerFolder.count > 1 ? String(registerFolder.dropLast()) : registerFolder
        for candidate in [dir + "/" + fileName, SafeFileWriter.directory(of: dir) + "/" + fileName] where access(candidate, R_OK) == 0 {
            return candidate
        }
        return nil
    }

    /// The folder holding a file (`.` for a bare name).
    public static func folder(of file: String) -> String { SafeFileWriter.directory(of: file) }

    /// Reads a school.conf; every bad line is listed.
    public static func load(path: String) throws(DiagnosticList) -> SchoolSettings {
        let bytes: FileBytes
        do { bytes = try FileBytes(path: path) } catch { throw DiagnosticList([error]) }
        RegisterFiles.record(path)
        guard let text = bytes.withBytes({ String(validating: $0, as: UTF8.self) }) else {
            throw DiagnosticList([.notUTF8(path, saveAs: "school.conf")])
        }
        return try parse(text, file: path)
    }

    /// Parses school.conf text: `key = value` lines, `#` comments, blank lines. A value may
    /// be in double quotes. Keys ignore case, and `-` or a space reads as `_`.
    public static func parse(_ text: String, file: String) throws(DiagnosticList) -> SchoolSettings {
        var settings = SchoolSettings(file: file)
        var problems: [Diagnostic] = []
        let known = keys.map(\.key) + comparisonKeys.map(\.key)
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = i + 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if i == 0 && line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                problems.append(.badSchoolSetting("this line is not `key = value`", hint: "write e.g. `name = Northbridge Academy`; # starts a comment",
                                                  file: file, line: lineNumber))
                continue
            }
            let key = normalizedKey(String(trimmed[..<eq]))
            var value = String(trimmed[trimmed.index(after: eq)...]).trimmingSpaces()
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            } else if let hash = value.commentStart {
                value = String(value[..<hash]).trimmingSpaces()
            }
            if key.hasPrefix("band.") {
                let band = String(key.dropFirst(5)).replacingUnderscores()
                var number = value
                if number.hasSuffix("%") { number.removeLast() }
                guard !band.isEmpty, let bound = Exact(decimal: number.trimmingSpaces()), bound <= Exact(100) else {
                    problems.append(.badSchoolSetting("`\(key) = \(value)`: a band's lower bound is a percentage from 0 to 100",
                                                      hint: "write e.g. `band.green = 96`", file: file, line: lineNumber))
                    continue
                }
                settings.bandBounds.removeAll { $0.name == band }
                settings.bandBounds.append(Bands.Band(name: band, lowerBound: bound))
                continue
            }
            switch settings.casework.read(key: key, value: value) {
            case .taken: continue
            case .problem(let message, let hint):
                problems.append(.badSchoolSetting(message, hint: hint, file: file, line: lineNumber))
                continue
            case .notCasework: break
            }
            if ProjectionSettings.isKey(key) {
                if let bad = settings.projection.set(key, value) {
                    problems.append(.badSchoolSetting(bad.problem, hint: bad.hint, file: file, line: lineNumber))
                }
                continue
            }
            guard known.contains(key) else {
                let hint = Suggestion.didYouMean(key, in: known + ["band.green"]) ?? "the keys are: \(known.joined(separator: ", ")), and band.NAME"
                problems.append(.badSchoolSetting("unknown setting `\(key)`", hint: hint, file: file, line: lineNumber))
                continue
            }
            settings.values[key] = value
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return settings
    }

    /// `Head Teacher` → `head_teacher`; `band.Upper Amber` → `band.upper_amber`.
    static func normalizedKey(_ raw: String) -> String {
        let lower = raw.trimmingSpaces().lowercased()
        return String(lower.map { $0 == "-" || $0 == " " ? "_" : $0 })
    }
}

extension String {
    /// Where a trailing ` # comment` starts, if the line has one.
    var commentStart: String.Index? {
        var previous: Character = "x"
        for i in indices {
            if self[i] == "#" && (previous == " " || previous == "\t") { return i }
            previous = self[i]
        }
        return nil
    }
}
