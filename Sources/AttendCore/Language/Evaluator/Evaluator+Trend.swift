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
        var a = [Int32](repeating: 0, count: weeks.count), n = a
        var bytes: [UInt8] = []
        bytes.reserveCapacity(weeks.count * 6)
        set.forEach { p in
            for (i, wk) in weeks.enumerated() {
                n[i] = Int32(possible.count(p, wk.lowerBound, wk.upperBound))
                a[i] = n[i] == 0 ? 0 : Int32(attended.count(p, wk.lowerBound, wk.upperBound))
            }
            out[p] = a.withUnsafeBufferPointer { ap in n.withUnsafeBufferPointer { np in Sparkline.text(attended: ap, possible: np, into: &bytes) } }
        }
        return .values(.texts(out))
    }
}
