import ArgumentParser
import AttendCore

/// `attend demo DIR`: write the synthetic demo register.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a realistic synthetic register (pupils.csv, marks.csv, calendar.csv) for one academic year."
    )

    @Argument(help: "The folder to write (created if needed).") var directory: String
    @Option(help: "How many pupils.") var pupils = 1200
    @Option(help: "Random seed: the same seed writes the same register.") var seed: UInt64 = 1
    @Option(help: "The academic year, by its first calendar year (2025 for 2025/26).") var year = 2025
    @Option(help: ArgumentHelp("The shape of pupils.csv and marks.csv, as real exports write them: plain, quoted, quoted-empties, crlf-bom, uk-dates, mis-headers, date-order, shuffled, comment-column, or all; combine with commas. The register is the same in every style.",
                               valueName: "style")) var style = "plain"
    @Flag(help: "Replace pupils.csv, marks.csv, calendar.csv and school.conf if the folder already has them (never a register loaded by this run).") var force = false

    mutating func run() throws {
        guard pupils > 0 && pupils <= 2_000_000 else { throw ValidationError("--pupils must be between 1 and 2,000,000") }
        let shape: DemoStyle
        do { shape = try DemoStyle.parse(style) } catch {
            Terminal.printDiagnostics([error])
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        do {
            // With placeholder school settings, so the demo's letters have a letterhead.
            try DemoRegister.write(to: directory, DemoOptions(pupils: pupils, seed: seed, academicYear: year, style: shape),
                                   school: SchoolSettings.demoFileText, replace: force)
        } catch let error as Diagnostic {
            Terminal.printDiagnostics([error])
            throw ExitCode(ExitStatus(error.category).rawValue)
        } catch {
            Terminal.err("\(error)")
            throw ExitCode(ExitStatus.ioError.rawValue)
        }
        print("wrote \(directory)/pupils.csv, marks.csv, calendar.csv, school.conf: \(NumberText.grouped(pupils)) pupils, \(Period.yearLabel(year))"
              + (shape.isEmpty ? "" : ", style \(shape.name)"))
    }
}

/// The built-in demo register, built in memory for `--demo`.
enum DemoSource {
    static func source() -> RegisterSource {
        let files = DemoRegister.files(DemoOptions())
        return RegisterSource(name: "demo", pupils: FileBytes(name: "pupils.csv", bytes: files.pupils),
                              marks: FileBytes(name: "marks.csv", bytes: files.marks),
                              calendar: FileBytes(name: "calendar.csv", bytes: files.calendar))
    }
}
