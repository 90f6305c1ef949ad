#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import AttendCore

/// Docs/language.md is checked, not just read: every fenced block whose info string is
/// `attend` is run on the demo register as of 20 Mar 2026, and the `text` block after it
/// must hold exactly what it printed.
///
///     ```attend                      ← one statement (a few lines of a script at most)
///     pupils where severe over this year limit 3
///     ```
///
///     ```text                        ← what `attend query '…' --demo --as-of 2026-03-20` prints:
///     as of 20 Mar 2026 (2026-03-20)      stdout when the statement succeeds,
///     …                                   the rendered diagnostic (stderr) when it fails
///     ```
///
/// The info string may add `format=csv` (tsv, json, markdown; table by default), the
/// `--format` of the run. Each block runs in a fresh session, as `attend query` does, so a
/// block that uses a cohort or a parameter defines it in the same block.
///
/// `ATTEND_RECORD=1 swift test --filter LanguageDoc` rewrites the text blocks (adding any
/// that are missing) from the actual output; read the diff before committing it.
@Suite struct LanguageDocTests {
    static var docPath: String {
        let tests = Fixture.testsDirectory
        let root = tests.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return root + "/Docs/language.md"
    }

    static let asOf = Day(parsing: "2026-03-20")!

    @Test func examplesPrintWhatTheDocSays() throws {
        var doc = try LanguageDoc(path: Self.docPath)
        for problem in doc.problems { Issue.record(Comment(rawValue: problem)) }
        #expect(doc.examples.count >= 40, "Docs/language.md should hold the language's examples; found \(doc.examples.count)")

        let register = try Self.demoRegister()
        var failures: [String] = []
        for i in doc.examples.indices {
            let e = doc.examples[i]
            let actual = Self.run(e, on: register)
            doc.examples[i].actual = actual
            guard let expected = e.expected else {
                failures.append("Docs/language.md:\(e.line): no ```text block after this example")
                continue
            }
            if expected != actual {
                failures.append("Docs/language.md:\(e.line): \(e.statement.joined(separator: " "))\n"
                                + LineDiff.render(expected: expected, actual: actual))
            }
        }
        if LanguageDoc.recording {
            try doc.save()
            return
        }
        for f in failures { Issue.record(Comment(rawValue: f + "\n(ATTEND_RECORD=1 swift test --filter LanguageDoc rewrites the text blocks)")) }
    }

    /// Every acceptance example of the product brief (spec/language.md, "Questions it must
    /// answer") is shown, and so run, in Docs/language.md: each must begin a line of some
    /// `attend` block (a block may add `limit 3` or a comment after it).
    @Test func everyAcceptanceExampleIsDocumented() throws {
        let doc = try LanguageDoc(path: Self.docPath)
        for example in Self.acceptanceExamples {
            let wanted = LanguageDoc.collapse(example)
            let found = doc.examples.contains { e in
                e.statement.indices.contains { i in
                    let from = LanguageDoc.collapse(e.statement[i...].joined(separator: " "))
                    return from == wanted || from.hasPrefix(wanted + " ")
                }
            }
            #expect(found, "acceptance example not shown in an ```attend block of Docs/language.md: \(example)")
        }
    }

    /// The acceptance examples of the brief (Tests/Fixtures/acceptance-examples.txt), without
    /// their comments.
    static let acceptanceExamples: [String] = AcceptanceExampleTests.examples.map { example in
        example.split(separator: "\n").map { line in
            let text = String(line)
            // A comment starts at "  #" after the statement (no example uses # as a code).
            guard let r = text.range(of: "  #") ?? text.range(of: " # ") else { return text }
            return String(text[..<r.lowerBound])
        }.joined(separator: " ")
    }

    @Test func theDocParsesItsOwnFormat() throws {
        let text = """
            intro
            ```attend format=csv
            count pupils
            ```

            ```text
            pupils
            1
            ```
            ```attend
            codes today
            ```
            """
        let doc = LanguageDoc(text: text)
        #expect(doc.problems.isEmpty)
        #expect(doc.examples.count == 2)
        #expect(doc.examples[0].statement == ["count pupils"])
        #expect(doc.examples[0].format == .csv)
        #expect(doc.examples[0].line == 2)
        #expect(doc.examples[0].expected == ["pupils", "1"])
        #expect(doc.examples[1].expected == nil)
        var recorded = doc
        recorded.examples[0].actual = ["pupils", "2"]
        recorded.examples[1].actual = ["code"]
        #expect(recorded.rendered() == """
            intro
            ```attend format=csv
            count pupils
            ```

            ```text
            pupils
            2
            ```
            ```attend
            codes today
            ```

            ```text
            code
            ```

            """)
        #expect(LineDiff.render(expected: ["a", "b", "c"], actual: ["a", "x", "c"]) == "  a\n- b\n+ x\n  c")
    }

    // MARK: Running an example

    static func demoRegister() throws -> Register {
        let files = DemoRegister.files(DemoOptions())
        return try RegisterLoader.load(RegisterSource(name: "demo",
                                                      pupils: FileBytes(name: "pupils.csv", bytes: files.pupils),
                                                      marks: FileBytes(name: "marks.csv", bytes: files.marks),
                                                      calendar: FileBytes(name: "calendar.csv", bytes: files.calendar)))
    }

    /// What `attend query 'TEXT' --demo --as-of 2026-03-20 --format F` prints: stdout when
    /// the statement succeeds, stderr (the diagnostic) when it fails. The front end prints
    /// each piece on its own line, as here.
    static func run(_ e: LanguageDoc.Example, on register: Register) -> [String] {
        let session = Session(register: register, asOf: asOf, format: e.format)
        // As `--demo` does: the demo register's casework (Docs/casework.md).
        session.actions = DemoActions.log(for: register)
        let out = Collector(), err = Collector()
        let runner = makeRunner(session, output: { out.text += $0 + "\n" }, errors: { err.text += $0 + "\n" })
        let status = try! runner.run(text: e.statement.joined(separator: "\n"), file: nil)
        var text = status == .success ? out.text : err.text
        if text.hasSuffix("\n") { text.removeLast() }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    final class Collector: @unchecked Sendable {
        var text = ""
    }
}

/// Docs/language.md as lines, with its examples: each ```attend block and the ```text
/// block after it (blank lines between them allowed, nothing else).
struct LanguageDoc {
    struct Example {
        /// The statement's lines.
        var statement: [String]
        var format: OutputFormat
        /// 1-based line of the ```attend fence.
        var line: Int
        /// 0-based index of the line after the ```attend block's closing fence.
        var afterBlock: Int
        /// 0-based lines of the text block's content, when there is one.
        var expectedLines: Range<Int>?
        var expected: [String]?
        var actual: [String]?
    }

    let path: String
    var lines: [String]
    var examples: [Example] = []
    /// Malformed blocks: an unknown option, an unclosed fence.
    var problems: [String] = []

    static var recording: Bool { getenv("ATTEND_RECORD") != nil }

    init(path: String) throws {
        let text = try FileBytes(path: path).withBytes { String(decoding: $0, as: UTF8.self) }
        self.init(text: text, path: path)
    }

    init(text: String, path: String = "Docs/language.md") {
        self.path = path
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        var i = 0
        while i < lines.count {
            let fence = lines[i].trimmingSpaces()
            guard fence.hasPrefix("```") else { i += 1; continue }
            let info = fence.dropFirst(3).split(separator: " ").map(String.init)
            let start = i
            i += 1
            var body: [String] = []
            while i < lines.count && lines[i].trimmingSpaces() != "```" { body.append(lines[i]); i += 1 }
            if i == lines.count { problems.append("\(path):\(start + 1): a fenced block is never closed"); break }
            i += 1
            guard info.first == "attend" else { continue }
            var format = OutputFormat.table
            for option in info.dropFirst() {
                if option.hasPrefix("format="), let f = OutputFormat(rawValue: String(option.dropFirst(7))) { format = f }
                else { problems.append("\(path):\(start + 1): unknown option `\(option)` on an attend block (format=csv, tsv, json or markdown)") }
            }
            if body.allSatisfy({ $0.trimmingSpaces().isEmpty }) { problems.append("\(path):\(start + 1): an empty attend block") }
            var e = Example(statement: body, format: format, line: start + 1, afterBlock: i)
            var j = i
            while j < lines.count && lines[j].trimmingSpaces().isEmpty { j += 1 }
            if j < lines.count && lines[j].trimmingSpaces() == "```text" {
                var k = j + 1
                while k < lines.count && lines[k].trimmingSpaces() != "```" { k += 1 }
                if k == lines.count { problems.append("\(path):\(j + 1): a text block is never closed"); break }
                e.expectedLines = (j + 1)..<k
                e.expected = Array(lines[(j + 1)..<k])
                i = k + 1
            }
            examples.append(e)
        }
    }

    /// The document with each example's text block holding its actual output (a text block
    /// added after an example that had none).
    func rendered() -> String {
        var out = lines
        for e in examples.reversed() {
            guard let actual = e.actual else { continue }
            if let r = e.expectedLines {
                out.replaceSubrange(r, with: actual)
            } else {
                out.insert(contentsOf: [""] + ["```text"] + actual + ["```"], at: e.afterBlock)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    func save() throws {
        try SafeFileWriter.write(rendered(), to: path, replace: true)
        chmod(path, 0o644)
    }

    /// Whitespace runs as one space, ends trimmed: statements compare as words.
    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}

/// A line diff (longest common subsequence) of expected and actual output: `  ` same,
/// `- ` only expected, `+ ` only actual.
enum LineDiff {
    static func render(expected a: [String], actual b: [String]) -> String {
        let n = a.count, m = b.count
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] { out.append("  " + a[i]); i += 1; j += 1 }
            else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) { out.append("- " + a[i]); i += 1 }
            else { out.append("+ " + b[j]); j += 1 }
        }
        return out.joined(separator: "\n")
    }
}
