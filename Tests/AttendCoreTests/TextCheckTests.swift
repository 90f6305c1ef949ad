import Testing
@testable import AttendCore

/// The text check reads eight bytes at a time; its messages still name the right line.
@Suite struct TextCheckTests {
    func problem(_ bytes: [UInt8], full: Bool = true) -> String? {
        bytes.withUnsafeBufferPointer { TextCheck.problem(in: $0, file: "f.csv", fullUTF8: full) }.map { DiagnosticRenderer(color: false).render($0).split(separator: "\n")[0].description }
    }

    @Test func linesOfProblemsAfterLongASCII() {
        let ascii = Array(String(repeating: "upn,forename,surname,year,form,and a long line of text\n", count: 3).utf8)
        #expect(problem(ascii) == nil)
        #expect(problem(ascii + Array("ab\u{e9}c\n".utf8) + ascii) == nil)   // é is UTF-8
        #expect(problem(ascii + [0x61, 0x00, 0x62, 0x0A]) == "f.csv:4: error[D029]: the file contains NUL bytes: it is binary or UTF-16, not CSV text")
        #expect(problem(ascii + Array("x\n".utf8) + [0x41, 0xE9, 0x42, 0x0A] + ascii)?.hasPrefix("f.csv:5: error[D010]") == true)
        #expect(problem(ascii + [0xC3]) == "f.csv:4: error[D010]: not UTF-8 text (a character is cut off at the end)")
        // marks.csv: only NULs are looked for (in the first 64 KB).
        #expect(problem(ascii + [0xE9, 0x0A], full: false) == nil)
        #expect(problem(ascii + ascii + [0x00], full: false)?.hasPrefix("f.csv:7: error[D029]") == true)
    }

    @Test func lineCount() {
        for text in ["", "a", "a\n", "\n\n\n", String(repeating: "abc,def\n", count: 37) + "x"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { TextCheck.lineCount($0) } == bytes.filter { $0 == 10 }.count)
        }
    }
}
