// Statements: queries, cohort definitions and script statements.

/// One parsed statement with where it came from.
public struct Statement: Sendable, Hashable, CustomStringConvertible {
    public var kind: StatementKind
    /// The statement's source text, from its first token to its last (comments inside it
    /// included). Every span in the tree is a UTF-8 byte range in this text.
    public var text: String
    /// The script file, when the text came from one.
    public var file: String?
    /// 1-based line and column (in characters) of the statement's start in the parsed text.
    public var line: Int
    public var column: Int
    /// UTF-8 byte offset of ``text`` in the parsed text.
    public var offset: Int

    public init(kind: StatementKind, text: String, file: String?, line: Int, column: Int, offset: Int) {
        self.kind = kind
        self.text = text
        self.file = file
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The whole statement.
    public var span: Range<Int> { 0..<text.utf8.count }

    /// Where a diagnostic about the node with `span` points: the statement text with the
    /// span, and `file:line:column` when the statement came from a file.
    public func site(_ span: Range<Int>) -> DiagnosticSite {
        let bytes = Array(text.utf8)
        let lo = max(0, min(span.lowerBound, bytes.count))
        let hi = max(lo, min(span.upperBound, bytes.count))
        var location: SourceLocation?
        if let file {
            var line = self.line
            var lineStart = 0
            for (k, b) in bytes[0..<lo].enumerated() where b == 0x0A {
                line += 1
                lineStart = k + 1
            }
            let chars = String(decoding: bytes[lineStart..<lo], as: UTF8.self).count
            let column = line == self.line ? self.column + chars : chars + 1
            location = SourceLocation(file: file, line: line, column: column)
        }
        return DiagnosticSite(source: QuerySource(text: text, span: lo..<hi), location: location)
    }

    /// The tree as an S-expression, e.g. `(pupils (where (< (rate) 90% (over term 1))))`.
    public var description: String { kind.description }
}

/// What a statement says.
public enum StatementKind: Sendable, Hashable, CustomStringConvertible {
    /// Something that produces rows: a pupil list, `count`, `show`, `summary`, …
    case query(QuerySyntax)
    /// `let NAME = PUPIL-LIST`.
    case letCohort(LetSyntax)
    /// `explain QUERY`.
    case explain(ExplainSyntax)
    /// `print "text"`.
    case print(PrintSyntax)
    /// `param NAME [= VALUE]`.
    case param(ParamSyntax)
    /// `set format csv` or `format csv`.
    case format(FormatSyntax)
    /// `set as-of DATE`.
    case asOf(AsOfSyntax)
    /// `record meeting for UPN on DATE by "WHO" [note "…"]`: appends to the actions log.
    case record(RecordSyntax)

    public var description: String { SyntaxDump.statement(self) }
}

/// A row-producing statement with its output clauses:
/// `BODY [sorted by KEY, …] [limit N] [into "file.csv" | letters using … into …]`.
public struct QuerySyntax: Sendable, Hashable {
    public enum Body: Sendable, Hashable {
        /// `pupils where …`, `concern where pp`.
        case pupils(PupilListSyntax)
        /// `count PUPIL-LIST [by ATTR, …]`.
        case count(CountSyntax)
        /// `MEASURE by ATTR, … [WINDOW] [for PUPIL-LIST]`: `rate by form over this term`,
        /// `absence by weekday over this term`.
        case grouped(GroupedSyntax)
        /// `summary [by ATTR, …] [WINDOW] [for PUPIL-LIST]`.
        case summary(SummarySyntax)
        /// `codes [WINDOW] [for PUPIL-LIST]`.
        case codes(CodesSyntax)
        /// `pupil UPN [WINDOW]`: one pupil's profile.
        case profile(ProfileSyntax)
        /// `show ITEM, … for PUPIL-LIST`.
        case show(ShowSyntax)
        /// `actions [WINDOW] [for …]`, `count actions by action …`: the actions log.
        case actions(ActionsQuerySyntax)
    }
    public var body: Body
    /// `sorted by rate desc, surname`: in order, most significant first.
    public var sort: [SortKeySyntax]
    /// `limit N`.
    public var limit: NumberSyntax?
    /// `into "file.csv"`: write the result to the file.
    public var into: TextSyntax?
    /// `into "file.csv" replace`: an existing file (or workbook) may be replaced; without it,
    /// refused (F005).
    public var intoReplace = false
    /// `letters using "TEMPLATE" into "FOLDER" …`, after a pupil list or `show`.
    public var letters: LettersSyntax?
    public var span: Range<Int>
    /// `chart …`: the result drawn as a chart (``Chart``) on the screen.
    public var chart: ChartSyntax? = nil
    /// `compared with national`, after `summary` or `rate by …`: the name of the figures.
    public var comparedWith: NameSyntax? = nil
}

public struct CountSyntax: Sendable, Hashable {
    public var pupils: PupilListSyntax
    /// `by year`: the column names to group by (empty: one total).
    public var groups: [NameSyntax]
    public var span: Range<Int>
}

/// `rate by form over this term`. The window, written before or after `by`, is the
/// measure's ``MeasureSyntax/window``. `by weekday` is a name like any other here; the
/// binder gives `weekday` its meaning.
public struct GroupedSyntax: Sendable, Hashable {
    public var measure: MeasureSyntax
    public var groups: [NameSyntax]
    public var pupils: PupilListSyntax?
    public var span: Range<Int>
    /// `rate by year over term 1, term 2, this year`: the windows after the first (which
    /// is the measure's), one column each side by side.
    public var moreWindows: [WindowSyntax] = []
}

public struct SummarySyntax: Sendable, Hashable {
    public var groups: [NameSyntax]
    public var window: WindowSyntax?
    public var pupils: PupilListSyntax?
    public var span: Range<Int>
    /// `summary over term 1, term 2`: further windows, one block of rows each.
    public var moreWindows: [WindowSyntax] = []
}

public struct CodesSyntax: Sendable, Hashable {
    public var window: WindowSyntax?
    public var pupils: PupilListSyntax?
    public var span: Range<Int>
}

public struct ProfileSyntax: Sendable, Hashable {
    /// The UPN as written (a word such as `A880007000021`, a string, or a parameter).
    public var upn: TextSyntax
    public var window: WindowSyntax?
    public var span: Range<Int>
}

public struct ShowSyntax: Sendable, Hashable {
    public var columns: [ColumnSyntax]
    public var pupils: PupilListSyntax
    public var span: Range<Int>
}

/// An item of a `show` list or a `sorted by` key: a column name or a measure with its
/// optional window.
public struct ColumnSyntax: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case attribute(NameSyntax)
        case measure(MeasureSyntax)
    }
    public var kind: Kind
    public var span: Range<Int>
}

public struct SortKeySyntax: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable { case ascending = "asc", descending = "desc" }
    public var column: ColumnSyntax
    /// Nil when neither `asc` nor `desc` was written.
    public var direction: Direction?
    public var span: Range<Int>
}

/// `letters using "TEMPLATE" into "FOLDER" [NAME [= VALUE]] …`. Options are kept as
/// written for the letters engine to interpret.
public struct LettersSyntax: Sendable, Hashable {
    public var template: TextSyntax
    public var folder: TextSyntax
    public var options: [LetterOptionSyntax]
    public var span: Range<Int>
}

public struct LetterOptionSyntax: Sendable, Hashable {
    public var name: NameSyntax
    public var value: ExprSyntax?
    public var span: Range<Int>
}

public struct LetSyntax: Sendable, Hashable {
    public var name: NameSyntax
    public var pupils: PupilListSyntax
    public var span: Range<Int>
}

public struct ExplainSyntax: Sendable, Hashable {
    public var query: QuerySyntax
    public var span: Range<Int>
}

public struct PrintSyntax: Sendable, Hashable {
    public var text: TextSyntax
    public var span: Range<Int>
}

/// `param threshold = 90%`: a script parameter, required when it has no default.
public struct ParamSyntax: Sendable, Hashable {
    public var name: NameSyntax
    /// A literal: number, percentage, count, string, bare word or date.
    public var defaultValue: ExprSyntax?
    public var span: Range<Int>
}

/// `set format csv` / `format csv`.
public struct FormatSyntax: Sendable, Hashable {
    /// One of ``Vocabulary/formats``, lowercased: `table`, `csv`, `tsv`, `json`, `markdown`.
    public var name: String
    public var nameSpan: Range<Int>
    public var span: Range<Int>
}

/// `set as-of 2026-03-20`.
public struct AsOfSyntax: Sendable, Hashable {
    public var date: DateSyntax
    public var span: Range<Int>
}
