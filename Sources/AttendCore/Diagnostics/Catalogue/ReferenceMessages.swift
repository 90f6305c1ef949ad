// The catalogue of messages about reference figures (`compared with national`,
// `--reference FILE`) and the governors' report (`attend report monthly`). Keep the codes
// stable: D6xx are a reference file's bad data (exit 65), F06x I/O (74), Q08x the
// statement (1), U06x the command line (64).

extension Diagnostic {
    /// D601: a reference file whose header is not the reference table's.
    static func referenceHeader(_ file: String, found: [String]) -> Diagnostic {
        Diagnostic("D601", message: found.isEmpty ? "the reference file has no header" : "the reference file's header is \(Diagnostic.clip(found.joined(separator: ","), 80))",
                   hint: "the first line must be \(ReferenceTable.columns.joined(separator: ",")) (Docs/language.md, \"Compared with national\")",
                   location: SourceLocation(file: file, line: 1))
    }

    /// D602: a row with the wrong number of fields.
    static func referenceFieldCount(_ file: String, line: Int, found: Int, expected: Int) -> Diagnostic {
        Diagnostic("D602", message: "the row has \(found) field\(found == 1 ? "" : "s"), and a reference row has \(expected)",
                   hint: "quote a publication's name that holds a comma: \"Pupil absence in schools in England, Autumn term 2023/24\"",
                   location: SourceLocation(file: file, line: line))
    }

    /// D603: a field that is not what its column holds.
    static func referenceBadField(_ file: String, line: Int, column: String, value: String, why: String) -> Diagnostic {
        Diagnostic("D603", message: "\(column) `\(Diagnostic.clip(value, 40))` is not \(why)",
                   hint: "write \(column) as \(why)", location: SourceLocation(file: file, line: line))
    }

    /// D604: the same figure twice (area, year, period, series, phase and measure).
    static func referenceDuplicate(_ file: String, line: Int, firstLine: Int) -> Diagnostic {
        Diagnostic("D604", message: "this figure is given twice (first on line \(firstLine))",
                   hint: "keep one row per area, year, period, series, phase and measure",
                   location: SourceLocation(file: file, line: line), related: [SourceLocation(file: file, line: firstLine)])
    }

    /// D605: a quoted field that never ends.
    static func referenceUnterminatedQuote(_ file: String, line: Int) -> Diagnostic {
        Diagnostic("D605", message: "a quoted field starting here never ends",
                   hint: "close the quote: \"…\"", location: SourceLocation(file: file, line: line))
    }


    /// Q080: `compared with reference` with no reference file given.
    static func noReferenceFile(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q080", message: "no reference figures were given",
                   hint: "give them with --reference FILE or `reference = FILE` in school.conf, or write `compared with national`").placed(at: site)
    }

    /// Q081: `compared with X` where X is neither national, reference nor an area of the file.
    static func unknownComparison(_ name: String, areas: [String], suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q081", message: "`\(Diagnostic.clip(name))` is not a set of figures to compare with",
                   hint: suggestion.map { "did you mean `\($0)`?" } ?? "compare with \((["national", "reference"] + areas.map { "`\($0)`" }).map { $0.hasPrefix("`") ? $0 : "`\($0)`" }.joined(separator: ", "))").placed(at: site)
    }

    /// Q082: `compared with` after a statement that has no rate to compare.
    static func nothingToCompareWithFigures(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q082", message: "published figures are rates: this statement has none to compare",
                   hint: "compare `summary`, `rate by …` or `absence by …`: `summary compared with national`").placed(at: site)
    }

    /// U060: `attend report` was asked for a report it does not know.
    public static func unknownReport(_ name: String) -> Diagnostic {
        Diagnostic("U060", message: "there is no report called `\(Diagnostic.clip(name))`", hint: "write `attend report monthly --data DIR -o report.html`")
    }

    /// F061: the report's script cannot be read.
    public static func cannotReadReportScript(_ path: String) -> Diagnostic {
        Diagnostic("F061", message: "cannot read the report's script \(Diagnostic.clip(path, 60))",
                   hint: "give the script with --script FILE, or run from the folder that holds Queries/governors-report.attend",
                   location: SourceLocation(file: path))
    }

    /// Q160: a statement of the report's script wrote a file, which a report does not do.
    static func reportStatementWrites(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q160", message: "a report's statements are shown in the report, not written to files",
                   hint: "take `into` and `letters` out of the report's script").placed(at: site)
    }
}
