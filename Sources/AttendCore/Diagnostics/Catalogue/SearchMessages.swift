// The catalogue of messages about weekday measures, name search, `trend` and `chart`
// (Q070–Q079 for what the parser finds, Q150–Q159 for what the binder and the chart find).
// No message names a pupil from the register: the user's own query text is under the caret.
// Ordered by code.

extension Diagnostic {
    /// Q070: `on` after a measure names no weekday (`absent on friday`, `absent on fri`).
    static func expectedWeekdays(found: String, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q070", message: "expected weekdays such as `fridays` after `on`, found \(found)",
                   hint: suggestion.map { "did you mean `\($0)`? weekdays are written in the plural: `absent on mondays or fridays`" }
                       ?? "weekdays are written in the plural: `absent on mondays or fridays`; a date is written `on 16 Mar 2026`").placed(at: site)
    }

    /// Q071: `chart` followed by something that is not a grouped statement.
    static func chartNeedsGroups(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q071", message: "`chart` needs a grouped statement",
                   hint: "for example `chart rate by year over this term`, `chart PA by form`, `chart absence by weekday`").placed(at: site)
    }

    /// Q150: a weekday phrase on a measure that is not a count of sessions.
    static func weekdaysNeedCount(_ measure: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q150", message: "`on WEEKDAYS` takes a count of sessions, not \(measure)",
                   hint: "for example `absent on fridays >= 5`, `unauthorised on mondays or fridays over this term`; for rates by weekday: `absence by weekday`").placed(at: site)
    }

    /// Q151: `pupil "…"` matches no pupil by UPN or name.
    static func noPupilNamed(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q151", message: "no pupil has this UPN or name",
                   hint: "names match without case, accents, spaces, apostrophes or hyphens (`obrien` finds O'Brien); try part of the surname: `pupils where name like \"…\"`").placed(at: site)
    }

    /// Q152: `like` on a column other than a name.
    static func likeNeedsName(_ column: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q152", message: "`like` searches names, not `\(column)`",
                   hint: "write `name like \"obrien\"`, `surname like \"…\"` or `forename like \"…\"`").placed(at: site)
    }

    /// Q153: a search text with no letters or digits to compare.
    static func emptyNameSearch(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q153", message: "nothing to search for: names are compared by their letters and digits only",
                   hint: "give at least one letter: `name like \"obrien\"`").placed(at: site)
    }

    /// Q154: `chart NAME by …` where NAME is not a figure the grouped statement gives.
    static func unknownChartValue(_ name: String, available: [String], at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q154", message: "nothing called `\(name)` to chart",
                   hint: "chart a measure (`chart rate by year`) or a summary figure: \(available.joined(separator: ", "))").placed(at: site)
    }

    /// Q155: `trend` with a window that is not whole weeks of the past (`in any N weeks`).
    static func trendWindow(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q155", message: "`trend` takes a window of dates, not `in any N weeks`",
                   hint: "for example `show name, trend over this term for pupils in year 9`").placed(at: site)
    }

    /// Q157: `trend` anywhere but a `show` list (a condition, a sort key, a group).
    static func trendIsAColumn(at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q157", message: "`trend` is a column to show, not a figure to compare, sort or group",
                   hint: "show it: `show upn, name, rate, trend over this term for pupils where rate < 90%`; compare or sort by `rate`").placed(at: site)
    }
}
