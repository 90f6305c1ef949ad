/// `chart GROUPED-STATEMENT`: `chart rate by year over this term`, `chart PA by form`.
public struct ChartSyntax: Sendable, Hashable {
    /// `PA` in `chart PA by form`: a figure of `summary` to draw. Nil: the statement's own
    /// figure (the measure of `rate by year`, the pupils of `count pupils by year`, the rate
    /// of `summary by year`).
    public var value: NameSyntax?
    /// The word `chart`.
    public var span: Range<Int>
}
