/// The `trend` column: each pupil's rate in each school week of the window.
extension Evaluator {
    /// The school weeks of a window: each week's sessions, cut to the window.
    func trendWeeks(_ w: BoundWindow) -> [Range<Int>] {
        register.calendar.schoolWeeks(through: w.through).compactMap { wk in
            let a = max(wk.days.lowerBound * 2, w.sessions.lowerBound)
            let b = min(wk.days.upperBound * 2, w.sessions.upperBound)
            return a < b ? a..<b : nil
        }
    }

    /// Weekly rates of `e` (a `.rate`) as data text (``Sparkline``) for each member of
    /// `set`. Two popcounts per pupil per week over the possible and attended matrices.
    func trendColumn(_ e: BoundExpr, _ set: PupilSet) throws(CancellationError) -> ListColumn {
        guard case .rate(let w) = e else { return try listColumn(e, set) }
        try checkCancelled()
        let weeks = trendWeeks(w)
        let possible = register.matrix(.possible), attended = register.matrix(.attended)
        var out = [String](repeating: "", count: register.pupilCount)
        var rates = [Double?](repeating: nil, count: weeks.count)
        set.forEach { p in
            for (i, wk) in weeks.enumerated() {
                let n = possible.count(p, wk.lowerBound, wk.upperBound)
                rates[i] = n == 0 ? nil : Double(attended.count(p, wk.lowerBound, wk.upperBound) * 100) / Double(n)
            }
            out[p] = Sparkline.text(rates)
        }
        return .values(.texts(out))
    }
}
