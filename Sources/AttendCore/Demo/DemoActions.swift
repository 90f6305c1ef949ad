/// A plausible actions log for the demo register, so `--demo` shows casework: for the pupils
/// at the penalty threshold on 20 March 2026 (10 unauthorised sessions in the 10 school
/// weeks to then), one of six ladders in turn (by UPN), each a step further on; and the
/// autumn letter for every pupil persistently absent by half-term. Deterministic: the same
/// register gives the same log. Dated up to 20 March 2026, the date the documentation's
/// examples use.
public enum DemoActions {
    public static let until = Day(year: 2026, month: 3, day: 20)!

    public static func log(for r: Register) -> ActionLog {
        ActionLog(entries: entries(for: r), path: nil, loaded: true)
    }

    public static func entries(for r: Register) -> [ActionEntry] {
        guard r.calendar.lastSchoolDay.map({ $0 >= until }) == true else { return [] }
        let weeks = r.calendar.lastSchoolWeeks(10, through: until)
        let from = weeks.first.map { r.calendar.days[$0.days.lowerBound] } ?? until
        let all = PupilSet.all(r.pupilCount)
        let unauthorised = r.counts(.markClass(.unauthorised), r.calendar.sessionRange(from: from, through: until), in: all)
        let autumn = r.calendar.sessionRange(from: Day(year: 2025, month: 9, day: 1)!, through: Day(year: 2025, month: 10, day: 24)!)
        let absent = r.counts(.markClass(.absent), autumn, in: all)
        let possible = r.counts(.markClass(.possible), autumn, in: all)
        let upn = r.pupils.upn
        var out: [ActionEntry] = []
        func add(_ p: Int, _ date: String, _ a: ActionKind, _ by: String, _ note: String = "") {
            out.append(ActionEntry(date: Day(parsing: date)!, pupil: p, upn: upn[p], action: a, by: by, note: note))
        }
        for p in 0..<r.pupilCount where possible[p] > 0 && absent[p] * 10 >= possible[p] {
            add(p, "2025-11-03", .letter, "DO", "termly-letter.txt.mustache")
        }
        let flagged = (0..<r.pupilCount).filter { unauthorised[$0] >= 10 }.sorted { upn[$0] < upn[$1] }
        for (k, p) in flagged.enumerated() {
            switch k % 6 {
            case 0:
                add(p, "2026-01-12", .call, "FLO", "first-day call")
                add(p, "2026-02-02", .meeting, "JS", "with parent; targets agreed")
            case 1:
                add(p, "2025-12-08", .meeting, "JS", "with parent")
                add(p, "2026-01-19", .earlyHelp, "FLO", "early help assessment offered")
                add(p, "2026-03-09", .noticeToImprove, "DO", "improvement period 6 weeks")
            case 2:
                add(p, "2025-11-17", .noticeToImprove, "DO", "improvement period 6 weeks")
                add(p, "2026-01-26", .penaltyNotice, "LA", "first notice")
            case 3:
                add(p, "2024-10-14", .penaltyNotice, "LA", "term-time holiday")
                add(p, "2025-05-19", .penaltyNotice, "LA", "second: higher rate")
                add(p, "2026-02-23", .meeting, "JS", "attendance panel")
            case 4:
                add(p, "2025-10-06", .homeVisit, "FLO", "no answer")
                add(p, "2025-12-01", .attendanceContract, "JS", "review in a half-term")
            default:
                add(p, "2025-10-20", .noticeToImprove, "DO")
                add(p, "2025-12-15", .penaltyNotice, "LA")
                add(p, "2026-01-05", .penaltyWithdrawn, "LA", "issued in error: the absence was authorised")
            }
        }
        return out
    }
}
