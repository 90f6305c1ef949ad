// `compared with NAME` after a statement's body, before its clauses:
//
//     comparison = "compared" "with" name        (national, reference, or an area of the reference file)
//
// The binder does not see it: the session adds the row (Reference/Comparison.swift).

extension SyntaxParser {
    mutating func parseOptionalComparison() throws(ParseFailure) -> NameSyntax? {
        guard atWord("compared") else { return nil }
        try advance()
        guard tok.isWord("with") else {
            throw unexpected { .expectedWord("`with`", after: "`compared`", found: $0, at: $1) }
        }
        try advance()
        return try parseName(after: "`compared with`")
    }
}
