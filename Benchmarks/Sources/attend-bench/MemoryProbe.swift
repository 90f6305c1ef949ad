import AttendCore
import Foundation

/// Memory of one load, in a fresh process: the anonymous memory (heap; not the mapped CSV,
/// whose pages belong to the page cache) before, at its peak during, and after the load,
/// the store's own bytes, and an estimate of the pupils table.
enum MemoryProbe {
    final class Peak: @unchecked Sendable {
        let lock = NSLock()
        var value = 0
        var running = true
    }

    /// The same for a register of the same pupils and one mark: what the pupils table (and
    /// what comes with any register) holds.
    static func pupilsOnly(_ dir: String) throws -> String {
        let before = Timing.memory().anon
        let marks = try FileBytes(path: dir + "/marks.csv")
        let firstTwoLines = marks.withBytes { b -> [UInt8] in
            var n = 0
            var end = 0
            while end < b.count && n < 2 { if b[end] == 10 { n += 1 }; end += 1 }
            return Array(b[0..<end])
        }
        let full = try RegisterSource.folder(dir)
        let r = try RegisterLoader.load(RegisterSource(name: "pupils", pupils: full.pupils,
                                                       marks: FileBytes(name: "marks.csv", bytes: firstTwoLines), calendar: full.calendar))
        let after = Timing.memory().anon
        let data = try JSONSerialization.data(withJSONObject: ["anonBefore": before, "anonAfter": after, "pupils": r.pupilCount], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func run(_ dir: String) throws -> String {
        let before = Timing.memory().anon
        let peak = Peak()
        let sampler = Thread {
            while true {
                let m = Timing.memory().anon
                peak.lock.lock()
                peak.value = max(peak.value, m)
                let go = peak.running
                peak.lock.unlock()
                if !go { break }
                usleep(2000)
            }
        }
        sampler.start()
        var register: Register? = try RegisterLoader.load(try RegisterSource.folder(dir))
        let r = register!
        let after = Timing.memory()
        peak.lock.lock(); peak.running = false; peak.value = max(peak.value, after.anon); peak.lock.unlock()
        let out: [String: Int] = [
            "anonBefore": before, "anonPeak": peak.value, "anonAfter": after.anon, "rssAfter": after.rss,
            "marks": r.loadStatistics.marks, "storeBytes": r.storeBytes, "pupilsTable": pupilsTableBytes(r.pupils),
            "minutesBytes": r.minutesLate.map { $0.offsets.count * 4 + $0.sessions.count * 4 + $0.minutes.count * 2 } ?? 0,
        ]
        register = nil
        let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Bytes the pupils table holds: 16 per text value plus the heap text of values longer
    /// than a small string (15 bytes), 8 or fewer per other value, and the UPN index.
    static func pupilsTableBytes(_ t: PupilTable) -> Int {
        func text(_ values: [String]) -> Int { values.reduce(values.count * 16) { $0 + ($1.utf8.count > 15 ? $1.utf8.count + 32 : 0) } }
        // Every column by the schema's kinds: text columns as text, the rest at their width.
        var n = t.texts.reduce(0) { $0 + text($1) }
        n += t.extraColumns.reduce(0) { $0 + text($1.values) }
        n += t.years.reduce(0) { $0 + $1.count }
        n += t.flags.reduce(0) { $0 + $1.count }
        n += t.sends.reduce(0) { $0 + $1.count }
        n += t.dates.reduce(0) { $0 + $1.count * 8 }
        n += t.line.count * 4
        n += t.count * (16 + 4) * 2                       // indexByUPN
        return n
    }
}
