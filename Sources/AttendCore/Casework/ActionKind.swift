/// What was done for a pupil, as the actions log (actions.csv) records it: the steps of an
/// attendance policy's ladder, from a letter to a prosecution (Docs/casework.md).
public enum ActionKind: String, CaseIterable, Sendable, Hashable {
    case letter
    case call
    case meeting
    case homeVisit = "home-visit"
    case attendanceContract = "attendance-contract"
    case parentingContract = "parenting-contract"
    case earlyHelp = "early-help"
    case noticeToImprove = "notice-to-improve"
    case penaltyNotice = "penalty-notice"
    case penaltyWithdrawn = "penalty-withdrawn"
    case laReferral = "la-referral"
    case prosecution

    /// Every action's name, in ladder order, for messages and suggestions.
    public static let names: [String] = allCases.map(\.rawValue)

    /// `Home Visit`, `home_visit`, `HOME-VISIT` → `home-visit`: case ignored, spaces and
    /// underscores read as hyphens, surrounding spaces dropped.
    public static func normalized(_ text: String) -> String {
        var out = ""
        var lastHyphen = false
        for ch in text.lowercased().trimmingSpaces() {
            if ch == " " || ch == "_" || ch == "-" || ch == "\t" {
                if !lastHyphen && !out.isEmpty { out.append("-") }
                lastHyphen = true
            } else {
                out.append(ch)
                lastHyphen = false
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// The action a word names: one of the national words, or a school's own word mapped in
    /// school.conf (`action.phone_call = call`).
    public static func named(_ text: String, schoolWords: [String: ActionKind] = [:]) -> ActionKind? {
        // The usual case, a national word as attend writes it, without building a new string.
        if let exact = ActionKind(rawValue: text) { return exact }
        let n = normalized(text)
        return ActionKind(rawValue: n) ?? schoolWords[n]
    }
}
