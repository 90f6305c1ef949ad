// The attend command: a thin front end over AttendCore. See Docs/architecture.md.
import AttendCore

AttendCommand.main()
