#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a run's letters into their folder: one file per pupil, named so a person can
/// find it (`Surname_Forename_UPN.html`), or one merged file with a page break between
/// letters, with `index.csv` listing every letter; or only `mailmerge.csv`.
///
/// Letters hold personal data: the folder is created readable by the owner only (0700),
/// every file is written to a temporary name readable by the owner only (0600), and only
/// when all are written are they renamed into place, and a file already there is never overwritten unless asked (`replace`). The
/// whole run is checked before the first file is written, so a refused run writes nothing.
struct LetterWriter {
    /// The folder as the statement wrote it (for messages) and as opened.
    let shownFolder: String
    let folder: String
    let replace: Bool

    static let indexName = "index.csv"
    static let mailMergeName = "mailmerge.csv"
    static func mergedName(_ f: LetterFormat) -> String { "letters." + f.fileExtension }

    /// The files of one run, by name in the folder, in the order they are written.
    struct File {
        var name: String
        var contents: String
    }

    /// Files already in the folder among `names`.
    func existing(_ names: [String]) -> [String] {
        names.filter { access(folder + "/" + $0, F_OK) == 0 }
    }

    /// Checks, creates the folder and writes. Returns how many files were replaced.
    func write(_ files: [File], site: DiagnosticSite) throws(Diagnostic) -> Int {
        let there = existing(files.map(\.name))
        if !there.isEmpty && !replace {
            throw Diagnostic.lettersWouldOverwrite(there, folder: shownFolder, at: site)
        }
        // All or nothing: every file is written in full under a temporary name before any
        // is renamed into place, so a failure part-way (a full disk) leaves no letter, no
        // index and no folder that this run made.
        let created = try SafeFileWriter.makeDirectory(folder)
        var pending: [SafeFileWriter.Pending] = []
        for f in files {
            do {
                pending.append(try SafeFileWriter.prepare(Array(f.contents.utf8), to: folder + "/" + f.name, replace: replace))
            } catch {
                pending.forEach(SafeFileWriter.discard)
                SafeFileWriter.removeDirectories(created)
                throw error.placed(at: site)
            }
        }
        for (k, p) in pending.enumerated() {
            do { try SafeFileWriter.commit(p) } catch {
                pending[(k + 1)...].forEach(SafeFileWriter.discard)
                throw error.placed(at: site)
            }
        }
        return there.count
    }

    // MARK: Names

    /// `Surname_Forename_UPN.ext`: letters, digits and `-` kept (accents too), spaces and
    /// other punctuation as `-`, quotes and apostrophes dropped (`O'Brien` → `OBrien`).
    static func fileName(surname: String, forename: String, upn: String, format: LetterFormat) -> String {
        let parts = [surname, forename, upn].map(component).filter { !$0.isEmpty }
        return (parts.isEmpty ? "letter" : parts.joined(separator: "_")) + "." + format.fileExtension
    }

    static func component(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch.isLetter || ch.isNumber {
                out.append(ch)
            } else if ch == "'" || ch == "\u{2019}" || ch == "\"" || ch == "`" {
                continue
            } else if !out.isEmpty && out.last != "-" {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return String(out.prefix(60))
    }

    /// Names made unique: a second `Smith_Ann_X.html` becomes `Smith_Ann_X_2.html`.
    static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.map { n in
            if seen.insert(n).inserted { return n }
            let dot = n.lastIndex(of: ".") ?? n.endIndex
            var k = 2
            while true {
                let candidate = String(n[..<dot]) + "_\(k)" + String(n[dot...])
                if seen.insert(candidate).inserted { return candidate }
                k += 1
            }
        }
    }

    // MARK: A merged file

    /// One document holding every letter, each starting on a new page when printed: for
    /// HTML the first letter's head and every letter's body in a page-breaking block; for
    /// text a form feed between letters; for Markdown a page-break block.
    static func merge(_ letters: [String], format: LetterFormat) -> String {
        switch format {
        case .text:
            return letters.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "\u{0C}\n")
        case .markdown:
            return letters.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "\n<div style=\"break-after: page; page-break-after: always\"></div>\n\n")
        case .html:
            let style = "<style>.attend-letter { break-after: page; page-break-after: always; } .attend-letter:last-child { break-after: auto; page-break-after: auto; }</style>\n"
            var head = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>Letters</title>\n"
            if let first = letters.first, let parts = htmlParts(first) {
                head = parts.head
            }
            if let close = head.range(ofASCII: "</head>") {
                head.insert(contentsOf: style, at: close.lowerBound)
            } else {
                head += style + "</head>\n"
            }
            var out = head + (head.hasSuffix("\n") ? "" : "\n")
            if htmlParts(letters.first ?? "") == nil { out += "<body>\n" }
            for l in letters {
                let body = htmlParts(l)?.body ?? l
                out += "<div class=\"attend-letter\">\n" + body.trimmingNewlines() + "\n</div>\n"
            }
            return out + "</body>\n</html>\n"
        }
    }

    /// An HTML document's head (through its `<body …>` tag) and its body's content.
    static func htmlParts(_ html: String) -> (head: String, body: String)? {
        guard let open = html.range(ofASCII: "<body"), let openEnd = html[open.upperBound...].firstIndex(of: ">") else { return nil }
        let bodyStart = html.index(after: openEnd)
        let close = html.range(ofASCII: "</body>", from: bodyStart)?.lowerBound ?? html.endIndex
        return (String(html[..<bodyStart]), String(html[bodyStart..<close]))
    }
}

extension String {
    /// The first range of `needle`, compared ASCII-case-insensitively, from `from`.
    func range(ofASCII needle: String, from: String.Index? = nil) -> Range<String.Index>? {
        let n = Array(needle.lowercased().utf8)
        guard !n.isEmpty else { return nil }
        let u = utf8
        var i = from ?? u.startIndex
        while i < u.endIndex {
            var j = i, k = 0
            while k < n.count && j < u.endIndex {
                var b = u[j]
                if b >= 65 && b <= 90 { b += 32 }
                if b != n[k] { break }
                k += 1
                j = u.index(after: j)
            }
            if k == n.count { return i..<j }
            i = u.index(after: i)
        }
        return nil
    }

    func trimmingNewlines() -> String {
        var s = Substring(self)
        while let f = s.first, f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

/// A letter as plain text for the screen: HTML tags taken out, paragraphs and line breaks
/// kept, entities decoded. Text and Markdown letters are shown as they are.
enum LetterText {
    static func plain(_ text: String, format: LetterFormat) -> String {
        format == .html ? fromHTML(text) : text
    }

    static func fromHTML(_ html: String) -> String {
        let blocks: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "address", "header",
                                   "footer", "section", "main", "article", "blockquote", "hr", "dl"]
        let lineBreaks: Set<String> = ["br", "div", "tr", "li", "dt", "dd"]
        let skipped: Set<String> = ["head", "style", "script", "title"]
        var out = ""
        var pendingSpace = false
        var skipping: String?
        var i = html.startIndex
        func newline(_ n: Int) {
            while out.hasSuffix(" ") { out.removeLast() }
            var have = 0
            for ch in out.reversed() { if ch == "\n" { have += 1 } else { break } }
            if out.isEmpty { return }
            for _ in have..<max(have, n) { out.append("\n") }
            pendingSpace = false
        }
        while i < html.endIndex {
            let ch = html[i]
            if ch == "<" {
                guard let end = html[i...].firstIndex(of: ">") else { break }
                let inside = html[html.index(after: i)..<end]
                if inside.hasPrefix("!--") {
                    let close = html.range(ofASCII: "-->", from: i).map { $0.upperBound } ?? html.endIndex
                    i = close
                    continue
                }
                let closing = inside.hasPrefix("/")
                let name = String(inside.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }).lowercased()
                i = html.index(after: end)
                if let s = skipping {
                    if closing && name == s { skipping = nil }
                    continue
                }
                if !closing && skipped.contains(name) && !inside.hasSuffix("/") { skipping = name; continue }
                if blocks.contains(name) { newline(2) } else if lineBreaks.contains(name) {
                    if !closing || name == "li" || name == "div" { newline(1) }
                    if name == "li" && !closing { out += "• " }
                } else if name == "td" || name == "th" {
                    if !closing && !out.hasSuffix("\n") && !out.isEmpty { out += "  " }
                }
                continue
            }
            i = html.index(after: i)
            if skipping != nil { continue }
            if ch.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace && !out.isEmpty && !out.hasSuffix("\n") && !out.hasSuffix(" ") { out.append(" ") }
            pendingSpace = false
            if ch == "&", let semi = html[i...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[i..<semi])
                if let decoded = decode(entity) {
                    out += decoded
                    i = html.index(after: semi)
                    continue
                }
            }
            out.append(ch)
        }
        while out.hasSuffix("\n") || out.hasSuffix(" ") { out.removeLast() }
        return out + "\n"
    }

    static func decode(_ entity: String) -> String? {
        let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "pound": "£",
                                       "ndash": "–", "mdash": "—", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "hellip": "…", "euro": "€"]
        if let v = named[entity] { return v }
        if entity.hasPrefix("#") {
            let digits = entity.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            if let value, let u = Unicode.Scalar(value) { return String(Character(u)) }
        }
        return nil
    }
}
