/// Where a diagnostic about query text points: the statement's text with the span for the
/// caret, and, for a script, the file, line and column of the span's start.
///
/// The parser builds these for its own errors; the binder builds them from a node's span
/// with ``Statement/site(_:)``.
public struct DiagnosticSite: Sendable, Hashable {
    public var source: QuerySource
    public var location: SourceLocation?

    public init(source: QuerySource, location: SourceLocation? = nil) {
        self.source = source
        self.location = location
    }
}

extension Diagnostic {
    /// The same diagnostic pointing at `site`.
    public func placed(at site: DiagnosticSite) -> Diagnostic {
        var d = self
        d.source = site.source
        d.location = site.location
        return d
    }
}
