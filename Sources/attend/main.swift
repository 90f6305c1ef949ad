// The attend command: a thin front end over AttendCore. See Docs/architecture.md.
import AttendCore
#if canImport(Glibc)
import Glibc
#endif

// The REPL's terminal side can be driven with a stand-in interpreter (tests, development).
if let demo = getenv("ATTEND_REPL_DEMO_HOST"), String(cString: demo) == "1" {
    exit(runRepl(host: DemoEchoHost()))
}

AttendCommand.main()
