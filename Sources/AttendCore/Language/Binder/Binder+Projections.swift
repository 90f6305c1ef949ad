/// Projections (Docs/casework.md, "Projections"): `sessions needed [for 95%]`, `sessions
/// remaining`, `projected rate [from last 4 weeks]`, `at risk`, `cannot avoid PA`. Each is
/// bound to this academic year to the as-of date, the school days left after it
/// (``RestOfYear``) and school.conf's thresholds.
extension Binder {
    /// A projection phrase with the window written after it (only `this year` will do).
    func projection(_ p: ProjectionSyntax, window written: WindowSyntax?, phraseSpan: Range<Int>) throws(Diagnostic) -> Projection {
        let phrase = String(decoding: Array(statement.text.utf8)[clamped: phraseSpan], as: UTF8.self)
        if let w = written, !Self.isThisYear(w) {
            throw Diagnostic.projectionWindow(phrase, at: site(w.span))
        }
        let year = try yearToDate(site(phraseSpan))
        let rest = RestOfYear.after(asOf, in: register.calendar)
        let settings = context.projection
        let kind: Projection.Kind
        switch p.kind {
        case .sessionsNeeded(let written):
            var rate = settings.target
            if let written {
                rate = Self.exact(written)
                guard rate > Exact(0), rate <= Exact(100) else {
                    throw Diagnostic.projectionRate(written.description, at: site(p.argumentSpan ?? phraseSpan))
                }
            }
            kind = .sessionsNeeded(rate: rate)
        case .sessionsRemaining:
            kind = .sessionsRemaining
        case .projectedRate(let weeks):
            kind = .projectedRate(recent: try recentWeeks(weeks, or: settings.weeks, at: p.argumentSpan ?? phraseSpan))
        case .atRisk:
            kind = .atRisk(below: settings.atRiskBelow, recent: try recentWeeks(nil, or: settings.atRiskWeeks, at: phraseSpan))
        case .cannotAvoidPA:
            kind = .cannotAvoidPA
        }
        return Projection(kind: kind, year: year, rest: rest)
    }

    /// The last N school weeks to the as-of date, bound as `in last N weeks` is.
    func recentWeeks(_ n: NumberSyntax?, or standard: Int, at span: Range<Int>) throws(Diagnostic) -> BoundWindow {
        let number = n ?? NumberSyntax(kind: .literal(standard), span: span)
        return try window(WindowSyntax(kind: .lastWeeks(number), until: nil, span: number.span), defaultFor: span)
    }

    /// `this year` or `over this year`, with no `until`: the one window a projection takes.
    static func isThisYear(_ w: WindowSyntax) -> Bool {
        guard w.until == nil, case .period(let p) = w.kind, case .this(.year) = p.kind else { return false }
        return true
    }

    /// Refuses `at risk = yes`, `cannot avoid PA + 1`: a yes/no projection stands alone.
    func refuseComparedCondition(_ e: BoundExpr, at span: Range<Int>) throws(Diagnostic) {
        for m in e.measures {
            if case .projection(let p) = m, p.isCondition { throw Diagnostic.projectionIsCondition(p.heading, at: site(span)) }
        }
    }
}
