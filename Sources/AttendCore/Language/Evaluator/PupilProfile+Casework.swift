// The pupil profile's casework part: the actions timeline and the next step.

extension PupilProfile {
    /// The pupil's actions to the as-of date, oldest first, and the next step; nothing when
    /// the session has no actions log and the pupil no actions.
    func caseworkLines() -> [String] {
        let e = evaluator
        let entries = e.casework.actions.entries(for: pupil).filter { $0.date <= e.asOf }
        guard e.casework.actions.path != nil || !entries.isEmpty else { return [] }
        var lines = ["", entries.isEmpty ? "actions: none recorded" : "actions:"]
        for a in entries {
            let parts = [a.date.iso, a.written, a.by, a.note].filter { !$0.isEmpty }
            lines.append("  " + parts.joined(separator: "  "))
        }
        var one = PupilSet(capacity: e.register.pupilCount)
        one.insert(pupil)
        let unauthorised = Int(e.thresholdCounts(one)[pupil])
        lines.append("next step: " + NextStep.compute(entries: entries, unauthorised: unauthorised, asOf: e.asOf, rules: e.casework.rules).text)
        return lines
    }
}
