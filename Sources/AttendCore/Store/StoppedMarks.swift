
/// Pupils with no leaving date whose marks stop before the register's last day: a cut-off
/// export, or leavers exported without their leaving dates. The register says nothing about
/// them leaving, so they stay on roll to its last day (they do not vanish from lists); the
/// sessions after their last mark have no mark, and a session with no mark is not a possible
/// session (no absence is invented). `attend check` warns (D218, listing UPNs) and every
/// result carries a note while the as-of date is after their last marks.
public struct StoppedMarks: Sendable, Equatable {
    /// The pupils, in pupil order.
    public let pupils: [Int]
    /// The latest day any of them has a mark; nil when none has any.
    public let after: Day?

    /// The pupils whose last mark (`lastMark`) is before `lastDay` and who have no leaving
    /// date. (A pupil with no marks at all has none that stop: on roll throughout, as ever.)
    static func find(lastMark: [Day?], pupils t: PupilTable, lastDay: Day?) -> StoppedMarks? {
        guard let lastDay else { return nil }
        var found: [Int] = []
        var after: Day? = nil
        for p in 0..<t.count where t.left[p] == nil {
            guard let m = lastMark[p], m < lastDay else { continue }
            after = max(after ?? m, m)
            found.append(p)
        }
        return found.isEmpty ? nil : StoppedMarks(pupils: found, after: after)
    }

    /// The last session of a pupil's row of the mark matrix with a mark other than `Z`
    /// (a prospective pupil), or -1; not before `from`.
    @inline(__always)
    static func lastMarkedSession(_ row: UnsafePointer<UInt8>, sessions S: Int, from: Int = 0) -> Int {
        let z = CodeID("Z")!.rawValue
        var s = S - 1
        while s >= from { let c = row[s]; if c != 0 && c != z { return s }; s -= 1 }
        return -1
    }

    /// The one-line note on results.
    public var note: String { Diagnostic.stoppedMarksNote(count: pupils.count, after: after) }
}

extension Register {
    /// Pupils with no leaving date whose marks stop before the register's last day (worked
    /// out from the marks on first use and kept: a reopened store has them too).
    public var stoppedMarks: StoppedMarks? {
        stoppedMarksCache.withLock { cache in
            if let done = cache { return done }
            let S = sessionCount
            let days = calendar.days
            var last = [Day?](repeating: nil, count: pupilCount)
            marks.withUnsafeBufferPointer { mb in
                guard let base = mb.baseAddress else { return }
                for p in 0..<pupilCount {
                    let s = StoppedMarks.lastMarkedSession(base + p * S, sessions: S)
                    if s >= 0 { last[p] = days[s >> 1] }
                }
            }
            let found = StoppedMarks.find(lastMark: last, pupils: pupils, lastDay: days.last)
            cache = .some(found)
            return found
        }
    }

    /// The notes every result computed as of `asOf` carries: pupils whose marks stopped
    /// before it with no leaving date; an as-of date more than a holiday after the
    /// register's last day.
    public func resultNotes(asOf: Day) -> [String] {
        var notes: [String] = []
        if let s = stoppedMarks, s.after.map({ $0 < asOf }) ?? true { notes.append(s.note) }
        if let last = calendar.days.last, last.distance(to: asOf) > CalendarInference.longestHoliday {
            notes.append(Diagnostic.asOfBeyondRegister(asOf, lastDay: last))
        }
        return notes
    }
}
