// The catalogue of messages about projections (Q180–Q189): `sessions needed`,
// `projected rate`, `at risk`, `cannot avoid PA` (Docs/casework.md, "Projections").
// Each places itself at the words it is about. Ordered by code.

extension Diagnostic {
    /// Q180: a projection given a window: it always runs from the year's start to its end.
    static func projectionWindow(_ what: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q180", message: "`\(what)` runs over the whole of this academic year and takes no window",
                   hint: "drop the window: a projection counts the year to the as-of date and the school days left after it; for the recent rate it carries on, write `projected rate from last 4 weeks`").placed(at: site)
    }

    /// Q181: `sessions needed for` a rate that is not a percentage above 0 and at most 100.
    static func projectionRate(_ written: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q181", message: "`\(Diagnostic.clip(written))` is not a rate a pupil can finish the year at",
                   hint: "give a percentage above 0 and at most 100: `sessions needed for 95%`").placed(at: site)
    }

    /// Q182: `at risk` or `cannot avoid PA` compared or added: they are yes/no conditions.
    static func projectionIsCondition(_ what: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q182", message: "`\(what)` is a yes/no condition and has no value to compare",
                   hint: "use it alone: `pupils where \(what)`, `pupils where not \(what)`, or as a column: `show upn, \(what) for pupils`").placed(at: site)
    }

    /// Q183: a projection in a group figure: it is one pupil's year.
    static func projectionGrouped(_ what: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("Q183", message: "`\(what)` is worked out for each pupil, not for a group",
                   hint: "list the pupils: `show upn, name, \(what) for pupils in year 9`, or count them: `count pupils where at risk by form`").placed(at: site)
    }
}
