// libFuzzer target: the input bytes as each register file in turn, beside small fixed
// good files: as marks.csv, as pupils.csv, as calendar.csv and as codes.csv (the school's
// own MIS codes); and split at a line into two marks files (marks.csv and marks-2.csv, read
// as one register, with marks for one session in both); and as actions.csv, the casework
// log, beside the good register. A load that succeeds is summarised and queried, so the
// store (and the log) built from odd data is exercised too.
#if canImport(Glibc)
import Glibc
#endif
import AttendCore
import FuzzDriver

let goodPupils = Array("""
upn,forename,surname,year,form,send,fsm,admitted,left
A123456789012,Ann,Smith,9,9A,N,Y,,
B123456789012,Bob,Jones,10,10B,K,N,2025-09-08,
C123456789012,Cat,Brown,R,RA,E,,,2026-01-09

""".utf8)

let goodMarks = Array("""
upn,date,session,mark,minutes_late
A123456789012,2025-09-03,AM,/,
A123456789012,2025-09-03,PM,L,12
B123456789012,2025-09-08,AM,O,
C123456789012,2025-09-04,PM,I,
A123456789012,2026-01-05,AM,#,

""".utf8)

let goodCalendar = Array("""
kind,name,start,end
term,Autumn,2025-09-03,2025-12-19
term,Spring,2026-01-05,2026-03-27
half-term,Autumn 1,2025-09-03,2025-10-24

""".utf8)

let goodCodes = Array("""
code,means,description
I01,I,Illness (not medical or dental appointment)
U1,U,Late after registers closed

""".utf8)

let caseworkQueries: [Statement] = {
    let text = """
    show upn, last action, days since last action, next step for pupils
    pupils where penalty-notice in last 3 years >= 1 or no meeting in last 20 days
    count actions by action
    actions for pupil A123456789012
    pupil A123456789012
    """
    guard case .complete(let s) = Parser.parse(text) else { fatalError("fuzz-csv: the casework queries do not parse") }
    return s
}()

let queries: [Statement] = {
    let text = """
    summary
    pupils where rate < 90% over this year
    count pupils by year
    show upn, rate over term 1, late, sessions coded O over this year for all pupils
    pupils where sessions coded I >= 1 over this year
    pupils where unauthorised >= 1 in last 10 weeks
    """
    guard case .complete(let s) = Parser.parse(text) else { fatalError("fuzz-csv: the fixed queries do not parse") }
    return s
}()

func exercise(pupils: [UInt8], marks: [[UInt8]], calendar: [UInt8]?, codes: [UInt8]? = nil) {
    let marksFiles = marks.enumerated().map { i, bytes in FileBytes(name: i == 0 ? "marks.csv" : "marks-\(i + 1).csv", bytes: bytes) }
    let source = RegisterSource(name: "fuzz", pupils: FileBytes(name: "pupils.csv", bytes: pupils), marksFiles: marksFiles,
                                calendar: calendar.map { FileBytes(name: "calendar.csv", bytes: $0) },
                                codes: codes.map { FileBytes(name: "codes.csv", bytes: $0) })
    for skip in [false, true] {
        do {
            let r = try RegisterLoader.load(source, options: .init(skipBadRows: skip))
            _ = CheckReport.render(r)
            for d in r.diagnostics { _ = d.description }
            let session = Session(register: r, asOf: Session.defaultAsOf(for: r, today: Day(parsing: "2026-03-20")!))
            for q in queries {
                if case .result(let t, _) = try? session.run(q) { _ = ResultFormatter(format: .csv).render(t) }
            }
        } catch {
            precondition(!error.diagnostics.isEmpty, "a failed load with no diagnostic")
            for d in error.diagnostics {
                precondition(d.location != nil || d.code.rawValue == "D305", "a diagnostic with no file: \(d)")
                _ = d.description
            }
        }
    }
}

/// The input as actions.csv beside the good register: loaded as strictly as the register,
/// and when it loads, the casework measures and the next step run over it.
func exerciseActions(_ bytes: [UInt8]) {
    let source = RegisterSource(name: "fuzz", pupils: FileBytes(name: "pupils.csv", bytes: goodPupils),
                                marks: FileBytes(name: "marks.csv", bytes: goodMarks), calendar: nil)
    guard let r = try? RegisterLoader.load(source, options: .init()) else { fatalError("fuzz-csv: the good register does not load") }
    var diagnostics: [Diagnostic] = []
    let loader = ActionsLoader(file: FileBytes(name: "actions.csv", bytes: bytes), pupils: r.pupils, today: Day(parsing: "2026-03-20")!)
    guard let entries = loader.load(into: &diagnostics) else {
        precondition(!diagnostics.isEmpty, "a failed actions load with no diagnostic")
        for d in diagnostics { precondition(d.location != nil, "an actions diagnostic with no file: \(d)"); _ = d.description }
        return
    }
    let session = Session(register: r, asOf: Day(parsing: "2026-03-20")!)
    session.actions = ActionLog(entries: entries)
    for q in caseworkQueries {
        if case .result(let t, _) = try? session.run(q) { _ = ResultFormatter(format: .csv).render(t) }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    exercise(pupils: goodPupils, marks: [bytes], calendar: nil)
    exercise(pupils: bytes, marks: [goodMarks], calendar: nil)
    exercise(pupils: goodPupils, marks: [goodMarks], calendar: bytes)
    exerciseActions(bytes)
    exercise(pupils: goodPupils, marks: [goodMarks], calendar: nil, codes: bytes)
    exercise(pupils: goodPupils, marks: [bytes], calendar: nil, codes: goodCodes)
    // Split after the middle line: the second file gets the first's header when the input
    // has one, so both halves are marks files of the same shape.
    if let mid = bytes[(bytes.count / 2)...].firstIndex(of: 10), let headerEnd = bytes.firstIndex(of: 10) {
        let header = Array(bytes[...headerEnd])
        exercise(pupils: goodPupils, marks: [Array(bytes[...mid]), header + bytes[(mid + 1)...]], calendar: nil, codes: goodCodes)
    }
    return 0
}

/// The entry point: libFuzzer's driver, which calls LLVMFuzzerTestOneInput.
@main enum Main {
    static func main() {
        // ATTEND_FUZZ_WRITE_SEEDS=DIR: write a small demo register there as seeds (run.sh).
        if let p = getenv("ATTEND_FUZZ_WRITE_SEEDS") {
            let dir = String(cString: p)
            let files = DemoRegister.files(DemoOptions(pupils: 12, seed: 7))
            let marks = Array(files.marks.prefix(60_000))
            let cut = (marks.lastIndex(of: 10) ?? marks.count - 1) + 1
            for (name, bytes) in [("demo-pupils.csv", files.pupils), ("demo-marks.csv", Array(marks[..<cut])),
                                  ("demo-calendar.csv", files.calendar)] {
                do { try SafeFileWriter.write(bytes, to: dir + "/" + name, replace: true) } catch { fatalError("\(error)") }
            }
            exit(0)
        }
        exit(attend_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
    }
}
