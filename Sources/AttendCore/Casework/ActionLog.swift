/// The actions log of a register: every row of actions.csv, by pupil and in date order
/// (rows of one day in file order). Built by ``ActionsLoader``; grows by ``adding(_:)``
/// when `record` or a `letters` run appends a row, so the loaded log and the file agree.
public struct ActionLog: Sendable {
    /// Every entry, by date, then file order.
    public private(set) var entries: [ActionEntry] = []
    /// Pupil index → positions in ``entries``, in date order.
    private var byPupil: [Int: [Int]] = [:]
    /// The file the log is read from and appended to (nil: the register has none, and
    /// `record` names the file it would create in its message).
    public var path: String?
    /// True when the file was found and read (a register without actions.csv has an empty log).
    public var loaded = false

    public init(entries: [ActionEntry] = [], path: String? = nil, loaded: Bool = false) {
        self.path = path
        self.loaded = loaded
        // A stable sort by date (rows of one day keep their file order), by one integer key
        // each; a log appended to day by day is already in order and is kept as it is.
        if zip(entries, entries.dropFirst()).allSatisfy({ $0.date <= $1.date }) {
            self.entries = entries
        } else {
            let keys = entries.indices.map { Int64(entries[$0].date.number) << 32 | Int64($0) }.sorted()
            self.entries = keys.map { entries[Int($0 & 0xFFFF_FFFF)] }
        }
        for (k, x) in self.entries.enumerated() { byPupil[x.pupil, default: []].append(k) }
    }

    public static let empty = ActionLog()

    public var isEmpty: Bool { entries.isEmpty }

    /// One pupil's entries, oldest first.
    public func entries(for pupil: Int) -> [ActionEntry] {
        (byPupil[pupil] ?? []).map { entries[$0] }
    }

    /// The pupils with at least one entry.
    public var pupils: [Int] { byPupil.keys.sorted() }

    /// The log with `e` added in its place by date (after any entry of the same day).
    public func adding(_ e: ActionEntry) -> ActionLog {
        var copy = self
        copy.insert(e)
        return copy
    }

    private mutating func insert(_ e: ActionEntry) {
        // Almost every entry comes in date order: append, else find its place.
        var i = entries.count
        while i > 0 && entries[i - 1].date > e.date { i -= 1 }
        if i == entries.count {
            entries.append(e)
            byPupil[e.pupil, default: []].append(i)
            return
        }
        entries.insert(e, at: i)
        var index: [Int: [Int]] = [:]
        for (k, x) in entries.enumerated() { index[x.pupil, default: []].append(k) }
        byPupil = index
    }
}

extension ActionLog {
    /// The log for a reloaded register: each entry re-pointed at its pupil by UPN (pupils.csv
    /// may have changed order); an entry whose pupil is gone is left out until the log is
    /// read again (``Session/reloadActions()`` does, and says why when it cannot).
    public func reindexed(for pupils: PupilTable) -> ActionLog {
        let moved = entries.compactMap { e -> ActionEntry? in
            guard let p = pupils.index(ofUPN: e.upn) else { return nil }
            var x = e
            x.pupil = p
            return x
        }
        return ActionLog(entries: moved, path: path, loaded: loaded)
    }
}
