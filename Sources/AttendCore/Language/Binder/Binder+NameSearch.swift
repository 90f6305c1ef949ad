/// Name search: `name like "obrien"`, and `pupil "Zoë O'Brien"` when the text is not a UPN.
extension Binder {
    /// `ATTRIBUTE like "text"`: a text column (a name, usually) searched by ``NameSearch``.
    func like(_ c: ComparisonSyntax, _ t: TextSyntax) throws(Diagnostic) -> BoundCondition {
        guard case .attribute(let n) = c.lhs.kind else {
            throw Diagnostic.likeNeedsName("a measure", at: site(c.lhs.span))
        }
        let a = try attribute(n)
        guard a.unit == .text else { throw Diagnostic.likeNeedsName(a.description, at: site(n.span)) }
        let key = NameSearch.key(try text(t))
        guard !key.isEmpty else { throw Diagnostic.emptyNameSearch(at: site(t.span)) }
        return .like(a, key: key, whole: false)
    }

    /// A letter and 12 digits (a UPN's shape; the last may be a letter): a UPN not in the
    /// register is Q112, not a name search.
    static func looksLikeUPN(_ s: String) -> Bool {
        let u = Array(s.trimmingSpaces().uppercased().unicodeScalars)
        guard u.count == 13, let first = u.first, ("A"..."Z").contains(first) else { return false }
        return u.dropFirst().dropLast().allSatisfy { ("0"..."9").contains($0) }
    }

    /// `pupil "o'brien"`: one match is that pupil's profile; several are listed (UPN, name,
    /// year, form) for the user to pick one by UPN; none is Q151.
    func profileByName(_ text: String, _ p: ProfileSyntax) throws(Diagnostic) -> BoundStatement {
        let key = NameSearch.key(text)
        guard !key.isEmpty else { throw Diagnostic.noPupilNamed(at: site(p.upn.span)) }
        let (found, whole) = Evaluator(register: register, asOf: asOf).pupilsNamed(text)
        if found.count == 1 { return .pupilProfile(found[0], try window(p.window, defaultFor: p.span)) }
        guard !found.isEmpty else { throw Diagnostic.noPupilNamed(at: site(p.upn.span)) }
        // The same search as a condition: whole names when some pupil's whole name is the
        // text (they hide the partial matches), else names containing it.
        return .pupils(BoundPupilList(base: .all, steps: [.like(.name, key: key, whole: whole)]),
                       columns: [], showItems: false, sort: [], limit: nil)
    }
}
