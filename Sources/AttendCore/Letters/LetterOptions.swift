/// How letters are written: the options after `letters using "T" into "F"`, read from the
/// clause's `NAME [= VALUE]` list and checked (an unknown name gets a suggestion).
public struct LetterOptions: Sendable, Hashable {
    /// What goes into the folder.
    public enum Output: String, Sendable, Hashable {
        /// One file per pupil, and index.csv.
        case files
        /// One file with every letter, a page break between them, and index.csv.
        case merged
        /// Only mailmerge.csv: one row per pupil with every field, for a word processor.
        case mailmerge
    }

    /// Nil: from the template's name (`green.html.mustache` is HTML).
    public var format: LetterFormat?
    public var output: Output = .files
    /// Overwrite letters already in the folder.
    public var replace = false
    /// Write the other letters when some pupils lack a field or contact, and list those.
    public var skipMissing = false
    /// The pupils.csv column naming whom the letter is addressed to.
    public var contactColumn: String?
    /// Render the first letter on screen and write nothing.
    public var preview = false
    /// The date printed on the letters (default: the session's letter date, else today).
    public var date: Day?
    /// The length of a notice to improve's improvement period, in school weeks (3 to 6).
    public var improvementWeeks = 6

    public init() {}

    /// Every option's name, for suggestions and the docs.
    public static let names = ["format", "merged", "mailmerge", "replace", "skip-missing", "contact", "preview", "date", "improvement-weeks"]

    /// Reads the clause's options.
    static func read(_ syntax: [LetterOptionSyntax], statement s: Statement) throws(Diagnostic) -> LetterOptions {
        var o = LetterOptions()
        var seen: Set<String> = []
        for opt in syntax {
            let name = String(opt.name.text.lowercased().map { $0 == "_" ? "-" : $0 })
            let site = s.site(opt.span)
            guard names.contains(name) else {
                throw Diagnostic.unknownLetterOption(opt.name.text, suggestion: Suggestion.didYouMean(name, in: names), at: s.site(opt.name.span))
            }
            guard seen.insert(name).inserted else {
                throw Diagnostic.badLetterOption("`\(name)` is given twice", hint: "give each option once", at: site)
            }
            let flags: Set<String> = ["merged", "mailmerge", "replace", "skip-missing", "preview"]
            if flags.contains(name) {
                if let v = opt.value {
                    // `replace = yes` reads as `replace`; `replace = no` as nothing.
                    guard let word = Self.word(v), let yes = PupilSchema.parseFlag(word) else {
                        throw Diagnostic.badLetterOption("`\(name)` takes no value", hint: "write `\(name)` alone", at: site)
                    }
                    if !yes { continue }
                }
                switch name {
                case "merged", "mailmerge":
                    let wanted: Output = name == "merged" ? .merged : .mailmerge
                    if o.output != .files && o.output != wanted {
                        throw Diagnostic.badLetterOption("`merged` and `mailmerge` cannot go together",
                                                         hint: "`merged` writes one file of letters; `mailmerge` writes only mailmerge.csv", at: site)
                    }
                    o.output = wanted
                case "replace": o.replace = true
                case "skip-missing": o.skipMissing = true
                default: o.preview = true
                }
                continue
            }
            guard let v = opt.value else {
                let example = ["format": "format = html", "contact": "contact = contact_name", "date": "date = 2026-03-23",
                               "improvement-weeks": "improvement-weeks = 6"][name] ?? name
                throw Diagnostic.badLetterOption("`\(name)` needs a value", hint: "write `\(example)`", at: site)
            }
            switch name {
            case "format":
                guard let w = Self.word(v), let f = LetterFormat(name: w) else {
                    throw Diagnostic.badLetterOption("unknown letter format", hint: "formats: html, text, markdown", at: s.site(v.span))
                }
                o.format = f
            case "contact":
                guard let w = Self.word(v), !w.isEmpty else {
                    throw Diagnostic.badLetterOption("`contact` names a pupils.csv column", hint: "write `contact = contact_name`", at: s.site(v.span))
                }
                o.contactColumn = w
            case "date":
                var day: Day?
                switch v.kind {
                case .date(let d): day = d
                case .text(let t), .word(let t): day = Day(parsing: t)
                default: break
                }
                guard let day else {
                    throw Diagnostic.badLetterOption("`date` is the date printed on the letters", hint: "write `date = 2026-03-23`", at: s.site(v.span))
                }
                o.date = day
            default: // improvement-weeks
                guard case .number(let d) = v.kind, let n = d.integerValue, (3...6).contains(n) else {
                    throw Diagnostic.badLetterOption("an improvement period is 3 to 6 school weeks",
                                                     hint: "write `improvement-weeks = 6` (the national framework allows 3 to 6)", at: s.site(v.span))
                }
                o.improvementWeeks = n
            }
        }
        if o.preview && o.output == .mailmerge {
            throw Diagnostic.badLetterOption("`preview` shows a letter; `mailmerge` writes no letters",
                                             hint: "preview without `mailmerge`", at: s.site(syntax.last?.span ?? s.span))
        }
        return o
    }

    /// A value written as a bare word or text.
    static func word(_ v: ExprSyntax) -> String? {
        switch v.kind {
        case .word(let w), .text(let w): return w
        case .attribute(let n): return n.text
        default: return nil
        }
    }
}

/// The kind of file a letter is.
public enum LetterFormat: String, Sendable, Hashable, CaseIterable {
    case html, text, markdown

    /// `html`/`htm`, `text`/`txt`, `markdown`/`md`.
    public init?(name: String) {
        switch name.lowercased() {
        case "html", "htm": self = .html
        case "text", "txt": self = .text
        case "markdown", "md": self = .markdown
        default: return nil
        }
    }

    /// From a template's name: `green.html.mustache` → html, `green.txt.mustache` → text,
    /// `green.md.mustache` → markdown. Nil when the name does not say.
    public init?(templateName path: String) {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        var parts = base.split(separator: ".").map(String.init)
        if parts.count > 1 && ["mustache", "ms"].contains(parts.last!.lowercased()) { parts.removeLast() }
        guard parts.count > 1, let f = LetterFormat(name: parts.last!) else { return nil }
        self = f
    }

    /// The extension of a letter file.
    public var fileExtension: String {
        switch self {
        case .html: "html"
        case .text: "txt"
        case .markdown: "md"
        }
    }
}
