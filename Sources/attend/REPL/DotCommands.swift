import AttendCore
/// One dot-command. The table ``DotCommands/all`` drives `.help`, argument checking,
/// dispatch and tab completion (like DuckDB's `metadata_commands[]` and sqlite's `azHelp[]`).
struct DotCommand: Sendable {
    /// What the arguments are, for completion and checking.
    enum Argument: Sendable, Equatable {
        case none
        /// A file name: completed from the file system.
        case file
        /// One of these words: checked and completed.
        case choices([String])
        /// A dot-command name (for `.help`).
        case command
        /// Free text checked by the host (a date).
        case text
    }

    enum Outcome: Sendable { case proceed, quit }

    /// Without the dot: `format`.
    let name: String
    let aliases: [String]
    /// Argument synopsis: `table|csv|tsv|json|markdown`, `[FILE]`.
    let synopsis: String
    /// One line for `.help`.
    let help: String
    /// More lines for `.help NAME`.
    let details: String?
    let minArguments: Int
    let maxArguments: Int
    let argument: Argument
    let run: @Sendable (Repl, [String]) throws -> Outcome

    init(_ name: String, aliases: [String] = [], synopsis: String = "", help: String, details: String? = nil,
         arguments: ClosedRange<Int> = 0...0, argument: Argument = .none,
         run: @escaping @Sendable (Repl, [String]) throws -> Outcome) {
        self.name = name
        self.aliases = aliases
        self.synopsis = synopsis
        self.help = help
        self.details = details
        self.minArguments = arguments.lowerBound
        self.maxArguments = arguments.upperBound
        self.argument = argument
        self.run = run
    }

    /// `.format table|csv|tsv|json|markdown`
    var usage: String { "." + name + (synopsis.isEmpty ? "" : " " + synopsis) }
    var names: [String] { [name] + aliases }
}

enum DotCommands {
    static let all: [DotCommand] = [
        DotCommand("help", synopsis: "[COMMAND]", help: "Show the dot-commands, or one command's help",
                   arguments: 0...1, argument: .command) { repl, args in
            try repl.emitInfo(args.isEmpty ? helpText(statementHelp: repl.host.statementHelp) : helpText(for: args[0]))
            return .proceed
        },
        DotCommand("format", synopsis: "table|csv|tsv|json|markdown|xlsx", help: "Set the format of results (no argument: show it)",
                   arguments: 0...1, argument: .choices(OutputFormat.allCases.map(\.rawValue))) { repl, args in
            if let name = args.first {
                repl.format = OutputFormat(rawValue: name.lowercased())!   // checked against the choices
            } else {
                repl.note("format: \(repl.format.rawValue)", always: true)
            }
            return .proceed
        },
        DotCommand("as-of", synopsis: "DATE", help: "Evaluate statements as of DATE (2026-01-23 or 23/01/2026)",
                   arguments: 1...1, argument: .text) { repl, args in
            if let message = try repl.callHost({ try repl.host.setAsOf(args[0]) }) { repl.note(message) }
            return .proceed
        },
        DotCommand("timer", synopsis: "on|off", help: "Show how long each statement took",
                   arguments: 1...1, argument: .choices(["on", "off"])) { repl, args in
            repl.timer = args[0].lowercased() == "on"
            return .proceed
        },
        DotCommand("output", synopsis: "[FILE [replace]]", help: "Send results to FILE until .output with no argument",
                   details: "A new file, readable by you only; an existing one only with `replace` (never a device, a folder or a register file). It is put in place when .output ends. Results in it are never cut short and never coloured.",
                   arguments: 0...2, argument: .file) { repl, args in
            if let path = args.first {
                try repl.routing.setPersistent(try FileSink(path: path, replace: try replaceArgument(args, ".output"), host: repl.host))
                repl.note("Results now go to \(path).")
            } else {
                let wasRedirected = repl.routing.persistent != nil
                try repl.routing.setPersistent(nil)
                if wasRedirected { repl.note("Results now go to the screen.") }
            }
            return .proceed
        },
        DotCommand("once", synopsis: "FILE [replace]", help: "Send the next result only to FILE",
                   details: "A new file, readable by you only; an existing one only with `replace` (never a device, a folder or a register file). The result after that goes back to the screen (or the .output file).",
                   arguments: 1...2, argument: .file) { repl, args in
            repl.routing.setOnce(try FileSink(path: args[0], replace: try replaceArgument(args, ".once"), host: repl.host))
            return .proceed
        },
        DotCommand("read", synopsis: "SCRIPT", help: "Run the statements and dot-commands in SCRIPT",
                   details: "The script stops at its first error, which names the script's file and line.",
                   arguments: 1...1, argument: .file) { repl, args in
            try repl.runScript(path: args[0])
        },
        DotCommand("columns", help: "List the pupils.csv columns statements can use") { repl, _ in
            try repl.emitResult(try repl.callHost { try repl.host.columns() })
            return .proceed
        },
        DotCommand("codes", help: "List the attendance codes and what each counts as") { repl, _ in
            try repl.emitResult(try repl.callHost { try repl.host.codes() })
            return .proceed
        },
        DotCommand("calendar", help: "Show the school calendar: terms, holidays, INSET days") { repl, _ in
            try repl.emitResult(try repl.callHost { try repl.host.calendar() })
            return .proceed
        },
        DotCommand("reload", help: "Read the register files again") { repl, _ in
            if let message = try repl.callHost({ try repl.host.reload() }) { repl.note(message) }
            return .proceed
        },
        DotCommand("write", help: "Write the letters of the last letter run shown as a preview") { repl, _ in
            try repl.writePendingLetters()
            return .proceed
        },
        DotCommand("quit", aliases: ["exit"], help: "Leave attend; so does Ctrl-D on an empty line") { _, _ in
            .quit
        },
    ]

    static func command(named name: String) -> DotCommand? {
        let key = name.hasPrefix(".") ? String(name.dropFirst()) : name
        return all.first { $0.names.contains(key.lowercased()) }
    }

    /// Splits a dot-command line into its name (without the dot) and arguments. Arguments are
    /// separated by blanks; `"…"` or `'…'` keeps blanks inside one argument.
    static func parse(_ line: String) -> (name: String, arguments: [String]) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for ch in line.trimmingWhitespace() {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "\"" || ch == "'" {
                quote = ch
                inWord = true
            } else if ch.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(ch)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        guard let first = words.first else { return ("", []) }
        return (String(first.dropFirst()), Array(words.dropFirst()))
    }

    /// Checks a parsed line against the table: the command exists, the argument count fits,
    /// a choice is one of the choices.
    static func resolve(_ line: String) throws(ReplError) -> (DotCommand, [String]) {
        let (name, args) = parse(line)
        guard let command = command(named: name) else {
            var hint = ".help lists the commands"
            if let guess = suggestion(for: name) { hint = "did you mean .\(guess)? " + hint }
            throw ReplError("unknown command \".\(name)\"", hint: hint)
        }
        guard (command.minArguments...command.maxArguments).contains(args.count) else {
            let count = args.count > command.maxArguments ? "too many arguments" : "missing argument"
            throw ReplError("\(count) for .\(command.name)", hint: "usage: \(command.usage)")
        }
        if case .choices(let choices) = command.argument, let value = args.first,
           !choices.contains(value.lowercased()) {
            throw ReplError("\".\(command.name)\" does not take \"\(value)\"", hint: "usage: \(command.usage)")
        }
        if case .command = command.argument, let value = args.first, self.command(named: value) == nil {
            var hint = ".help lists the commands"
            if let guess = suggestion(for: value.hasPrefix(".") ? String(value.dropFirst()) : value) {
                hint = "did you mean .\(guess)? " + hint
            }
            throw ReplError("unknown command \"\(value.hasPrefix(".") ? value : "." + value)\"", hint: hint)
        }
        return (command, args)
    }

    /// The closest command name: a unique one it is a prefix of, or one within two edits.
    static func suggestion(for name: String) -> String? {
        let key = name.lowercased()
        guard !key.isEmpty else { return nil }
        let names = all.flatMap(\.names)
        let prefixed = names.filter { $0.hasPrefix(key) }
        if prefixed.count == 1 { return prefixed[0] }
        let scored = names.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }

    // MARK: Help

    static func helpText(statementHelp: String?) -> String {
        let width = all.map(\.usage.count).max()! + 3
        var lines = all.map { command -> String in
            var help = command.help
            if !command.aliases.isEmpty { help += " (also " + command.aliases.map { "." + $0 }.joined(separator: ", ") + ")" }
            return command.usage.padding(to: width) + help
        }
        lines.append("")
        lines.append("A statement ends at the end of a line unless it is unfinished (ends in \"and\", an open bracket…);")
        lines.append("then \"...>\" asks for the rest, and a blank line sends it as it is.")
        lines.append("Ctrl-C clears the line or stops a running statement; Ctrl-D on an empty line leaves.")
        if let statementHelp { lines += ["", statementHelp] }
        return lines.joined(separator: "\n")
    }

    static func helpText(for name: String) -> String {
        guard let command = command(named: name) else { return "" }
        var lines = ["usage: " + command.usage, "  " + command.help]
        if !command.aliases.isEmpty { lines.append("  Also: " + command.aliases.map { "." + $0 }.joined(separator: ", ")) }
        if let details = command.details { lines.append("  " + details) }
        return lines.joined(separator: "\n")
    }

    // MARK: Completion

    /// Candidates when the line is a dot-command line; nil when it isn't.
    static func completions(_ context: CompletionContext) -> [String]? {
        if context.isFirstWord {
            guard context.word.hasPrefix(".") else { return nil }
            let key = context.word.dropFirst().lowercased()
            return all.flatMap(\.names).filter { $0.hasPrefix(key) }.map { "." + $0 }
        }
        guard let first = context.previousWords.first, first.hasPrefix(".") else { return nil }
        guard let command = command(named: first), context.previousWords.count - 1 < command.maxArguments else { return [] }
        switch command.argument {
        case .none, .text:
            return []
        case .file:
            return FilePathCompletion.candidates(for: context.word)
        case .choices(let choices):
            return choices.filter { $0.hasPrefix(context.word.lowercased()) }
        case .command:
            let dotted = context.word.hasPrefix(".")
            let key = (dotted ? String(context.word.dropFirst()) : context.word).lowercased()
            return all.flatMap(\.names).filter { $0.hasPrefix(key) }.map { dotted ? "." + $0 : $0 }
        }
    }

    /// Whether a dot-command line's current argument is a file name; nil when it isn't a dot-command line.
    static func completesFilenames(_ context: CompletionContext) -> Bool? {
        if context.isFirstWord { return context.word.hasPrefix(".") ? false : nil }
        guard let first = context.previousWords.first, first.hasPrefix(".") else { return nil }
        return command(named: first)?.argument == .file
    }
}

extension String {
    /// Left-aligned in `width` columns (at least one space after).
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

/// `.output FILE replace`, `.once FILE replace`: true when the second argument is `replace`.
private func replaceArgument(_ args: [String], _ command: String) throws -> Bool {
    guard args.count == 2 else { return false }
    guard args[1].lowercased() == "replace" else {
        throw ReplError("\(command) takes a file and, to replace an existing file, the word `replace`", hint: "\(command) \(args[0]) replace")
    }
    return true
}
