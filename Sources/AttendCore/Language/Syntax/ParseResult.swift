/// What parsing some text gave.
public enum ParseOutcome: Sendable, Hashable {
    /// Every statement parsed, in order.
    case complete([Statement])
    /// The text stopped where more was required (an open bracket, a trailing `and`,
    /// `show … for` with nothing after, an unterminated string, `let x =`): a REPL shows a
    /// continuation prompt and parses again with the next line added. The diagnostic says
    /// what was expected, for a script that ends this way.
    case incomplete(Diagnostic)
    /// One diagnostic per statement that failed, in order. A statement that failed is not
    /// run; the others parsed but a script should not run any of them.
    case failed([Diagnostic])

    /// The statements, when parsing was complete.
    public var statements: [Statement]? {
        if case .complete(let s) = self { return s }
        return nil
    }

    /// The errors: empty when complete. A script runner treats `incomplete` as failed.
    public var diagnostics: [Diagnostic] {
        switch self {
        case .complete: return []
        case .incomplete(let d): return [d]
        case .failed(let ds): return ds
        }
    }
}
