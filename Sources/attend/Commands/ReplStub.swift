import AttendCore
func startRepl(session: Session, register: RegisterOptions) throws {}
