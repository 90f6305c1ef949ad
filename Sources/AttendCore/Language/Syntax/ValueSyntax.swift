// Leaves of the syntax tree: names, literal numbers, texts, dates and mark codes.
//
// Every node carries `span`: the UTF-8 byte range of its text in the statement's text
// (``Statement/text``), for the binder's carets.

/// A number exactly as written: `92.5` is 925 × 10⁻¹, so comparisons can be exact.
public struct DecimalLiteral: Sendable, Hashable, CustomStringConvertible {
    /// The digits as one integer, with the sign.
    public var units: Int
    /// How many of the digits are after the decimal point.
    public var scale: Int

    public init(units: Int, scale: Int) {
        self.units = units
        self.scale = scale
    }

    /// The value when it is a whole number.
    public var integerValue: Int? { scale == 0 ? units : nil }

    public var doubleValue: Double {
        var d = Double(units)
        for _ in 0..<scale { d /= 10 }
        return d
    }

    /// `92.5`, `-5`, `0.05`.
    public var description: String {
        guard scale > 0 else { return String(units) }
        let digits = String(units.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -scale)
        return (units < 0 ? "-" : "") + padded[..<cut] + "." + padded[cut...]
    }
}

/// A name: a column (`send`, `` `rate` ``), a cohort (`concern`), a parameter or an option.
public struct NameSyntax: Sendable, Hashable, CustomStringConvertible {
    /// The name as written, without backquotes.
    public var text: String
    /// Written in backquotes, so never a keyword.
    public var quoted: Bool
    public var span: Range<Int>

    public init(text: String, quoted: Bool, span: Range<Int>) {
        self.text = text
        self.quoted = quoted
        self.span = span
    }

    public var description: String { quoted ? "`\(text)`" : text }
}

/// Text given as a string or a parameter: `"letters/"`, `$folder`.
public struct TextSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case literal(String)
        /// `$NAME`, without the `$`.
        case parameter(String)
    }
    public var kind: Kind
    public var span: Range<Int>
}

/// A whole number given literally or as a parameter: `term 1`, `limit $n`.
public struct NumberSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case literal(Int)
        case parameter(String)
    }
    public var kind: Kind
    public var span: Range<Int>
}

/// A date: `2026-01-23`, `23/01/2026`, `23 Jan 2026`, `today`, `yesterday` or `$from`.
/// Literal dates are checked to exist when parsed.
public struct DateSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case day(Day)
        /// The as-of date.
        case today
        /// The day before the as-of date (whether that means the previous school day is
        /// the binder's decision).
        case yesterday
        case parameter(String)
        /// `last monday` … `last sunday`: the latest such calendar day before the as-of
        /// date (ISO weekday, 1 = Monday).
        case lastWeekday(Int)
        /// `1 sep`, or `september` after `since`: a day and month with no year, in the as-of
        /// date's academic year.
        case dayMonth(day: Int, month: Int)
    }
    public var kind: Kind
    public var span: Range<Int>
}

/// One mark code in a `coded` list: `N`, `C2`, `/`, `\`, `#`, `-`. Letters are upper-cased;
/// whether the code exists is the binder's to check against the code table.
public struct CodeSyntax: Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var span: Range<Int>
    public var description: String { code }
}
