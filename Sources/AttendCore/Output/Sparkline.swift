/// A pupil's weekly rates and the sparkline drawn from them (the `trend` column).
///
/// The data: one rate per school week of the window, oldest first, as a percentage with
/// one decimal place, separated by spaces; `-` for a week in which the pupil had no
/// possible session (not on roll, or the school closed all week). `100.0 92.5 - 80.0`.
/// CSV and TSV carry this text; JSON carries it as an array (`[100.0, 92.5, null, 80.0]`).
///
/// The picture: one character per week on a fixed scale of 0–100%, so that pupils compare:
/// `▁` under 12.5%, `▂` 12.5% to under 25%, … `▇` 75% to under 87.5%, `█` 87.5% and over; a gap
/// week is `·`.
public enum Sparkline {
    public static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    public static let gap: Character = "·"

    /// The data text of weekly rates (nil: no possible session that week). Tenths are
    /// rounded as ``ResultFormatter/oneDecimal(_:)`` rounds them.
    public static func text(_ rates: [Double?]) -> String {
        rates.map { $0.map(ResultFormatter.oneDecimal) ?? "-" }.joined(separator: " ")
    }

    /// The weekly rates a data text holds.
    public static func rates(_ text: String) -> [Double?] {
        text.split(separator: " ").map { Double($0) }
    }

    /// The block for a rate.
    public static func block(_ rate: Double) -> Character {
        blocks[max(0, min(7, Int((rate * 8 / 100).rounded(.down))))]
    }

    /// The sparkline of a data text.
    public static func draw(_ text: String) -> String {
        String(rates(text).map { $0.map(block) ?? gap })
    }
}
