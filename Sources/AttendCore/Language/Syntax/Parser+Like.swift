// Name search in a condition: `name like "obrien"`.
//
//     comparison = expr "like" TEXT      (TEXT: a string or a parameter)

extension SyntaxParser {
    /// `like "text"`, at `like`.
    mutating func parseLike() throws(ParseFailure) -> ComparisonSyntax.Test {
        try advance()
        return .like(try parseText(after: "`like`"))
    }
}

extension SyntaxDump {
    static func likeText(_ t: TextSyntax) -> String {
        switch t.kind {
        case .literal(let s): "\"\(s)\""
        case .parameter(let p): "$\(p)"
        }
    }
}
