/// Process exit statuses. A script runner, a letter run or a shell pipeline can tell a
/// query that was wrong from a register that was wrong from a file that could not be
/// read or written, before anything goes out to parents.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// A statement failed to parse, bind or run.
    case queryError = 1
    /// The command line was wrong (ArgumentParser uses the same value).
    case usage = 64
    /// The register files held bad data.
    case dataError = 65
    /// An internal fault: a bug in attend.
    case internalError = 70
    /// A file could not be read or written.
    case ioError = 74
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    case interrupted = 130

    public init(_ category: DiagnosticCode.Category) {
        switch category {
        case .usage: self = .usage
        case .query: self = .queryError
        case .data: self = .dataError
        case .io: self = .ioError
        case .internalError: self = .internalError
        }
    }

    /// The most serious status among several diagnostics' categories.
    public init(worstOf diagnostics: [Diagnostic]) {
        let errors = diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { self = .success; return }
        let order: [ExitStatus] = [.internalError, .ioError, .dataError, .usage, .queryError]
        let present = Set(errors.map { ExitStatus($0.category) })
        self = order.first { present.contains($0) } ?? .queryError
    }
}
