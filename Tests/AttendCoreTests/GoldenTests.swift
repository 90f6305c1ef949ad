import Testing
@testable import AttendCore

/// The golden tests: text files under Tests/Golden in a sqllogictest-like format, each
/// statement followed by the rows or the error it must give. `ATTEND_RECORD=1 swift test
/// --filter Golden` rewrites the expectations from the actual output (check the diff by eye).
///
///     register worked            # the fixture register: worked, demo, or a folder under Tests/Golden/registers
///     as-of 2026-01-23
///
///     query                      # rows as tab-separated display values, the header first
///     pupils where severe over this year
///     ----
///     upn	name	year	form	absence this year
///     W100000000006	Fin Parttime	10	10B	50.0
///
///     error                      # the rendered diagnostic, caret and hint included
///     pupils where rat < 90%
///     ----
///     error[Q101]: …
///
///     output                     # everything the table format prints (explain, profiles)
///     statement ok               # must run; output not checked (let, set)
///
/// Blank lines inside expected output are written `<blank>`.
@Suite struct GoldenTests {
    static var goldenDirectory: String { Fixture.testsDirectory + "/Golden" }

    static var files: [String] {
        GoldenFile.list(goldenDirectory)
    }

    @Test(arguments: GoldenTests.files)
    func golden(_ name: String) throws {
        let path = Self.goldenDirectory + "/" + name
        var file = try GoldenFile(path: path)
        let failures = try file.run(record: GoldenFile.recording)
        if GoldenFile.recording {
            try file.save()
            return
        }
        for f in failures {
            Issue.record(Comment(rawValue: f))
        }
    }
}
