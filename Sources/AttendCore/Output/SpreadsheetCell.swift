/// The one rule for text that a spreadsheet will open (CSV, TSV, mail-merge CSV, index.csv,
/// and any spreadsheet output to come): a text cell that begins with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would be run as a formula (`=HYPERLINK(…)`, `@SUM(…)`,
/// `-2+3+cmd|…`), so it is written with a `'` in front, which spreadsheets show as text.
///
/// Only text is neutralised: a number or date the tool computed is a number cell, never
/// changed (a change of `-2.5` stays `-2.5`). Quoting (CSV) comes after, so a quoted cell
/// is protected too. Docs/reliability.md.
public enum SpreadsheetCell {
    /// The characters that make a spreadsheet read a cell as a formula.
    public static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    /// `text` as a spreadsheet should see it: with `'` in front when it would be a formula.
    public static func neutralised(_ text: String) -> String {
        guard let first = text.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    /// A value computed as text that is exactly a number as attend writes numbers
    /// (`89.4`, `-2.5`, `12`): the number, so that it is written as a number cell. Anything
    /// else (`01632`, `-2+3`, `=1`) stays text.
    public static func number(fromText s: String) -> Value? {
        guard let d = Double(s), d.isFinite else { return nil }
        let v = Value.number(d)
        return ResultFormatter.raw(v) == s ? v : nil
    }
}
