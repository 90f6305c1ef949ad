/// The projection in `pupil UPN`: this year so far, the sessions left, the sessions needed
/// for the school's target, the projected rate and whether the pupil is at risk, each with
/// the arithmetic written out (Docs/casework.md, "Projections"). The phrases are bound as a
/// query binds them, so the profile and `show sessions needed …` can never disagree.
extension PupilProfile {
    func projectionLines() -> [String] {
        let e = evaluator
        var context = BindingContext(register: e.register, asOf: e.asOf, bands: e.bands)
        context.projection = e.projection
        guard case .complete(let statements) = Parser.parse("show sessions needed, projected rate, at risk for all pupils"),
              let statement = statements.first,
              case .pupils(_, let items, _, _, _)? = try? Binder.bind(statement, in: context) else { return [] }
        let projections = items.compactMap { item -> Projection? in
            if case .projection(let p) = item.expr { return p }
            return nil
        }
        guard projections.count == 3 else { return [] }
        var one = PupilSet(capacity: e.register.pupilCount)
        one.insert(pupil)
        guard let f = e.projectionFigures(year: projections[0].year, rest: projections[0].rest, one)[pupil] else { return [] }
        func pct(_ x: Exact) -> String { ResultFormatter.oneDecimalTrim(x.double) + "%" }
        func recent(_ w: BoundWindow) -> (a: Int, p: Int) {
            let r = e.register
            return (r.matrix(.attended).count(pupil, w.sessions.lowerBound, w.sessions.upperBound),
                    r.matrix(.possible).count(pupil, w.sessions.lowerBound, w.sessions.upperBound))
        }
        var lines = ["", "projection to the end of \(Period.yearLabel(e.asOf.academicYear)):"]
        lines.append("  this year to \(e.asOf.shortEnglish): attended \(f.attended) of \(f.possible) possible\(f.rate.map { " (\(pct($0)))" } ?? ""); absent \(f.absent)")
        lines.append("  sessions remaining: \(f.remaining) (\(projections[0].rest.explanation))")
        if case .sessionsNeeded(let rate) = projections[0].kind {
            let target = Projection.percentText(rate) + "%"
            switch f.needed(for: rate) {
            case .sessions(let x):
                lines.append("  sessions needed for \(target): \(x) of \(f.remaining) (\(f.attended) + \(x) = \(f.attended + x) of \(f.total) = \(pct(Exact((f.attended + x) * 100, f.total))))")
            case .notReachable:
                lines.append("  sessions needed for \(target): not reachable (attending all \(f.remaining): \(f.attended + f.remaining) of \(f.total) = \(pct(Exact((f.attended + f.remaining) * 100, f.total))))")
            case nil:
                lines.append("  sessions needed for \(target): none (no sessions this year)")
            }
        }
        if case .projectedRate(let w) = projections[1].kind {
            let (a, p) = recent(w)
            if let x = f.projectedRate(recentAttended: a, recentPossible: p) {
                lines.append("  projected rate: \(pct(x)) (rate \(w.label) \(a) of \(p); (\(f.attended) + \(f.remaining) × \(a)/\(p)) ÷ \(f.total))")
            } else {
                lines.append("  projected rate: none (no possible session \(w.label))")
            }
        }
        if case .atRisk(let below, let w) = projections[2].kind {
            let (a, p) = recent(w)
            let recentRate = p > 0 ? pct(Exact(a * 100, p)) : "none"
            let yearRate = f.rate.map(pct) ?? "none"
            switch f.atRisk(below: below, recentAttended: a, recentPossible: p) {
            case .some(true):
                lines.append("  at risk: yes (rate this year \(yearRate) is under \(pct(below)) and falling: \(w.label) \(recentRate))")
            case .some(false):
                lines.append("  at risk: no (rate this year \(yearRate), \(w.label) \(recentRate); at risk is under \(pct(below)) and the recent rate under the year's)")
            case nil:
                lines.append("  at risk: unknown (rate this year \(yearRate), \(w.label) \(recentRate))")
            }
        }
        if let pa = f.cannotAvoidPA {
            lines.append("  cannot avoid PA: \(pa ? "yes" : "no") (absent \(f.absent) of \(f.total) = \(pct(Exact(f.absent * 100, f.total))) even attending every session left)")
        }
        return lines
    }
}
