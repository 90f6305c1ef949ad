// The catalogue of messages about how the command was called (U…): the register options,
// the demo register's options and script parameters. U-codes exit with the usage status (64).
// Keep the codes stable. Ordered by code.

extension Diagnostic {
    /// U001: `--data` names something that is not a folder.
    static func notAFolder(_ path: String) -> Diagnostic {
        Diagnostic("U001", message: "\(path) is not a folder", hint: "--data takes the folder holding pupils.csv and marks.csv",
                   location: SourceLocation(file: path))
    }

    /// U002: a command that needs a register was given none.
    public static var noRegister: Diagnostic {
        Diagnostic("U002", message: "no register given", hint: "use --data DIR for a register folder, or --demo to try the built-in demo register")
    }

    /// U010: `--param NAME=VALUE` whose value is not a literal.
    static func badParameterValue(_ name: String, value: String) -> Diagnostic {
        Diagnostic("U010", message: "--param \(name)=\(clip(value, 40)) is not a value",
                   hint: "give a number, a percentage (90%), a date (2026-01-23), a word or \"quoted text\"")
    }

    /// U011: `--param NAME=…` for a name no script declares with `param`.
    static func undeclaredParameter(_ name: String, declared: [String]) -> Diagnostic {
        let hint: String
        if let near = Suggestion.didYouMean(name, in: declared) {
            hint = "\(near) (the scripts declare: \(declared.joined(separator: ", ")))"
        } else if declared.isEmpty {
            hint = "the scripts declare no parameters (`param NAME = DEFAULT`)"
        } else {
            hint = "the scripts declare: \(declared.joined(separator: ", "))"
        }
        return Diagnostic("U011", message: "--param \(clip(name, 40)): no script declares this parameter", hint: hint)
    }

    /// U012: the same parameter given twice on the command line.
    static func repeatedParameter(_ name: String) -> Diagnostic {
        Diagnostic("U012", message: "--param \(clip(name, 40)) is given twice", hint: "give each parameter once")
    }

    /// U013: `--param` without `=`.
    static func parameterWithoutValue(_ text: String) -> Diagnostic {
        Diagnostic("U013", message: "--param \(clip(text, 40)): write NAME=VALUE", hint: "for example --param year=9")
    }

    /// U040: `attend demo --pupils` out of range.
    static func demoPupilCount(_ pupils: Int, max: Int) -> Diagnostic {
        Diagnostic("U040", message: "the demo register needs between 0 and \(max) pupils, not \(pupils)", hint: "try --pupils 1200")
    }

    /// U041: `attend demo --year` outside the years the demo calendar knows.
    static func demoYear(_ year: Int, supported: ClosedRange<Int>) -> Diagnostic {
        Diagnostic("U041", message: "the demo register covers academic years \(supported.lowerBound) to \(supported.upperBound), not \(year)",
                   hint: "2025 means 2025/26")
    }
}
