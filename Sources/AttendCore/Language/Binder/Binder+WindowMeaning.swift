/// One meaning per sentence: when conditions joined by `and`/`or` (or the columns of a
/// `show`) name measures and only some of them have a window, the others would silently
/// mean `this year`: `rate >= 90% and rate < 95% this term` reads as "between 90 and 95
/// this term" but meant "at least 90 this year and under 95 this term". The binder refuses
/// it (Q125), with both readings written out in the hint, rather than guess
/// (Docs/language.md, "One window per sentence").
extension Binder {
    /// A part of a sentence that names a measure: its span, and the span of the window
    /// written for it (nil: none, so the default).
    struct WindowedPart {
        var span: Range<Int>
        var window: Range<Int>?
    }

    /// Refuses a condition whose measures are windowed in some parts and not in others.
    func checkOneWindowMeaning(_ c: ConditionSyntax) throws(Diagnostic) {
        switch c.kind {
        case .and, .or: break
        default: return
        }
        try checkParts(Self.windowedParts(of: c), in: c.span, joinedBy: "conditions joined by `and` or `or`")
    }

    /// The parts of a condition that name a measure, walked without recursion.
    static func windowedParts(of c: ConditionSyntax) -> [WindowedPart] {
        var parts: [WindowedPart] = []
        var stack = [c]
        while let x = stack.popLast() {
            switch x.kind {
            case .and(let ps), .or(let ps): stack.append(contentsOf: ps.reversed())
            case .not(let inner): stack.append(inner)
            case .flag(let f):
                if case .predicate = f.subject { parts.append(WindowedPart(span: f.span, window: f.window?.span)) }
            case .comparison(let cmp):
                let measures = Self.measures(in: cmp)
                guard !measures.isEmpty else { continue }
                let written = cmp.window?.span ?? measures.lazy.compactMap { $0.window?.span }.first
                parts.append(WindowedPart(span: cmp.span, window: written))
            }
        }
        return parts
    }

    /// Refuses a pupil list or `show` whose measures agree within each clause but not across
    /// them: `show rate over term 1 for pupils where rate < 80%` (the list is chosen on the
    /// year's rate and shows term 1's), or `pupils where unauthorised >= 5 over term 1 sorted
    /// by rate` (sorted by the year's rate). A sort key without a window that names a column
    /// the statement already has sorts by that column (``BoundSortKey/sortsBy(_:)``), so
    /// `pupils where rate < 90% over term 1 sorted by rate` is one meaning and allowed.
    func checkOneWindowMeaning(columns: [ColumnSyntax], filter: ConditionSyntax?, sort: [SortKeySyntax],
                               boundSort: [BoundSortKey], shown: [BoundItem]) throws(Diagnostic) {
        var parts = filter.map(Self.windowedParts(of:)) ?? []
        for c in columns {
            if case .measure(let m) = c.kind, Self.readsTheSentenceWindow(m) { parts.append(WindowedPart(span: c.span, window: m.window?.span)) }
        }
        for (k, bound) in zip(sort, boundSort) {
            guard case .measure(let m) = k.column.kind, Self.readsTheSentenceWindow(m) else { continue }
            if m.window == nil, shown.contains(where: { bound.sortsBy($0.heading) }) { continue }
            parts.append(WindowedPart(span: k.column.span, window: m.window?.span))
        }
        let spans = parts.map(\.span) + columns.map(\.span) + sort.map(\.span) + (filter.map { [$0.span] } ?? [])
        guard let lower = spans.map(\.lowerBound).min(), let upper = spans.map(\.upperBound).max() else { return }
        try checkParts(parts, in: lower..<upper, joinedBy: "one statement (its columns, conditions and sort keys)")
    }

    /// Refuses `show` columns whose measures are windowed in some columns and not others.
    func checkOneWindowMeaning(_ columns: [ColumnSyntax]) throws(Diagnostic) {
        let parts = columns.compactMap { c -> WindowedPart? in
            guard case .measure(let m) = c.kind, Self.readsTheSentenceWindow(m) else { return nil }
            return WindowedPart(span: c.span, window: m.window?.span)
        }
        guard let first = columns.first, let last = columns.last else { return }
        try checkParts(parts, in: first.span.lowerBound..<last.span.upperBound, joinedBy: "the columns of `show`")
    }

    private func checkParts(_ parts: [WindowedPart], in whole: Range<Int>, joinedBy what: String) throws(Diagnostic) {
        guard let windowed = parts.first(where: { $0.window != nil }), let bare = parts.first(where: { $0.window == nil }),
              let window = windowed.window else { return }
        let bytes = Array(statement.text.utf8)
        func text(_ r: Range<Int>) -> String { String(decoding: bytes[r.clamped(to: 0..<bytes.count)], as: UTF8.self) }
        // Each reading: the sentence with a window written after every part that has none.
        func reading(adding w: String) -> String {
            var out = ""
            var at = whole.lowerBound
            for p in parts.sorted(by: { $0.span.lowerBound < $1.span.lowerBound }) where p.window == nil {
                out += text(at..<p.span.upperBound) + " " + w
                at = p.span.upperBound
            }
            return out + text(at..<whole.upperBound)
        }
        throw Diagnostic.windowsDisagree(part: text(bare.span), windowed: text(windowed.span), what: what,
                                         sameWindow: reading(adding: text(window)), asWritten: reading(adding: "this year"),
                                         at: site(bare.span))
    }

    /// Whether a measure without a window means the default `this year`, so that it can
    /// disagree with a windowed one. A casework measure's own default is the whole actions
    /// log, and a projection always runs over the whole year (it takes no other window):
    /// neither changes meaning beside a windowed measure. The one rule for every check here.
    static func readsTheSentenceWindow(_ m: MeasureSyntax) -> Bool {
        switch m.kind {
        case .projection: return false
        default: return m.kind.caseworkSyntax == nil
        }
    }

    /// The measures of a comparison, walked without recursion.
    static func measures(in c: ComparisonSyntax) -> [MeasureSyntax] {
        var out: [MeasureSyntax] = []
        var stack = [c.lhs]
        switch c.test {
        case .compare(_, let rhs): stack.append(rhs)
        case .member(let values, _): stack += values
        case .empty, .like: break
        }
        while let e = stack.popLast() {
            switch e.kind {
            // A casework measure's own default is the whole actions log, not `this year`.
            case .measure(let m): if Self.readsTheSentenceWindow(m) { out.append(m) }
            case .binary(_, let l, let r): stack.append(l); stack.append(r)
            default: break
            }
        }
        return out
    }
}
