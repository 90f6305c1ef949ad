/// The `trend` column: a pupil's rate week by week over the window.
extension Binder {
    func trendItem(_ m: MeasureSyntax) throws(Diagnostic) -> BoundItem {
        let w = try window(m.window, defaultFor: m.span)
        if w.anyWeeks != nil { throw Diagnostic.trendWindow(at: site(m.span)) }
        var item = BoundItem(.rate(w), heading: "trend " + w.label)
        item.trend = true
        return item
    }
}
