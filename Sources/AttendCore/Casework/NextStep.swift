/// `next step`: what the escalation rules (``EscalationRules``) say comes next for a pupil,
/// from the actions log and the penalty threshold, with the rule it applied written out.
/// The framework's order (Docs/casework.md):
/// 1. notices to the same parent for the same pupil within the period (withdrawn notices
///    do not count) already at the limit: no further notice; the case goes to the LA
///    (or is with it, when referred since the last notice);
/// 2. under the threshold: monitor;
/// 3. one notice within the period: a second, at the higher rate;
/// 4. none: a notice to improve first (unless one was given within the period), waiting
///    out its improvement period; then a first notice.
public struct NextStep: Sendable, Hashable {
    /// The step, in words: `penalty notice (second in 3 years: higher rate)`.
    public var text: String
    public var rule: Rule

    /// Which branch of the rules applied (for tests and `explain`).
    public enum Rule: String, Sendable, Hashable {
        case withLA = "with-la"
        case referToLA = "refer-to-la"
        case monitor
        case secondNotice = "second-notice"
        case noticeToImproveFirst = "notice-to-improve-first"
        case improvementPeriod = "improvement-period"
        case firstNotice = "first-notice"
    }

    /// The penalty notices that count on `asOf`: within the period (from the same date
    /// `noticePeriodYears` earlier, and not before ``EscalationRules/noticesCountFrom``),
    /// less those withdrawn (a `penalty-withdrawn` row withdraws the latest notice before
    /// it that is not already withdrawn).
    public static func countingNotices(_ entries: [ActionEntry], asOf: Day, rules: EscalationRules) -> [ActionEntry] {
        let notices = standingNotices(entries, through: asOf)
        let start = periodStart(asOf: asOf, years: rules.noticePeriodYears)
        return notices.filter { n in n.date >= start && (rules.noticesCountFrom.map { n.date >= $0 } ?? true) }
    }

    /// The penalty notices to `through` that stand: a `penalty-withdrawn` row withdraws the
    /// latest notice before it that is not already withdrawn (entries in date order). The
    /// one rule for withdrawals: `next step` and the `penalty-notice` measure both use it.
    public static func standingNotices(_ entries: [ActionEntry], through: Day) -> [ActionEntry] {
        var notices: [ActionEntry] = []
        for e in entries where e.date <= through {
            switch e.action {
            case .penaltyNotice: notices.append(e)
            case .penaltyWithdrawn: if !notices.isEmpty { notices.removeLast() }
            default: break
            }
        }
        return notices
    }

    /// The first day of the period of `years` years ending on `asOf`: the day after the same
    /// date `years` years earlier (29 February becomes 1 March).
    public static func periodStart(asOf: Day, years: Int) -> Day {
        let c = asOf.civil
        let same = Day(year: c.year - years, month: c.month, day: c.day) ?? Day(year: c.year - years, month: 3, day: 1)!
        return same.advanced(by: 1)
    }

    /// The next step for a pupil with `entries` (their actions log, any order) who had
    /// `unauthorised` unauthorised sessions in the last ``EscalationRules/thresholdWeeks``
    /// school weeks to `asOf`.
    public static func compute(entries: [ActionEntry], unauthorised: Int, asOf: Day, rules r: EscalationRules) -> NextStep {
        let entries = entries.filter { $0.date <= asOf }.sorted { $0.date < $1.date }
        let notices = countingNotices(entries, asOf: asOf, rules: r)
        let atThreshold = unauthorised >= r.thresholdSessions
        let years = "\(r.noticePeriodYears) year\(r.noticePeriodYears == 1 ? "" : "s")"
        let threshold = "\(unauthorised) unauthorised session\(unauthorised == 1 ? "" : "s") in last \(r.thresholdWeeks) weeks (threshold \(r.thresholdSessions))"
        if notices.count >= r.noticesBeforeLA, let first = notices.first {
            let count = "\(Self.number(notices.count)) notice\(notices.count == 1 ? "" : "s") since \(first.date.shortEnglish)"
            if let referral = entries.last(where: { ($0.action == .laReferral || $0.action == .prosecution) && $0.date >= notices.last!.date }) {
                let what = referral.action == .prosecution ? "prosecution begun" : "referred"
                return NextStep(text: "with the LA: \(what) \(referral.date.shortEnglish) after \(count)", rule: .withLA)
            }
            if atThreshold {
                return NextStep(text: "refer to LA: \(count) (no third within \(years)); \(threshold)", rule: .referToLA)
            }
        }
        guard atThreshold else {
            return NextStep(text: "monitor: \(threshold)", rule: .monitor)
        }
        if notices.count >= r.noticesBeforeLA {
            // Reached only when the limit is 0 notices: straight to the LA.
            return NextStep(text: "refer to LA: \(threshold)", rule: .referToLA)
        }
        if !notices.isEmpty {
            let ordinal = Self.ordinal(notices.count + 1)
            return NextStep(text: "penalty notice (\(ordinal) in \(years): higher rate; last \(notices.last!.date.shortEnglish))", rule: .secondNotice)
        }
        if r.noticeToImproveFirst {
            let start = periodStart(asOf: asOf, years: r.noticePeriodYears)
            guard let nti = entries.last(where: { $0.action == .noticeToImprove && $0.date >= start }) else {
                return NextStep(text: "notice to improve first: \(threshold)", rule: .noticeToImproveFirst)
            }
            let ends = nti.date.advanced(by: 7 * r.improvementPeriodWeeks)
            if asOf < ends {
                return NextStep(text: "wait: notice to improve \(nti.date.shortEnglish), improvement period ends \(ends.shortEnglish)", rule: .improvementPeriod)
            }
            return NextStep(text: "penalty notice (first in \(years); notice to improve \(nti.date.shortEnglish))", rule: .firstNotice)
        }
        return NextStep(text: "penalty notice (first in \(years)): \(threshold)", rule: .firstNotice)
    }

    static func number(_ n: Int) -> String {
        let words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return n < words.count ? words[n] : "\(n)"
    }

    static func ordinal(_ n: Int) -> String {
        let words = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
        return n < words.count ? words[n] : "\(n)th"
    }
}
