// `attend check`'s line about the actions log.

extension CheckReport {
    /// `actions.csv: 426 actions for 218 pupils, 14 Oct 2024 to 9 Mar 2026`.
    public static func actionsLine(_ log: ActionLog, file: String) -> String {
        guard let first = log.entries.first, let last = log.entries.last else { return "\(file): no actions yet" }
        let n = log.entries.count, p = log.pupils.count
        return "\(file): \(NumberText.grouped(n)) action\(n == 1 ? "" : "s") for \(NumberText.grouped(p)) pupil\(p == 1 ? "" : "s"), \(first.date.shortEnglish) to \(last.date.shortEnglish)"
    }
}
