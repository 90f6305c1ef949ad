// libFuzzer target: query text through the whole pipeline (parse, bind, evaluate, format)
// on the worked register (Tests/Fixtures/worked) as of 2026-01-23. Nothing is written:
// `into` and `letters` clauses are bound and evaluated but their files are not written.
#if canImport(Glibc)
import Glibc
#endif
import AttendCore
import FuzzDriver

/// The worked register, loaded once. The fuzzer runs from the Fuzz folder (run.sh), or
/// ATTEND_FUZZ_REGISTER names the folder.
let worked: Register = {
    let folder = getenvString("ATTEND_FUZZ_REGISTER") ?? "../Tests/Fixtures/worked"
    do {
        return try RegisterLoader.load(try RegisterSource.folder(folder))
    } catch {
        fatalError("fuzz-query: cannot load the worked register from \(folder): \(error)")
    }
}()

let asOf = Day(parsing: "2026-01-23")!

func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let outcome = Parser.parse(text, file: "fuzz.attend")
    switch outcome {
    case .failed(let ds):
        precondition(!ds.isEmpty, "a failed parse with no diagnostic")
        for d in ds { _ = d.description }
        return 0
    case .incomplete(let d):
        _ = d.description
        return 0
    case .complete(let statements):
        let session = Session(register: worked, asOf: asOf)
        for var s in statements {
            _ = s.description
            if case .query(var q) = s.kind, q.into != nil || q.letters != nil {
                // Bind the clause's texts, but write nothing.
                q.into = nil
                q.letters = nil
                s.kind = .query(q)
            }
            do {
                switch try session.run(s) {
                case .result(let table, _):
                    for f in OutputFormat.allCases { _ = ResultFormatter(format: f, unicode: true, maxRows: 50).render(table) }
                case .text(let t): _ = t.count
                case .letters, .nothing: break
                }
            } catch {
                // Never cancelled here, so every failure is a diagnostic.
                guard let d = error as? Diagnostic else { preconditionFailure("not a diagnostic: \(error)") }
                precondition(d.severity == .error)
                _ = d.description
            }
        }
        return 0
    }
}


/// The entry point: libFuzzer's driver, which calls LLVMFuzzerTestOneInput.
@main enum Main {
    static func main() {
        exit(attend_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
    }
}
