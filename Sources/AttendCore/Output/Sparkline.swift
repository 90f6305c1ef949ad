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

    /// The same text from exact counts, week by week (`attended[i]` of `possible[i]`; no
    /// possible session: `-`), written byte by byte: a whole school's trend column is
    /// millions of figures. Tenths round half away from zero, as ``ResultFormatter/oneDecimal(_:)``.
    static func text(attended: UnsafeBufferPointer<Int32>, possible: UnsafeBufferPointer<Int32>, into bytes: inout [UInt8]) -> String {
        bytes.removeAll(keepingCapacity: true)
        for i in 0..<possible.count {
            if i > 0 { bytes.append(0x20) }
            let n = Int(possible[i])
            guard n > 0 else { bytes.append(UInt8(ascii: "-")); continue }
            // Tenths of a percent: attended × 1000 ÷ possible, rounded half up (never negative).
            let tenths = (Int(attended[i]) * 2000 + n) / (2 * n)
            let whole = tenths / 10
            if whole >= 100 { bytes.append(0x31); bytes.append(0x30); bytes.append(0x30) }
            else if whole >= 10 { bytes.append(0x30 + UInt8(whole / 10)); bytes.append(0x30 + UInt8(whole % 10)) }
            else { bytes.append(0x30 + UInt8(whole)) }
            bytes.append(UInt8(ascii: "."))
            bytes.append(0x30 + UInt8(tenths % 10))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The weekly rates a data text holds.
    public static func rates(_ text: String) -> [Double?] {
        text.split(separator: " ").map { Double($0) }
    }

    /// The block for a rate.
    public static func block(_ rate: Double) -> Character {
        blocks[max(0, min(7, Int((rate * 8 / 100).rounded(.down))))]
    }

    /// The sparkline of a data text, read byte by byte (a whole school's column is
    /// millions of figures): each figure's tenths give its block as ``block(_:)`` does.
    public static func draw(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var tenths = 0, inFigure = false, isGap = false
        func flush() {
            if isGap { out += gapBytes } else if inFigure { out += blockBytes[max(0, min(7, tenths * 8 / 1000))] }
            tenths = 0; inFigure = false; isGap = false
        }
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): tenths = tenths * 10 + Int(b - UInt8(ascii: "0")); inFigure = true
            case UInt8(ascii: "-"): isGap = true
            case UInt8(ascii: " "): flush()
            default: break   // the decimal point: the figure has exactly one decimal
            }
        }
        flush()
        return String(decoding: out, as: UTF8.self)
    }

    static let blockBytes: [[UInt8]] = blocks.map { Array(String($0).utf8) }
    static let gapBytes = Array(String(gap).utf8)
}
