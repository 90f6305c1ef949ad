#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The marks as read from marks.csv, before the register's school days are known: for each
/// academic year, one code byte per pupil per weekday session of that year (262 weekdays,
/// AM and PM: 524 bytes a pupil), pupil-major; 0 = no row. Weekends need no room: a
/// weekend mark is refused (D208).
///
/// A year's block is allocated on first use (calloc: untouched pages cost nothing) and is
/// shared by the loader's threads, each writing the rows of its part of the file.
final class MarkGrid: @unchecked Sendable {
    static let weekdaySlots = 262
    static let rowBytes = 2 * weekdaySlots
    /// Academic years the grid can hold: `Day` covers 1900…2200, so 1899/1900 to 2200/01.
    static let firstYear = 1899
    static let yearCount = 302

    let pupilCount: Int
    private let blocks: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    /// A pthread mutex rather than Synchronization.Mutex, whose futex path ThreadSanitizer
    /// cannot see (it then reports the locked accesses as races).
    private let lock: UnsafeMutablePointer<pthread_mutex_t>

    init(pupilCount: Int) {
        self.pupilCount = pupilCount
        blocks = .allocate(capacity: Self.yearCount)
        blocks.initialize(repeating: nil, count: Self.yearCount)
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body()
    }

    deinit {
        for i in 0..<Self.yearCount { if let b = blocks[i] { free(b) } }
        blocks.deallocate()
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// The block of year index `i` (academic year `firstYear + i`), allocated on first use.
    func block(_ i: Int) -> UnsafeMutablePointer<UInt8> {
        locked {
            if let b = blocks[i] { return b }
            guard let raw = calloc(max(1, pupilCount * Self.rowBytes), 1) else { fatalError("out of memory for the marks grid") }
            let b = raw.assumingMemoryBound(to: UInt8.self)
            blocks[i] = b
            return b
        }
    }

    /// The block of year index `i` if allocated (after the parallel part of the load).
    func existingBlock(_ i: Int) -> UnsafeMutablePointer<UInt8>? { blocks[i] }

    /// Year indexes with a block, ascending.
    var usedYears: [Int] { (0..<Self.yearCount).filter { blocks[$0] != nil } }

    /// Moves year index `i`'s block from `other` (another file of the same register, which
    /// had that year to itself) into this grid.
    func adopt(_ i: Int, from other: MarkGrid) {
        locked {
            precondition(blocks[i] == nil && other.pupilCount == pupilCount)
            blocks[i] = other.blocks[i]
            other.blocks[i] = nil
        }
    }

    /// Frees one year's block once it has been copied out.
    func release(_ i: Int) {
        locked {
            if let b = blocks[i] { free(b) }
            blocks[i] = nil
        }
    }

    /// Hands the whole pages of pupils `pupils` of year index `i` back to the system once
    /// they have been copied out, so that the grid and the mark matrix are not both held in
    /// full: the load's peak memory stays near the larger of the two.
    func discard(_ i: Int, pupils: Range<Int>) {
        guard let b = blocks[i], !pupils.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = Int(bitPattern: b) + pupils.lowerBound * Self.rowBytes
        let end = Int(bitPattern: b) + pupils.upperBound * Self.rowBytes
        let a = (start + page - 1) / page * page, z = end / page * page
        if z > a { _ = madvise(UnsafeMutableRawPointer(bitPattern: a), z - a, Int32(MADV_DONTNEED)) }
    }

    /// Zeroes every block (to read the file again).
    func clear() {
        for i in 0..<Self.yearCount { if let b = blocks[i] { memset(b, 0, max(1, pupilCount * Self.rowBytes)) } }
    }

    // MARK: Weekday slots

    /// Counts Monday–Friday from Monday 29 Dec 1969: the ordinal of a weekday, or of the
    /// Monday after a weekend day.
    @inline(__always)
    static func weekdayOrdinal(_ n: Int) -> Int {
        let m = n + 3
        let week = m >= 0 ? m / 7 : -((-m + 6) / 7)
        return week * 5 + min(m - week * 7, 5)
    }

    /// 1 September of academic year `y` (1899 is outside `Day(year:month:day:)`'s range).
    static func september1(_ y: Int) -> Day {
        if let d = Day(year: y, month: 9, day: 1) { return d }
        return Day(year: y + 1, month: 9, day: 1)!.advanced(by: -365)
    }

    /// The year index and weekday slot of a weekday.
    @inline(__always)
    static func slot(of d: Day) -> (year: Int, slot: Int) {
        let y = d.academicYear
        let first = weekdayOrdinal(Int(september1(y).number))
        return (y - firstYear, weekdayOrdinal(Int(d.number)) - first)
    }

    /// The day of weekday slot `slot` of year index `year`.
    static func day(year: Int, slot: Int) -> Day {
        let ord = weekdayOrdinal(Int(september1(year + firstYear).number)) + slot
        let week = ord >= 0 ? ord / 5 : -((-ord + 4) / 5)
        return Day(number: Int32(week * 7 + (ord - week * 5) - 3))
    }
}
