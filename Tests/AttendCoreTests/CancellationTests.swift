#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import AttendCore

/// One cancellation: the session's ``Cancellation`` reaches the evaluator and the letter run,
/// and a stopped statement throws `CancellationError` (never a diagnostic) to the top.
@Suite struct CancellationTests {
    /// A cancellation that says "stop" from its `after`-th poll on, counting polls.
    final class Countdown: Sendable {
        let polls = Atomic<Int>(0)
        let after: Int
        init(after: Int) { self.after = after }
        var cancellation: Cancellation { Cancellation { [self] in polls.add(1, ordering: .relaxed).newValue > after } }
    }

    @Test func aCancelledQueryThrowsCancellationError() throws {
        let session = Session(register: try Fixture.workedRegister(), asOf: Fixture.day("2026-01-23"))
        session.cancellation = Cancellation { true }
        let s = try LettersFixture.statement("pupils where rate < 90% over this year")
        #expect(throws: CancellationError.self) { try session.run(s) }
        // Through the runner: thrown, not reported as a diagnostic.
        var errors: [String] = []
        let runner = makeRunner(session, output: { _ in }, errors: { errors.append($0) })
        #expect(throws: CancellationError.self) { try runner.run(text: "count pupils where persistent over this year") }
        #expect(errors.isEmpty)
    }

    @Test func aLetterRunStoppedBeforeWritingWritesNothing() throws {
        let text = "pupils where rate < 95% over this year letters using \"green.html.mustache\" into \"out\" skip-missing"
        // How many polls a whole run makes.
        let counting = LettersFixture.temporaryFolder()
        defer { LettersFixture.removeTree(counting) }
        let probe = Countdown(after: .max)
        let full = LettersFixture.session(output: counting)
        full.cancellation = probe.cancellation
        guard case .letters(let report) = try full.run(try LettersFixture.statement(text)) else { Issue.record("no letters"); return }
        #expect(report.letters > 1)
        let polls = probe.polls.load(ordering: .relaxed)
        #expect(polls > 2)
        // Stopped at any poll, even the last one before the files are written: nothing written.
        for stopAt in [1, polls / 2, polls - 1] {
            let dir = LettersFixture.temporaryFolder()
            defer { LettersFixture.removeTree(dir) }
            let session = LettersFixture.session(output: dir)
            session.cancellation = Countdown(after: stopAt - 1).cancellation
            #expect(throws: CancellationError.self, "stopped at poll \(stopAt) of \(polls)") { try session.run(try LettersFixture.statement(text)) }
            #expect(LettersFixture.list(dir).isEmpty, "stopped at poll \(stopAt) of \(polls)")
        }
    }
}

/// Diagnostics are data from one catalogue, and nothing branches on a code's spelling.
@Suite struct CatalogueRuleTests {
    static func sources() -> [(path: String, text: String)] {
        let root = String(Fixture.testsDirectory.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")) + "/Sources"
        var out: [(String, String)] = []
        func walk(_ dir: String) {
            guard let d = opendir(dir) else { return }
            defer { closedir(d) }
            while let e = readdir(d) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name.hasPrefix(".") { continue }
                let path = dir + "/" + name
                if name.hasSuffix(".swift") {
                    if let bytes = try? FileBytes(path: path) { out.append((path, bytes.withBytes { String(decoding: $0, as: UTF8.self) })) }
                } else {
                    walk(path)
                }
            }
        }
        walk(root)
        return out
    }

    @Test func everyDiagnosticIsBuiltInTheCatalogue() {
        let files = Self.sources()
        #expect(files.count > 50)
        for (path, text) in files where !path.contains("/Diagnostics/Catalogue/") {
            #expect(!text.contains("Diagnostic(\""), "\(path) builds a diagnostic outside the catalogue")
            #expect(!text.contains("code == \""), "\(path) branches on a code string")
            #expect(!text.contains("\"Q190\""), "\(path) still spells Ctrl-C as a diagnostic")
        }
    }
}

/// A long CSV or TSV result goes to the sink in pieces, with a look at the cancellation
/// between them: together they are exactly the whole result, and Ctrl-C stops it after the
/// piece being handed over.
@Suite struct ResultPiecesTests {
    final class Pieces: StatementSink, @unchecked Sendable {
        var results: [String] = []
        let stopAfter: Int
        let stop = Atomic<Bool>(false)
        init(stopAfter: Int = .max) { self.stopAfter = stopAfter }
        func result(_ text: String) {
            results.append(text)
            if results.count >= stopAfter { stop.store(true, ordering: .relaxed) }
        }
        func note(_ text: String) {}
        func diagnostic(_ d: Diagnostic) { Issue.record("\(d)") }
    }

    @Test(arguments: [OutputFormat.csv, .tsv])
    func piecesMakeTheWholeAndCtrlCStopsBetweenThem(_ format: OutputFormat) throws {
        let statement = "show upn, name, rate over this year, absence over this year for all pupils"
        let whole = Session(register: LettersFixture.demo, asOf: LettersFixture.asOf, format: format)
        guard case .result(let table, _) = try whole.run(try LettersFixture.statement(statement)) else { Issue.record("no table"); return }
        #expect(table.rows.count == 1_200)
        let expected = ResultFormatter(format: format, unicode: true).render(table)

        let all = Pieces()
        let runner = StatementRunner(session: Session(register: LettersFixture.demo, asOf: LettersFixture.asOf, format: format), sink: all)
        runner.rowsPerPiece = 100
        #expect(try runner.run(text: statement) == .success)
        let rows = all.results.dropFirst()   // the as-of line is a note; the first result is the header and 100 rows
        #expect(all.results.count == 12)
        #expect(all.results.joined(separator: "\n") == expected)
        #expect(rows.allSatisfy { $0.split(separator: "\n").count == 100 })

        let stopped = Pieces(stopAfter: 3)
        let session = Session(register: LettersFixture.demo, asOf: LettersFixture.asOf, format: format)
        session.cancellation = Cancellation { [stopped] in stopped.stop.load(ordering: .relaxed) }
        let cut = StatementRunner(session: session, sink: stopped)
        cut.rowsPerPiece = 100
        #expect(throws: CancellationError.self) { try cut.run(text: statement) }
        #expect(stopped.results.count == 3)
        #expect(expected.hasPrefix(stopped.results.joined(separator: "\n")))
    }
}
