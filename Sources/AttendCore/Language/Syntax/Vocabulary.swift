/// The words the language gives meaning to, in one place.
///
/// Keywords are contextual: a word means something only where the grammar expects it, so
/// `term`, `week`, `rate`, `year` and `form` stay usable as column names. The sets below
/// say which words may never be a bare column name or cohort name (``reserved``), which
/// words start a measure phrase, and which words carry a statement on to the next line.
/// All comparisons are on lowercased text.
public enum Vocabulary {
    /// Words that begin a statement.
    public static let statementWords: [String] = [
        "pupils", "all", "pupil", "count", "summary", "codes", "show", "let", "explain",
        "print", "param", "set", "format", "chart",
    ]

    /// Single words that are measures by themselves (`rate`, `late`), with both spellings
    /// of authorised.
    public static let simpleMeasures: [String] = [
        "possible", "present", "attended", "authorised", "authorized", "unauthorised",
        "unauthorized", "absent", "absence", "late", "rate", "band",
    ]

    /// Words that are yes/no predicates used alone as conditions.
    public static let predicates: [String] = ["persistent", "severe", "absent"]

    /// Every word a measure phrase or predicate is made of, for suggestions.
    public static let measureWords: [String] = simpleMeasures + [
        "persistent", "severe", "minutes", "sessions", "days", "streak", "coded",
    ]

    /// Words that start a window.
    public static let windowWords: [String] = [
        "over", "between", "since", "on", "today", "yesterday", "in", "this", "last", "until",
    ]

    /// Words that end a pupil list's condition and begin a clause of the statement.
    public static let clauseWords: [String] = [
        "and", "or", "where", "for", "by", "sorted", "limit", "into", "letters", "asc", "desc",
    ]

    /// Words that carry a statement on when they begin the next line: none of them can
    /// begin a statement.
    public static let continuationWords: Set<String> = [
        "and", "or", "where", "for", "by", "sorted", "limit", "into", "letters", "using",
        "asc", "desc", "over", "between", "since", "until", "in", "on", "today", "yesterday",
        "this", "last", "compared",
    ]

    /// Words never read as a bare column name or value: write `` `in` `` for a column
    /// called `in`.
    public static let reserved: Set<String> = continuationWords.union([
        "not", "is", "pupils", "all", "let", "show", "explain", "print", "param",
    ])

    /// Words that cannot name a cohort (`let NAME = …`): the reserved words, the statement
    /// words and every measure or predicate word.
    public static let reservedForCohorts: Set<String> = reserved
        .union(statementWords).union(measureWords)
        .union(ActionKind.names).union(["actions", "record"])

    /// Names of the output formats (`set format csv`).
    public static let formats: [String] = ["table", "csv", "tsv", "json", "markdown"]

    /// Names of settings (`set as-of 2026-03-20`).
    public static let settings: [String] = ["format", "as-of"]

    /// Words of the period part of a window (`over this half-term`).
    public static let periodWords: [String] = [
        "term", "half-term", "year", "week", "this", "last", "autumn", "spring", "summer",
    ]

    /// Month names and abbreviations for dates like `23 Jan 2026`, with the month number.
    public static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
        "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
        "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
        "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    /// Every keyword, for suggestions when an unexpected word turns up.
    public static let allKeywords: [String] = {
        var seen = Set<String>()
        var all: [String] = []
        for w in statementWords + measureWords + windowWords + clauseWords + periodWords
            + ["not", "is", "empty", "using", "weeks", "ago", "week", "any"]
        where seen.insert(w).inserted {
            all.append(w)
        }
        return all
    }()
}
