/// One row of the actions log: on `date`, `by` did `action` for the pupil with `upn`.
public struct ActionEntry: Sendable, Hashable {
    public var date: Day
    /// The pupil's index in the register (pupils.csv order).
    public var pupil: Int
    public var upn: String
    public var action: ActionKind
    /// The action as the file wrote it (a school's own word stays as written).
    public var written: String
    /// Who did it: initials, a name or a role.
    public var by: String
    public var note: String
    /// The line of actions.csv it came from; nil for a row recorded in this session and
    /// not yet read back.
    public var line: Int?

    public init(date: Day, pupil: Int, upn: String, action: ActionKind, written: String? = nil, by: String, note: String, line: Int? = nil) {
        self.date = date
        self.pupil = pupil
        self.upn = upn
        self.action = action
        self.written = written ?? action.rawValue
        self.by = by
        self.note = note
        self.line = line
    }
}
