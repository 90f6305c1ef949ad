/// The rules `next step` follows, with the national defaults of the 2024 framework
/// (*Working together to improve school attendance*, August 2024, and the national
/// framework for penalty notices; Docs/casework.md cites each). A local code of conduct
/// changes them in school.conf:
///
///     casework.penalty_threshold_sessions = 10   # unauthorised sessions …
///     casework.penalty_threshold_weeks = 10      # … in a rolling N school weeks
///     casework.notice_period_years = 3           # a second notice within N years: higher rate
///     casework.notices_before_la = 2             # no third notice within the period: the LA
///     casework.notice_to_improve_first = yes     # a notice to improve normally comes first
///     casework.improvement_period_weeks = 6      # its improvement period (3 to 6 weeks)
///     casework.notices_count_from = 2024-08-19   # notices before the framework do not count
///     action.phone_call = call                   # the school's own word for an action
public struct EscalationRules: Sendable, Hashable {
    public var thresholdSessions = 10
    public var thresholdWeeks = 10
    public var noticePeriodYears = 3
    public var noticesBeforeLA = 2
    public var noticeToImproveFirst = true
    public var improvementPeriodWeeks = 6
    public var noticesCountFrom: Day? = Day(year: 2024, month: 8, day: 19)
    /// A school's own words for actions (`action.fpn = penalty-notice`), normalized.
    public var schoolWords: [String: ActionKind] = [:]

    public init() {}

    public static let national = EscalationRules()

    /// The school.conf keys, with what each is for.
    public static let keys: [(key: String, meaning: String)] = [
        ("casework.penalty_threshold_sessions", "unauthorised sessions that make a penalty notice a consideration (default 10)"),
        ("casework.penalty_threshold_weeks", "the rolling window of school weeks they are counted over (default 10)"),
        ("casework.notice_period_years", "years within which a second notice is at the higher rate (default 3)"),
        ("casework.notices_before_la", "notices within the period after which the case goes to the LA (default 2)"),
        ("casework.notice_to_improve_first", "yes when a notice to improve comes before a first notice (default yes)"),
        ("casework.improvement_period_weeks", "a notice to improve's improvement period in weeks (default 6)"),
        ("casework.notices_count_from", "notices before this date do not count (default 2024-08-19; `none` counts all)"),
    ]

    /// What reading a school.conf line did.
    enum LineResult: Equatable {
        /// The key is not `casework.…` or `action.…`.
        case notCasework
        case taken
        case problem(message: String, hint: String)
    }

    /// Reads one school.conf line whose key starts `casework.` or `action.`.
    mutating func read(key: String, value: String) -> LineResult {
        if key.hasPrefix("action.") {
            let word = ActionKind.normalized(String(key.dropFirst(7)))
            guard !word.isEmpty, ActionKind(rawValue: word) == nil else {
                return .problem(message: "`\(key)` maps a word that is already an action", hint: "map a school's own word, e.g. `action.phone_call = call`")
            }
            guard let kind = ActionKind(rawValue: ActionKind.normalized(value)) else {
                return .problem(message: "`\(key) = \(value)`: \(value) is not an action",
                              hint: Suggestion.didYouMean(ActionKind.normalized(value), in: ActionKind.names) ?? "the actions are: \(ActionKind.names.joined(separator: ", "))")
            }
            schoolWords[word] = kind
            return .taken
        }
        guard key.hasPrefix("casework.") else { return .notCasework }
        let name = String(key.dropFirst(9))
        func whole(_ range: ClosedRange<Int>) -> Int? {
            guard let n = Int(value), range.contains(n) else { return nil }
            return n
        }
        func bad(_ what: String) -> LineResult {
            .problem(message: "`\(key) = \(value)`: \(what)", hint: "the national default is kept when the line is left out (Docs/casework.md)")
        }
        switch name {
        case "penalty_threshold_sessions":
            guard let n = whole(1...1000) else { return bad("a number of sessions from 1 to 1000") }
            thresholdSessions = n
        case "penalty_threshold_weeks":
            guard let n = whole(1...52) else { return bad("a number of school weeks from 1 to 52") }
            thresholdWeeks = n
        case "notice_period_years":
            guard let n = whole(1...10) else { return bad("a number of years from 1 to 10") }
            noticePeriodYears = n
        case "notices_before_la":
            guard let n = whole(1...10) else { return bad("a number of notices from 1 to 10") }
            noticesBeforeLA = n
        case "improvement_period_weeks":
            guard let n = whole(0...26) else { return bad("a number of weeks from 0 to 26") }
            improvementPeriodWeeks = n
        case "notice_to_improve_first":
            guard let f = PupilSchema.parseFlag(value) else { return bad("yes or no") }
            noticeToImproveFirst = f
        case "notices_count_from":
            if ["none", "-", ""].contains(value.lowercased()) { noticesCountFrom = nil; return .taken }
            guard let d = Day(parsing: value) else { return bad("a date such as 2024-08-19, or none") }
            noticesCountFrom = d
        default:
            let known = Self.keys.map(\.key)
            return .problem(message: "unknown setting `\(key)`", hint: Suggestion.didYouMean(key, in: known) ?? "the casework keys are: \(known.joined(separator: ", "))")
        }
        return .taken
    }
}
