@preconcurrency import CReadline
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Supplies tab-completion candidates.
///
/// `line` is the whole input line and `cursor` the cursor's offset into it in UTF-8 bytes.
/// Return the full words that could replace the word ending at the cursor, as defined by
/// ``CompletionContext`` (the same word readline replaces): for `pupils wh|` return
/// `["where"]`, for `".read "data/te|` return `["data/term1.att"]`. Readline inserts their
/// longest common prefix and lists them on a second Tab.
protocol CompletionSource {
    func completions(for line: String, cursor: Int) -> [String]

    /// True when the candidates are file names: readline then appends `/` to a directory
    /// (and no closing quote), closes the quote after a file, and lists base names only.
    /// By default: when the cursor is inside an open quote.
    func completesFilenames(for line: String, cursor: Int) -> Bool
}

extension CompletionSource {
    func completesFilenames(for line: String, cursor: Int) -> Bool {
        CompletionContext(line: line, cursor: cursor).quote != nil
    }
}

/// The word being completed, found the way readline finds it: inside an open `"` or `'`
/// it is everything after the quote; otherwise it runs back to the nearest word-break
/// character. Providers use this so that what they return lines up with what readline replaces.
struct CompletionContext: Equatable {
    /// Word-break characters for the query language: words and numbers, dotted commands
    /// (`.as-of`), dates (`2026-01-23`), codes and paths stay whole; operators, brackets,
    /// commas and quotes split.
    static let wordBreakCharacters = " \t\n\"'()<>=!,;+*%[]{}|&"
    static let quoteCharacters = "\"'"

    /// Text from the start of the line to the cursor.
    let before: String
    /// The partial word at the cursor (without its opening quote).
    let word: String
    /// The open quote the cursor is inside, if any.
    let quote: Character?
    /// Complete words before the current one (quoted ones without their quotes).
    let previousWords: [String]

    init(line: String, cursor: Int) {
        let bytes = Array(line.utf8)
        let end = max(0, min(cursor, bytes.count))
        let before = String(decoding: bytes[..<end], as: UTF8.self)
        self.before = before
        var words: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for ch in before {
            if escaped { current.append(ch); escaped = false; continue }
            if let q = quote {
                if ch == q { words.append(current); current = ""; quote = nil } else { current.append(ch) }
                continue
            }
            if ch == "\\" { escaped = true; continue }
            if Self.quoteCharacters.contains(ch) {
                if !current.isEmpty { words.append(current) }
                current = ""
                quote = ch
            } else if Self.wordBreakCharacters.contains(ch) {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(ch)
            }
        }
        self.word = current
        self.quote = quote
        self.previousWords = words
    }

    /// True when the word is the first on the line (ignoring leading blanks).
    var isFirstWord: Bool { previousWords.isEmpty && quote == nil }
}

/// File and directory names for a partial path: `da` → `data/`, `data/te` → `data/term1.att`.
/// Hidden entries only when the partial name starts with a dot. `~/` is expanded for listing
/// and kept in the result.
enum FilePathCompletion {
    static func candidates(for partial: String) -> [String] {
        let dirPart: String
        let namePart: String
        if let slash = partial.lastIndex(of: "/") {
            dirPart = String(partial[...slash])
            namePart = String(partial[partial.index(after: slash)...])
        } else {
            dirPart = ""
            namePart = partial
        }
        let listDir = dirPart.isEmpty ? "." : expandTilde(dirPart)
        guard let dir = opendir(listDir) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            if name.hasPrefix("."), !namePart.hasPrefix(".") { continue }
            guard name.hasPrefix(namePart) else { continue }
            var full = dirPart + name
            var info = stat()
            if stat(expandTilde(full), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { full += "/" }
            out.append(full)
        }
        return out.sorted()
    }
}

/// Completion when the host has no provider of its own: dot-commands and their arguments,
/// file names inside quotes, and a fixed keyword list everywhere else.
struct DefaultCompletionSource: CompletionSource {
    var keywords: [String]

    /// Placeholder words until the interpreter supplies its grammar's.
    static let placeholderKeywords = [
        "pupils", "where", "and", "or", "not", "over", "in", "for", "by", "last", "this", "weeks", "days",
        "term", "year", "rate", "present", "absent", "authorised", "unauthorised", "sessions", "show", "count",
        "limit", "sort", "group", "persistent", "absence",
    ]

    init(keywords: [String] = DefaultCompletionSource.placeholderKeywords) {
        self.keywords = keywords
    }

    func completions(for line: String, cursor: Int) -> [String] {
        let context = CompletionContext(line: line, cursor: cursor)
        if let dot = DotCommands.completions(context) { return dot }
        if context.quote != nil { return FilePathCompletion.candidates(for: context.word) }
        let lower = context.word.lowercased()
        return keywords.filter { $0.lowercased().hasPrefix(lower) }
    }
}

/// Dot-commands are the REPL's, so their completion comes first whatever the host supplies.
struct ReplCompletionSource: CompletionSource {
    var host: (any CompletionSource)?
    var fallback = DefaultCompletionSource()

    func completions(for line: String, cursor: Int) -> [String] {
        let context = CompletionContext(line: line, cursor: cursor)
        if let dot = DotCommands.completions(context) { return dot }
        return (host ?? fallback).completions(for: line, cursor: cursor)
    }

    func completesFilenames(for line: String, cursor: Int) -> Bool {
        let context = CompletionContext(line: line, cursor: cursor)
        if let isFile = DotCommands.completesFilenames(context) { return isFile }
        return (host ?? fallback).completesFilenames(for: line, cursor: cursor)
    }
}

/// The readline side. C callbacks cannot capture, so the provider lives in a global.
nonisolated(unsafe) private var activeCompletionSource: (any CompletionSource)?

enum CompletionGlue {
    static func install(_ source: any CompletionSource) {
        activeCompletionSource = source
        rl_basic_word_break_characters = UnsafePointer(strdup(CompletionContext.wordBreakCharacters))
        rl_completer_word_break_characters = rl_basic_word_break_characters
        rl_completer_quote_characters = UnsafePointer(strdup(CompletionContext.quoteCharacters))
        // An unquoted file name with a blank or a quote in it is inserted in double quotes.
        rl_filename_quote_characters = UnsafePointer(strdup(" \t\"'"))
        rl_attempted_completion_function = { text, _, end in
            rl_attempted_completion_over = 1   // never fall back to readline's own filename completion
            guard let source = activeCompletionSource, let buffer = rl_line_buffer else { return nil }
            let line = String(cString: buffer)
            let cursor = Int(end)
            var seen = Set<String>()
            let matches = source.completions(for: line, cursor: cursor).filter { seen.insert($0).inserted }
            guard !matches.isEmpty else { return nil }
            if source.completesFilenames(for: line, cursor: cursor) {
                rl_filename_completion_desired = 1
                // Inside an open quote readline would add a second opening quote.
                rl_filename_quoting_desired = rl_completion_quote_character == 0 ? 1 : 0
            }
            return CompletionGlue.matchArray(matches, typed: text.map { String(cString: $0) } ?? "")
        }
    }

    /// readline's format: [common prefix, match1, match2, …, NULL], or [match, NULL] for one
    /// match; all malloc'd, readline frees them. The common prefix never shortens what was
    /// typed (candidates may differ from it in case).
    static func matchArray(_ matches: [String], typed: String) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        var prefix = commonPrefix(matches)
        if prefix.utf8.count < typed.utf8.count { prefix = typed }
        let entries = matches.count == 1 ? matches : [prefix] + matches
        guard let array = malloc((entries.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1) else { return nil }
        for (i, entry) in entries.enumerated() { array[i] = strdup(entry) }
        array[entries.count] = nil
        return array
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map({ Array($0.utf8) }) else { return "" }
        for word in words.dropFirst() {
            let bytes = Array(word.utf8)
            var n = 0
            while n < prefix.count, n < bytes.count, prefix[n] == bytes[n] { n += 1 }
            prefix.removeSubrange(n...)
        }
        // Don't end in the middle of a multi-byte character.
        var i = prefix.count
        var continuation = 0
        while i > 0, prefix[i - 1] & 0xC0 == 0x80 { i -= 1; continuation += 1 }
        if i > 0, prefix[i - 1] >= 0xC0 {
            let lead = prefix[i - 1]
            let needed = lead >= 0xF0 ? 3 : (lead >= 0xE0 ? 2 : 1)
            if continuation < needed { prefix.removeSubrange((i - 1)...) }
        }
        return String(decoding: prefix, as: UTF8.self)
    }
}
