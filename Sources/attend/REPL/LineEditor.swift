@preconcurrency import CReadline   // Swift 6 mode rejects the rl_* C globals without it
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What one read from the person (or from piped input) produced.
enum LineRead: Equatable {
    /// A line without its newline. From readline it may hold newlines: a recalled
    /// multi-line history entry comes back whole.
    case line(String)
    /// Ctrl-C at the prompt: the partly typed line was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case eof
}

/// Reads lines: with GNU readline (editing, history, completion) when stdin is a terminal,
/// and as plain lines otherwise, with no prompt and no echo.
final class LineEditor {
    let interactive: Bool
    private let history: HistoryFile?
    /// The newest history entry, for skipping consecutive duplicates.
    private var lastEntry: String?
    private var historyWarned = false

    // Plain-mode getline buffer.
    private var lineBuffer: UnsafeMutablePointer<CChar>?
    private var lineCapacity = 0

    /// - Parameters:
    ///   - interactive: use readline. Pass `Terminal.stdinIsTerminal`; readline on a non-terminal
    ///     would print the prompt and echo every line to stdout.
    ///   - historyPath: nil for no history. Only interactive sessions read or write it.
    ///   - completion: the tab-completion provider.
    init(interactive: Bool, historyPath: String?, historyLimit: Int = 1000, completion: (any CompletionSource)?) {
        self.interactive = interactive
        history = interactive ? historyPath.map { HistoryFile(path: $0, limit: max(1, historyLimit)) } : nil
        guard interactive else { return }

        rl_readline_name = UnsafePointer(strdup("attend"))   // `$if attend` in ~/.inputrc
        // Ctrl-C at the prompt. readline's own signal handling stays on (rl_catch_signals = 1) so
        // that it echoes ^C, and restores the terminal around Ctrl-Z/fg, SIGTERM and SIGHUP
        // (with it off, the line is left in cooked mode after `fg`). On SIGINT readline cleans
        // up and re-raises to our handler (Interrupt.swift), which sets the flag; it would then
        // go on editing the same line, so the event hook, which readline calls about ten times a
        // second while it waits for a key, discards the line and makes readline return.
        rl_catch_signals = 1
        rl_event_hook = {
            if interruptFlag.load(ordering: .relaxed) {
                rl_replace_line("", 0)
                rl_done = 1
            }
            return 0
        }
        // With stdout redirected (`attend | tee log`), keep prompts and editing on the terminal.
        if !Terminal.stdoutIsTerminal, Terminal.stderrIsTerminal, let tty = fdopen(dup(STDERR_FILENO), "w") {
            rl_outstream = tty
        }
        if let completion { CompletionGlue.install(completion) }

        stifle_history(Int32(max(1, historyLimit)))
        if let history {
            for entry in history.load() { addToReadline(entry) }
        }
    }

    deinit { free(lineBuffer) }

    /// Reads one line. `prompt` is shown only when interactive.
    func read(prompt: String) -> LineRead {
        Interrupt.clear()
        guard interactive else { return readPlain() }
        guard let cLine = readline(prompt) else {
            // Ctrl-D on an empty line: readline leaves the cursor after the prompt.
            fputs("\n", rl_outstream ?? stdout)
            fflush(rl_outstream ?? Terminal.standardOutput)
            return Interrupt.take() ? .interrupted : .eof
        }
        defer { free(cLine) }
        if Interrupt.take() { return .interrupted }
        return .line(String(cString: cLine))
    }

    /// True when more input is already waiting: always for piped input; at the terminal, when
    /// lines were pasted (or typed ahead) and not yet read. The REPL then reads the next line
    /// before running a complete statement, to let the parser see whether it carries on.
    var inputWaiting: Bool {
        guard interactive else { return true }
        if _rl_pushed_input_available() != 0 { return true }
        var fd = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) > 0 && (fd.revents & Int16(POLLIN)) != 0
    }

    /// Records one history entry: a whole statement, newlines and all. Blank entries and
    /// repeats of the previous entry are skipped. Written to the file at once.
    func record(_ entry: String) {
        guard interactive else { return }
        let trimmed = entry.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed != lastEntry else { return }
        addToReadline(trimmed)
        if let history, let problem = history.append(trimmed), !historyWarned {
            historyWarned = true
            Terminal.err("warning: \(problem)")
        }
    }

    /// Ends the session: trims the history file back to its cap.
    func close() {
        if let history, let problem = history.trim() { Terminal.err("warning: \(problem)") }
    }

    private func addToReadline(_ entry: String) {
        add_history(entry)
        lastEntry = entry
    }

    /// A getline loop. Not Swift.readLine(): it spins forever at end of input when errno
    /// holds a stale EINTR (say from a Ctrl-C during an earlier sleep).
    private func readPlain() -> LineRead {
        while true {
            errno = 0
            let n = getline(&lineBuffer, &lineCapacity, stdin)
            if n >= 0, let lineBuffer {
                var bytes = UnsafeRawBufferPointer(start: lineBuffer, count: n)
                if bytes.last == UInt8(ascii: "\n") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
                if bytes.last == UInt8(ascii: "\r") { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
                return .line(String(decoding: bytes, as: UTF8.self))
            }
            if ferror(stdin) != 0, errno == EINTR {
                clearerr(stdin)
                continue
            }
            return .eof
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
