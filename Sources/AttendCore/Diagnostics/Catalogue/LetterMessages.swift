// The catalogue of messages about letters (L…): the `letters` clause's options, templates
// and their partials, the fields a template names, pupils who lack what a letter needs,
// the folder written, and the school's settings file (school.conf).
//
// Letter messages are query errors (exit status 1): nothing goes out to parents when one
// is raised. Those about a statement place themselves at the `letters` clause (a caret under
// it, FILE:LINE:COLUMN in a script); those about a template also name the template's own
// line and column. Keep the codes stable. Ordered by code.

extension Diagnostic {
    /// L001: an option the `letters` clause does not have.
    static func unknownLetterOption(_ name: String, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        let list = LetterOptions.names.joined(separator: ", ")
        return Diagnostic("L001", message: "unknown letters option `\(name)`",
                          hint: suggestion.map { "\($0) (options: \(list))" } ?? "options: \(list)").placed(at: site)
    }

    /// L002: an option given a value it cannot take, a value missing, or given twice.
    static func badLetterOption(_ message: String, hint: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("L002", message: message, hint: hint).placed(at: site)
    }

    /// L003: the template file cannot be read.
    static func templateNotFound(_ path: String, reason: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("L003", message: "cannot read the template \(path): \(reason)",
                   hint: "a template path is taken from the script's own folder (at the prompt, from the current folder)").placed(at: site)
    }

    /// L004: a template that Mustache cannot parse.
    static func templateSyntax(_ path: String, line: Int, column: Int, problem: String, text: String, at site: DiagnosticSite) -> Diagnostic {
        var d = Diagnostic("L004", message: "\(path):\(line):\(column): the template does not parse: \(problem)",
                           hint: "near: \(text.trimmingSpaces().prefix(80))").placed(at: site)
        d.related = [SourceLocation(file: path, line: line, column: column)]
        return d
    }

    /// L005: a partial (`{{> name}}`) with no file.
    static func partialNotFound(_ name: String, template: String, line: Int, column: Int, tried: [String], at site: DiagnosticSite) -> Diagnostic {
        var d = Diagnostic("L005", message: "\(template):\(line):\(column): no partial `\(name)`",
                           hint: "looked for \(tried.joined(separator: ", "))").placed(at: site)
        d.related = [SourceLocation(file: template, line: line, column: column)]
        return d
    }

    /// L006: a template names a field that letters do not have (for any pupil).
    static func unknownLetterField(_ name: String, template: String, line: Int, column: Int, why: String?, suggestion: String?, at site: DiagnosticSite) -> Diagnostic {
        var hint = suggestion ?? "Docs/letters.md lists every field"
        if let why { hint = why + "; " + hint }
        var d = Diagnostic("L006", message: "\(template):\(line):\(column): the template names `\(name)`, a field these letters do not have",
                           hint: hint).placed(at: site)
        d.related = [SourceLocation(file: template, line: line, column: column)]
        return d
    }

    /// L007: pupils who lack a field the template prints, or a contact to address.
    static func pupilsLackFields(_ problems: [LetterProblem], total: Int, at site: DiagnosticSite) -> Diagnostic {
        let n = problems.count
        let shown = problems.prefix(20).map { "  " + $0.description }
        let more = n > 20 ? ["  … and \(n - 20) more"] : []
        let head = "\(n) of \(NumberText.grouped(total)) pupil\(total == 1 ? "" : "s") lack\(n == 1 ? "s" : "") what the letter needs; no letters were written"
        return Diagnostic("L007", message: ([head] + shown + more).joined(separator: "\n"),
                          hint: "fill in pupils.csv, or add `skip-missing` to write the other letters and list these pupils").placed(at: site)
    }

    /// L008: no column to address the letters to.
    static func noContactColumn(columns: [String], at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("L008", message: "pupils.csv has no contact_name or parent_name column to address the letters to",
                   hint: "name the column with `contact = COLUMN`; the register's columns are: \(columns.joined(separator: ", "))").placed(at: site)
    }

    /// L009: letters that would overwrite files already there. A pupil's letter is named
    /// `Surname_Forename_UPN.html`: the message names it by UPN only.
    static func lettersWouldOverwrite(_ existing: [String], folder: String, at site: DiagnosticSite) -> Diagnostic {
        let n = existing.count
        let list = existing.prefix(3).map(letterShownByUPN).joined(separator: ", ") + (n > 3 ? ", …" : "")
        return Diagnostic("L009", message: "\(n) file\(n == 1 ? "" : "s") in \(folder) already exist\(n == 1 ? "s" : "") (\(list)); nothing was written",
                          hint: "letters are never overwritten silently: write into a new folder, move the old letters away, or add `replace`").placed(at: site)
    }

    /// A letter file as a message may name it: `the letter for UPN` for a pupil's letter
    /// (`Davies_Grace_A880….html`), the name itself for index.csv, letters.html and the like.
    static func letterShownByUPN(_ file: String) -> String {
        guard let underscore = file.lastIndex(of: "_") else { return file }
        let tail = file[file.index(after: underscore)...]
        let upn = tail.split(separator: ".").first.map(String.init) ?? String(tail)
        return "the letter for \(upn)"
    }

    /// L010: the school's name, head teacher, … named by a template but not set.
    static func schoolSettingMissing(_ key: String, field: String, template: String, line: Int, column: Int, settingsFile: String?, at site: DiagnosticSite) -> Diagnostic {
        let whereText = settingsFile.map { "add `\(key) = …` to \($0)" }
            ?? "write a school.conf next to the register folder (or give --school FILE) with a line `\(key) = …`"
        var d = Diagnostic("L010", message: "\(template):\(line):\(column): the template names `\(field)`, but the school's \(key.replacingUnderscores()) is not set",
                           hint: whereText).placed(at: site)
        d.related = [SourceLocation(file: template, line: line, column: column)]
        return d
    }

    /// L011: a line of school.conf that is not `key = value`, an unknown key, or a bad band.
    static func badSchoolSetting(_ message: String, hint: String, file: String, line: Int) -> Diagnostic {
        Diagnostic("L011", message: message, hint: hint, location: SourceLocation(file: file, line: line))
    }

    /// L012: a template whose tags nest too deeply through partials (a partial that includes itself).
    static func partialsTooDeep(_ name: String, template: String, at site: DiagnosticSite) -> Diagnostic {
        Diagnostic("L012", message: "\(template): partial `\(name)` includes itself (or partials nest more than 16 deep)",
                   hint: "a partial cannot include itself").placed(at: site)
    }
}

extension String {
    /// `head_teacher` → `head teacher`.
    func replacingUnderscores() -> String { String(map { $0 == "_" ? " " : $0 }) }
}
