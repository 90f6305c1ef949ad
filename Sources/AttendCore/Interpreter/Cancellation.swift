/// How a long-running evaluation learns that the person wants it stopped (Ctrl-C in the REPL).
///
/// The evaluator polls it: once per batch, row group or loop iteration, call ``check()``
/// (which throws Swift's `CancellationError`) or read ``isCancelled``. Polling is a load of an
/// atomic flag behind a closure, so once every few thousand rows costs nothing measurable.
/// The library never installs signal handlers; the front end decides what sets the flag.
///
///     func evaluate(_ query: Query, cancellation: Cancellation = .never) throws -> Table {
///         for group in rowGroups {
///             try cancellation.check()
///             ...
///         }
///     }
public struct Cancellation: Sendable {
    private let poll: @Sendable () -> Bool

    /// A cancellation that reports whatever `poll` says. The REPL passes one that reads its
    /// process-wide SIGINT flag.
    public init(_ poll: @escaping @Sendable () -> Bool) { self.poll = poll }

    /// Never cancelled: for batch runs and tests.
    public static let never = Cancellation { false }

    /// True once the person has asked to stop.
    public var isCancelled: Bool { poll() }

    /// Throws `CancellationError` once the person has asked to stop.
    public func check() throws(CancellationError) {
        if poll() { throw CancellationError() }
    }
}
