#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Mustache

/// A letter template with its partials, loaded, parsed and checked against the fields a
/// run has, then rendered once per pupil.
///
/// Mustache itself is silent about what a template names: a misspelt field, a missing
/// partial or an unknown transform all render as nothing. So before any letter is rendered
/// every tag is read (``TemplateScanner``) and checked: a name that is no field, a partial
/// with no file, or a transform Mustache lacks is an error naming the template's line and
/// column. While rendering, a field that is empty for the pupil and printed by a variable
/// tag (or a list that would print nothing, unless the template also has an inverted
/// section for it) is recorded, so the pupil can be reported by UPN and field.
struct LetterTemplate {
    /// The path as messages show it.
    let path: String
    let format: LetterFormat
    let template: MustacheTemplate
    let library: MustacheLibrary
    let tags: [TemplateTag]
    /// Partials by the name tags use: the file and its tags.
    let partials: [String: (path: String, tags: [TemplateTag])]

    /// Escaping off for text and Markdown letters: `{{name}}` prints `O'Brien & Sons`,
    /// not `O&#39;Brien &amp; Sons`.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    /// Mustache's transforms (`{{uppercased(name)}}`); any other renders nothing.
    static let transforms: Set<String> = ["capitalized", "count", "empty", "enumerated", "equalzero", "even", "first", "index",
                                          "last", "lowercased", "minusone", "odd", "plusone", "reversed", "sorted", "uppercased"]

    // MARK: Loading

    /// Reads the template at `path` and every partial it includes, from its folder or the
    /// folder's `partials/`. `format` nil: from the file's name, else from its first line
    /// (`<!DOCTYPE html>` or `<html` is HTML), else text.
    /// With `confinedTo` (--safe), every partial must be inside that folder once its links
    /// are resolved.
    static func load(path: String, format: LetterFormat?, site: DiagnosticSite, confinedTo: String? = nil) throws(Diagnostic) -> LetterTemplate {
        let text = try read(path, site: site)
        let fmt = format ?? LetterFormat(templateName: path) ?? sniff(text)
        let prefix = fmt == .html ? "" : textPragma
        let template = try parse(prefix + text, path: path, prefixLength: prefix.count, site: site)
        let tags = TemplateScanner.tags(text)
        var library = MustacheLibrary()
        var partials: [String: (path: String, tags: [TemplateTag])] = [:]
        let dir = SafeFileWriter.directory(of: path)
        var pending: [(name: String, from: String, tag: TemplateTag, depth: Int)] = tags.filter(\.isPartial).map { ($0.name, path, $0, 1) }
        while !pending.isEmpty {
            let (name, from, tag, depth) = pending.removeFirst()
            if partials[name] != nil { continue }
            guard depth <= 16 else { throw Diagnostic.partialsTooDeep(name, template: from, at: site) }
            let candidates = partialCandidates(name, dir: dir, format: fmt)
            guard let file = candidates.first(where: { access($0, R_OK) == 0 }) else {
                throw Diagnostic.partialNotFound(name, template: from, line: tag.line, column: tag.column, tried: candidates, at: site)
            }
            if let root = confinedTo { try SafeMode.checkPartial(file, root: root, at: site) }
            let ptext = try read(file, site: site)
            library.register(try parse(ptext, path: file, prefixLength: 0, site: site), named: name)
            let ptags = TemplateScanner.tags(ptext)
            partials[name] = (file, ptags)
            pending += ptags.filter(\.isPartial).map { ($0.name, file, $0, depth + 1) }
        }
        // A partial that includes itself, directly or through others, would never end:
        // the fields are flat, so nothing stops the recursion.
        var state: [String: Bool] = [:]   // false: being visited, true: done
        func visit(_ name: String, from: String) throws(Diagnostic) {
            if state[name] == true { return }
            if state[name] == false { throw Diagnostic.partialsTooDeep(name, template: from, at: site) }
            state[name] = false
            if let p = partials[name] {
                for t in p.tags where t.isPartial { try visit(t.name, from: p.path) }
            }
            state[name] = true
        }
        for t in tags where t.isPartial { try visit(t.name, from: path) }
        return LetterTemplate(path: path, format: fmt, template: template, library: library, tags: tags, partials: partials)
    }

    /// `NAME.FORMAT.mustache`, then `NAME.mustache`, in the template's folder and then in
    /// its `partials/` folder.
    static func partialCandidates(_ name: String, dir: String, format: LetterFormat) -> [String] {
        var out: [String] = []
        let formatExtensions: [String]
        switch format {
        case .html: formatExtensions = ["html"]
        case .text: formatExtensions = ["txt", "text"]
        case .markdown: formatExtensions = ["md", "markdown"]
        }
        for folder in [dir, dir + "/partials"] {
            for ext in formatExtensions { out.append("\(folder)/\(name).\(ext).mustache") }
            out.append("\(folder)/\(name).mustache")
        }
        return out
    }

    static func sniff(_ text: String) -> LetterFormat {
        let head = text.prefix(200).lowercased().trimmingSpaces()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html") ? .html : .text
    }

    static func read(_ path: String, site: DiagnosticSite) throws(Diagnostic) -> String {
        let bytes: FileBytes
        do { bytes = try FileBytes(path: path) } catch {
            let reason = access(path, F_OK) != 0 ? "no such file" : (error.code == .isDirectory ? "it is a folder" : "it cannot be opened")
            throw Diagnostic.templateNotFound(path, reason: reason, at: site)
        }
        guard var text = bytes.withBytes({ String(validating: $0, as: UTF8.self) }) else {
            throw Diagnostic.templateNotFound(path, reason: "it is not UTF-8 text", at: site)
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    static func parse(_ text: String, path: String, prefixLength: Int, site: DiagnosticSite) throws(Diagnostic) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: text)
        } catch let e as MustacheTemplate.ParserError {
            let line = e.context.lineNumber
            var column = e.context.columnNumber + 1
            if line == 1 { column = max(1, column - prefixLength) }
            throw Diagnostic.templateSyntax(path, line: line, column: column, problem: explain(e.error), text: e.context.line, at: site)
        } catch {
            throw Diagnostic.templateSyntax(path, line: 1, column: 1, problem: "\(error)", text: "", at: site)
        }
    }

    static func explain(_ error: any Error) -> String {
        guard let e = error as? MustacheTemplate.Error else { return "\(error)" }
        switch e {
        case .sectionCloseNameIncorrect: return "a closing tag {{/…}} does not match the section it closes"
        case .unfinishedName: return "a tag is not closed with }}, or its name has a character names cannot have (letters, digits, _ - . only)"
        case .expectedSectionEnd: return "a section {{#…}} or {{^…}} is never closed with {{/…}}"
        case .invalidSetDelimiter: return "a {{=… …=}} tag is not written right"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "a {{% …}} pragma is not one Mustache knows (CONTENT_TYPE: TEXT or HTML)"
        default: return "\(e)"
        }
    }

    // MARK: Checking the names

    /// What the check found: the root fields named, each with where it was first named and
    /// whether some tag needs a value (a variable, or a section over a list), and the names
    /// inverted sections test.
    struct Usage {
        var required: [String: (file: String, line: Int, column: Int)] = [:]
        var inverted: Set<String> = []
        /// Fields from school.conf: never reported per pupil.
        var schoolFields: Set<String> = []
        /// Fields from optional pupils.csv columns: an empty list of one is not reported.
        var optionalFields: Set<String> = []
    }

    /// Checks every tag of the template and its partials against the catalogue; throws at
    /// the first name that is no field, the first unknown transform.
    func check(_ catalogue: LetterFieldCatalogue, site: DiagnosticSite) throws(Diagnostic) -> Usage {
        var usage = Usage()
        usage.schoolFields = Set(catalogue.schoolKeys.keys)
        usage.optionalFields = catalogue.optionalFields
        try check(tags, file: path, outer: [], catalogue: catalogue, usage: &usage, depth: 0, site: site)
        return usage
    }

    private struct Frame {
        var name: String
        /// Keys of a list's items (empty for a list of text), nil when not a list.
        var itemKeys: [String]?
    }

    private func check(_ tags: [TemplateTag], file: String, outer: [Frame], catalogue: LetterFieldCatalogue,
                       usage: inout Usage, depth: Int, site: DiagnosticSite) throws(Diagnostic) {
        var stack = outer
        for tag in tags {
            switch tag.kind {
            case .comment, .pragma, .delimiters:
                continue
            case .close:
                if !stack.isEmpty && stack.count > outer.count { stack.removeLast() }
                continue
            case .block, .parentPartial:
                stack.append(Frame(name: tag.name, itemKeys: nil))
                if tag.kind == .parentPartial, let p = partials[tag.name], depth < 16 {
                    try check(p.tags, file: p.path, outer: stack, catalogue: catalogue, usage: &usage, depth: depth + 1, site: site)
                }
                continue
            case .partial:
                if let p = partials[tag.name], depth < 16 {
                    try check(p.tags, file: p.path, outer: stack, catalogue: catalogue, usage: &usage, depth: depth + 1, site: site)
                }
                continue
            case .variable, .unescaped, .section, .inverted:
                break
            }
            for t in tag.transforms where !Self.transforms.contains(t) {
                throw Diagnostic.unknownLetterField("\(t)(…)", template: file, line: tag.line, column: tag.column,
                                                    why: "`\(t)` is not a Mustache transform",
                                                    suggestion: Suggestion.didYouMean(t, in: Self.transforms.sorted()) ?? "transforms: \(Self.transforms.sorted().joined(separator: ", "))",
                                                    at: site)
            }
            let rootName = try resolve(tag, stack: stack, file: file, catalogue: catalogue, site: site)
            if tag.kind == .section || tag.kind == .inverted {
                stack.append(Frame(name: tag.name, itemKeys: rootName.flatMap { catalogue.itemKeys($0) }))
            }
            guard let rootName else { continue }
            if tag.kind == .inverted { usage.inverted.insert(rootName) }
            // `{{#school_phone}}Telephone: {{school_phone}}{{/school_phone}}`: a variable
            // inside a section over itself only prints when it has a value.
            let guarded = stack.contains { $0.name == tag.name }
            // A section over a list needs items, unless the list comes from an optional
            // column (`{{#address_lines}}`: a letter with no address is addressed by name).
            let needsValue = ((tag.kind == .variable || tag.kind == .unescaped) && !guarded)
                || (tag.kind == .section && catalogue.itemKeys(rootName) != nil && !catalogue.optionalFields.contains(rootName))
            if needsValue && usage.required[rootName] == nil { usage.required[rootName] = (file, tag.line, tag.column) }
        }
    }

    /// The root field a tag names, nil when it names a list item's key or `.`; throws when
    /// it names nothing.
    private func resolve(_ tag: TemplateTag, stack: [Frame], file: String, catalogue: LetterFieldCatalogue, site: DiagnosticSite) throws(Diagnostic) -> String? {
        let name = tag.name
        let inList = stack.contains { $0.itemKeys != nil }
        if name == "." || (name.isEmpty && !tag.transforms.isEmpty) {
            if !stack.isEmpty { return nil }
            throw unknown(name.isEmpty ? "\(tag.transforms.joined(separator: "("))()" : ".", why: "`\(name.isEmpty ? tag.transforms[0] + "()" : ".")` means the current item of a list; use it inside {{#list}}…{{/list}}",
                          suggestion: nil, tag: tag, file: file, site: site)
        }
        if name.hasPrefix(".") {
            let key = String(name.dropFirst())
            if let keys = stack.last?.itemKeys, keys.contains(key) { return nil }
            throw unknown(name, why: nil, suggestion: nil, tag: tag, file: file, site: site)
        }
        if catalogue.contains(name) { return name }
        if inList, stack.contains(where: { $0.itemKeys?.contains(name) == true }) { return nil }
        var vocabulary = catalogue.names
        for f in stack { vocabulary += f.itemKeys ?? [] }
        var why: String?
        var suggestion = Suggestion.didYouMean(name, in: vocabulary)
        if name.contains(".") {
            let flat = String(name.map { $0 == "." ? "_" : $0 })
            why = "fields are flat names"
            suggestion = catalogue.contains(flat) ? "write `\(flat)`" : suggestion
        } else if let list = LetterFieldCatalogue.listOwning(name, in: catalogue) {
            why = "`\(name)` is a key of each item of `\(list)`"
            suggestion = "use it inside {{#\(list)}}…{{/\(list)}}"
        } else if ["parent_name", "parent_carer_name"].contains(name) {
            // (The schema's columns are always fields: LetterFieldBuilder.pupilColumns.)
            why = "pupils.csv has no `\(name)` column"
        }
        throw unknown(name, why: why, suggestion: suggestion, tag: tag, file: file, site: site)
    }

    private func unknown(_ name: String, why: String?, suggestion: String?, tag: TemplateTag, file: String, site: DiagnosticSite) -> Diagnostic {
        .unknownLetterField(name, template: file, line: tag.line, column: tag.column, why: why, suggestion: suggestion, at: site)
    }

    // MARK: Rendering

    /// Renders one letter; also returns the fields that were empty where the letter needed
    /// them (`address`, `rate`, `value (in measures)`), in the order met.
    func render(_ record: LetterRecord, usage: Usage) -> (text: String, missing: [String]) {
        let recorder = MissingRecorder()
        var context: [String: Any] = [:]
        for (k, v) in record.fields { context[k] = Self.mustacheValue(v, name: k, recorder: recorder) }
        let text = template.render(context, library: library)
        var missing: [String] = []
        for m in recorder.names where !missing.contains(m.name) {
            if m.isList && (usage.inverted.contains(m.name) || usage.optionalFields.contains(m.name)) { continue }
            // The school's settings are checked once, before any letter (L010).
            if usage.schoolFields.contains(m.name) { continue }
            missing.append(m.name)
        }
        return (text, missing)
    }

    static func mustacheValue(_ v: LetterValue, name: String, recorder: MissingRecorder) -> Any {
        switch v {
        case .text(let s): return s.isEmpty ? MissingValue(name: name, isList: false, recorder: recorder) : s
        case .flag(let b): return b
        case .list(let items):
            if items.isEmpty { return MissingValue(name: name, isList: true, recorder: recorder) }
            return items.map { item -> Any in
                switch item {
                case .record(let r):
                    var d: [String: Any] = [:]
                    for (k, x) in r { d[k] = mustacheValue(x, name: "\(k) (in \(name))", recorder: recorder) }
                    return d
                default:
                    return mustacheValue(item, name: name, recorder: recorder)
                }
            }
        case .record(let r):
            var d: [String: Any] = [:]
            for (k, x) in r { d[k] = mustacheValue(x, name: "\(k) (in \(name))", recorder: recorder) }
            return d
        }
    }
}

extension LetterFieldCatalogue {
    /// The list field whose items have the key `name`.
    static func listOwning(_ name: String, in c: LetterFieldCatalogue) -> String? {
        c.names.first { c.itemKeys($0)?.contains(name) == true }
    }
}

/// Records the empty fields a render printed.
final class MissingRecorder {
    var names: [(name: String, isList: Bool)] = []
}

/// Stands in for an empty field while rendering: prints nothing and is false in a section,
/// and tells the recorder when a variable tag printed it (or a section over a list met it).
struct MissingValue: MustacheCustomRenderable, MustacheTransformable {
    let name: String
    let isList: Bool
    let recorder: MissingRecorder

    var renderText: String {
        recorder.names.append((name, false))
        return ""
    }

    var isNull: Bool {
        if isList { recorder.names.append((name, true)) }
        return true
    }

    func transform(_ name: String) -> Any? { self }
}

// MARK: - Reading the tags

/// One tag of a template, as the field check reads it.
struct TemplateTag: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case variable, unescaped, section, inverted, close, partial, parentPartial, block, comment, pragma, delimiters
    }
    var kind: Kind
    /// The field (transforms taken off), the partial's or the block's name.
    var name: String
    /// Outermost first: `uppercased(name)` → ["uppercased"].
    var transforms: [String]
    /// 1-based line and column of the tag's opening delimiter.
    var line: Int
    var column: Int

    var isPartial: Bool { kind == .partial || kind == .parentPartial }
}

/// Reads the tags of a Mustache template (one that Mustache has already parsed), with
/// their lines and columns, following `{{=<% %>=}}` delimiter changes.
enum TemplateScanner {
    static func tags(_ text: String) -> [TemplateTag] {
        let chars = Array(text)
        var open: [Character] = ["{", "{"], close: [Character] = ["}", "}"]
        var out: [TemplateTag] = []
        var i = 0, line = 1, column = 1
        func matches(_ d: [Character], at j: Int) -> Bool {
            guard j + d.count <= chars.count else { return false }
            for k in 0..<d.count where chars[j + k] != d[k] { return false }
            return true
        }
        func find(_ d: [Character], from j: Int) -> Int? {
            var k = j
            while k + d.count <= chars.count {
                if matches(d, at: k) { return k }
                k += 1
            }
            return nil
        }
        func advance(to j: Int) {
            while i < j && i < chars.count {
                if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
                i += 1
            }
        }
        while let start = find(open, from: i) {
            advance(to: start)
            let tagLine = line, tagColumn = column
            let k = start + open.count
            guard k < chars.count else { break }
            var content: String
            var next: Int
            var kind: TemplateTag.Kind
            if chars[k] == "{" && open == ["{", "{"] {
                guard let end = find(close + ["}"], from: k + 1) else { break }
                content = String(chars[(k + 1)..<end])
                next = end + close.count + 1
                kind = .unescaped
            } else {
                guard let end = find(close, from: k) else { break }
                let body = String(chars[k..<end])
                next = end + close.count
                let sigil = body.first ?? " "
                switch sigil {
                case "#": kind = .section
                case "^": kind = .inverted
                case "/": kind = .close
                case "!": kind = .comment
                case ">": kind = .partial
                case "<": kind = .parentPartial
                case "$": kind = .block
                case "=": kind = .delimiters
                case "%": kind = .pragma
                case "&": kind = .unescaped
                default: kind = .variable
                }
                content = kind == .variable ? body : String(body.dropFirst())
            }
            if kind == .delimiters {
                var d = content.trimmingSpaces()
                if d.hasSuffix("=") { d.removeLast() }
                let parts = d.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if parts.count == 2 { open = Array(parts[0]); close = Array(parts[1]) }
            }
            var name = content.trimmingSpaces()
            var transforms: [String] = []
            if kind != .comment && kind != .pragma && kind != .delimiters && !kind.isPartialKind {
                while let paren = name.firstIndex(of: "("), name.hasSuffix(")") {
                    transforms.append(String(name[..<paren]).trimmingSpaces())
                    name = String(name[name.index(after: paren)..<name.index(before: name.endIndex)]).trimmingSpaces()
                }
            }
            out.append(TemplateTag(kind: kind, name: name, transforms: transforms, line: tagLine, column: tagColumn))
            advance(to: next)
        }
        return out
    }
}

extension TemplateTag.Kind {
    var isPartialKind: Bool { self == .partial || self == .parentPartial }
}
