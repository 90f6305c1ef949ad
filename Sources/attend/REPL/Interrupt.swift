import AttendCore
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

// SIGINT (Ctrl-C) for the REPL.
//
// The handler only stores to atomics (async-signal-safe). Everything else polls:
//   * at the prompt, readline's `rl_event_hook` (called about ten times a second while it waits
//     for keys) sees the flag, clears the line and makes readline return (see LineEditor.swift);
//   * during evaluation, the evaluator polls the ``Cancellation`` from ``Interrupt/cancellation``
//     and stops at its next check;
//   * an evaluation that never polls can still be left: the third Ctrl-C during one evaluation
//     exits the process (status 130), as in DuckDB's shell. History is already on disk by then.

/// Set by the SIGINT handler; cleared when a prompt or an evaluation starts.
let interruptFlag = Atomic<Bool>(false)
/// True while a statement or dot-command runs (the terminal is in cooked mode then).
let interruptEvaluating = Atomic<Bool>(false)
/// Ctrl-C presses during the current evaluation.
let interruptPresses = Atomic<Int>(0)

enum Interrupt {
    /// Presses during one evaluation after which the process exits.
    static let pressesToExit = 3

    /// Installs the SIGINT handler. SA_RESTART keeps reads in evaluation code from failing
    /// with EINTR; readline still notices through its event hook.
    static func install() {
        // Touch the globals first: lazily initialised globals must not be first used inside the handler.
        interruptFlag.store(false, ordering: .relaxed)
        interruptEvaluating.store(false, ordering: .relaxed)
        interruptPresses.store(0, ordering: .relaxed)

        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            interruptFlag.store(true, ordering: .relaxed)
            guard interruptEvaluating.load(ordering: .relaxed) else { return }
            let presses = interruptPresses.wrappingAdd(1, ordering: .relaxed).newValue
            if presses >= Interrupt.pressesToExit {
                let message: StaticString = "\nattend: interrupted three times; exiting.\n"
                _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
                _exit(130)
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = Int32(SA_RESTART)
        sigaction(SIGINT, &action, nil)
        // A blocked mask survives exec; a parent that blocks SIGINT (some test runners and
        // process launchers do) would otherwise leave Ctrl-C dead.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// What the evaluator polls: true once Ctrl-C has been pressed during this evaluation.
    static let cancellation = Cancellation { interruptFlag.load(ordering: .relaxed) }

    /// Clears the flag. Called before each prompt.
    static func clear() { interruptFlag.store(false, ordering: .relaxed) }

    /// Returns whether Ctrl-C was pressed since the last clear, and clears it.
    static func take() -> Bool { interruptFlag.exchange(false, ordering: .relaxed) }

    /// Runs `body` as an evaluation: Ctrl-C sets the flag the evaluator polls, and a third press exits.
    /// Returns the body's result and whether Ctrl-C was pressed while it ran.
    static func duringEvaluation<T>(_ body: () throws -> T) -> (result: Result<T, any Error>, interrupted: Bool) {
        interruptFlag.store(false, ordering: .relaxed)
        interruptPresses.store(0, ordering: .relaxed)
        interruptEvaluating.store(true, ordering: .relaxed)
        let result = Result { try body() }
        interruptEvaluating.store(false, ordering: .relaxed)
        return (result, interruptFlag.exchange(false, ordering: .relaxed))
    }
}
