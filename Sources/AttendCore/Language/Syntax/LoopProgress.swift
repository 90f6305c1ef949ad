/// A guard that every parser and lexer loop makes progress, after swift-syntax's
/// `LoopProgressCondition`: each turn of a loop must have moved past the position of the
/// turn before, or the loop stops. Unlike swift-syntax it never traps: the parser turns
/// a stalled loop into an internal diagnostic, so no input can hang the tool.
struct LoopProgress {
    private var last: Int = -1

    /// True when `position` is past the position seen on the previous call (always true the
    /// first time).
    mutating func advanced(to position: Int) -> Bool {
        defer { last = position }
        return position > last
    }
}
