/// Weekday measures: `absent on fridays`, `unauthorised on mondays or fridays`.
extension Binder {
    /// A count of a class's sessions, restricted to the weekdays written. The unit stays
    /// the measure's: sessions, as `absent` counts them (two a day). Anything else (a rate, a
    /// streak, codes) is refused (Q150).
    func onWeekdays(_ e: BoundExpr, _ wd: WeekdaysSyntax, _ m: MeasureSyntax) throws(Diagnostic) -> BoundExpr {
        guard case .count(.markClass(let c), let unit, let w) = e else {
            let what: String = switch m.kind {
            case .rate: "a rate"
            case .absence: "an absence rate"
            case .band: "a band"
            case .minutesLate: "minutes late"
            case .streak, .streakCoded: "a streak"
            default: "sessions coded"
            }
            throw Diagnostic.weekdaysNeedCount(what, at: site(m.phraseSpan))
        }
        return .count(.onWeekdays(c, wd.days), unit, w)
    }
}
