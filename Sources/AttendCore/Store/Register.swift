
/// A loaded register: the pupils, the calendar, and the marks as an indexed column store.
///
/// Memory per mark: one byte of code in ``marks`` plus one bit in each of the six
/// ``MarkClass`` matrices (1.75 bytes), plus one bit per code a query has asked about
/// (built on first use and kept). Pupil-major layout: a pupil's sessions are contiguous,
/// so a window is a few words per pupil.
public final class Register: Sendable {
    /// Shown in the prompt and in output: the folder name, or `demo`.
    public let name: String
    public let pupils: PupilTable
    public let calendar: SchoolCalendar
    /// Code id per pupil per session: `marks[p * sessionCount + s]`; 0 = no row.
    public let marks: StoreArray<UInt8>
    public let sessionCount: Int
    let classMatrices: [BitMatrix]
    public let minutesLate: MinutesLate?
    /// First and last day on roll (nil = open).
    public let onRollFrom: [Day?]
    public let onRollUntil: [Day?]
    /// Warnings (and, with --skip-bad-rows, the skipped rows) from loading.
    public let diagnostics: [Diagnostic]
    public let loadStatistics: LoadStatistics
    /// The files the register was loaded from (none for the demo register), to tell when
    /// they change after a store is saved.
    public let sources: [SourceFileIdentity]
    /// The MIS's own codes from codes.csv (see ``SchoolCodes``).
    public let schoolCodes: SchoolCodeList
    private let codeMatrices = Locked<[[UInt8]: BitMatrix]>([:])
    /// Pupil-table indexes built on first use (see Register+Indexes).
    let indexes = Locked<Indexes>(Indexes())
    /// ``stoppedMarks``, worked out on first use.
    let stoppedMarksCache = Locked<StoppedMarks??>(nil)

    public struct LoadStatistics: Sendable {
        public var markRows = 0
        public var marks = 0
        public var noMarkEntries = 0
        public var codesUsed: [String: Int] = [:]
        /// How many parts of marks.csv were read at once (1 when the file was read again in
        /// one pass; see ``MarksLoader``).
        public var partsRead = 1
        /// marks.csv rows read by the loader's general reader rather than its fast path
        /// (quirks the fast path leaves, and errors): for measurements and tests.
        public var generalReaderRows = 0
        /// Wall-clock time of each step of the load, in order.
        public var phases: [(step: String, time: Duration)] = []
    }

    init(name: String, pupils: PupilTable, calendar: SchoolCalendar, marks: StoreArray<UInt8>, classMatrices: [BitMatrix],
         minutesLate: MinutesLate?, onRollFrom: [Day?], onRollUntil: [Day?], diagnostics: [Diagnostic], statistics: LoadStatistics,
         sources: [SourceFileIdentity] = [], schoolCodes: SchoolCodeList = SchoolCodeList()) {
        self.name = name
        self.pupils = pupils
        self.calendar = calendar
        self.marks = marks
        self.sessionCount = calendar.sessionCount
        self.classMatrices = classMatrices
        self.minutesLate = minutesLate
        self.onRollFrom = onRollFrom
        self.onRollUntil = onRollUntil
        self.diagnostics = diagnostics
        self.loadStatistics = statistics
        self.sources = sources
        self.schoolCodes = schoolCodes
    }

    public var pupilCount: Int { pupils.count }

    public func matrix(_ c: MarkClass) -> BitMatrix { classMatrices[c.rawValue] }

    /// The code of pupil `p` in session `s` (`.none` when the pupil has no row).
    @inline(__always)
    public func code(_ p: Int, _ s: Int) -> CodeID { CodeID(rawValue: marks[p * sessionCount + s]) }

    /// Whether pupil `p` is on roll on day `d`.
    public func isOnRoll(_ p: Int, on d: Day) -> Bool {
        if let f = onRollFrom[p], d < f { return false }
        if let u = onRollUntil[p], d > u { return false }
        return true
    }

    /// Pupils on roll on `d`.
    public func onRoll(on d: Day) -> PupilSet {
        var s = PupilSet(capacity: pupilCount)
        for p in 0..<pupilCount where isOnRoll(p, on: d) { s.insert(p) }
        return s
    }

    /// A bit matrix of the sessions coded with any of `codes` while on roll; built on first
    /// use and kept.
    public func matrix(codes: [CodeID]) -> BitMatrix {
        let key = Set(codes.map(\.rawValue)).sorted()
        if let m = codeMatrices.withLock({ $0[key] }) { return m }
        var wanted = [Bool](repeating: false, count: 256)
        for k in key { wanted[Int(k)] = true }
        var m = BitMatrix(rows: pupilCount, columns: sessionCount)
        let possible = matrix(.possible)
        let days = calendar.days
        marks.withUnsafeBufferPointer { mk in
            for p in 0..<pupilCount {
                let base = p * sessionCount
                for s in 0..<sessionCount where wanted[Int(mk[base + s])] {
                    // Not-counted codes are kept too (`sessions coded D`), within the dates on roll.
                    if possible.get(p, s) || isOnRoll(p, on: days[s >> 1]) { m.set(p, s) }
                }
            }
        }
        codeMatrices.withLock { $0[key] = m }
        return m
    }

    /// Bytes held by the marks and their indexes (not the pupils table).
    public var storeBytes: Int {
        marks.count + classMatrices.reduce(0) { $0 + $1.byteCount } + codeMatrices.withLock { $0.values.reduce(0) { $0 + $1.byteCount } }
    }
}

extension Register {
    /// The sessions pupil `p` was on roll for (the whole register when no dates).
    public func onRollSessions(_ p: Int) -> Range<Int> {
        let a = onRollFrom[p].map { calendar.firstIndex(onOrAfter: $0) * 2 } ?? 0
        let b = onRollUntil[p].map { calendar.firstIndex(onOrAfter: $0.advanced(by: 1)) * 2 } ?? sessionCount
        return a..<max(a, b)
    }
}
