/// The one rule for a run of several steps — the statements of a script, the scripts of
/// `attend run`, the lines piped to the prompt or read by `.read`: the run's exit status is
/// its first failure's, and the run stops there unless it was told to keep going
/// (`--keep-going`; the interactive prompt always goes on).
public struct FailureTally: Sendable {
    public let keepGoing: Bool
    /// `.success`, or the status of the first step that failed.
    public private(set) var status: ExitStatus = .success

    public init(keepGoing: Bool) {
        self.keepGoing = keepGoing
    }

    /// Records one step's status; true when the run goes on to the next step.
    public mutating func record(_ step: ExitStatus) -> Bool {
        if step != .success && status == .success { status = step }
        return step == .success || keepGoing
    }
}
