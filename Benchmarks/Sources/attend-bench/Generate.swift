import AttendCore
import Foundation

/// Writes the benchmark registers: the demo register of `attend demo` for one academic
/// year, or several consecutive years of it in one folder (the same pupils, marks for every
/// year, each year's calendar; admitted and left dates blanked so that each pupil is on roll
/// from their first mark to their last).
enum Generate {
    static func register(at dir: String, pupils: Int, years: Int, firstYear: Int) throws {
        if years <= 1 {
            try DemoRegister.write(to: dir, DemoOptions(pupils: pupils, seed: 1, academicYear: firstYear))
            return
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let work = dir + "/.years"
        try? fm.removeItem(atPath: work)
        defer { try? fm.removeItem(atPath: work) }
        guard let marksOut = FileHandleWriter(dir + "/marks.csv.partial") else { throw BenchError("cannot write \(dir)/marks.csv") }
        var calendar = Data()
        for k in 0..<years {
            let y = firstYear + k
            let yd = work + "/\(y)"
            try DemoRegister.write(to: yd, DemoOptions(pupils: pupils, seed: 1, academicYear: y))
            let marks = try Data(contentsOf: URL(fileURLWithPath: yd + "/marks.csv"), options: .alwaysMapped)
            let cal = try Data(contentsOf: URL(fileURLWithPath: yd + "/calendar.csv"))
            marksOut.write(k == 0 ? marks : dropFirstLine(marks))
            calendar.append(k == 0 ? cal : dropFirstLine(cal))
            if k == years - 1 {
                try blankDates(Data(contentsOf: URL(fileURLWithPath: yd + "/pupils.csv"))).write(to: URL(fileURLWithPath: dir + "/pupils.csv"))
            }
            try fm.removeItem(atPath: yd)
        }
        marksOut.close()
        try fm.moveItem(atPath: dir + "/marks.csv.partial", toPath: dir + "/marks.csv")
        try calendar.write(to: URL(fileURLWithPath: dir + "/calendar.csv"))
        for f in ["pupils.csv", "marks.csv", "calendar.csv"] {
            try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir + "/" + f)
        }
    }

    static func dropFirstLine(_ d: Data) -> Data {
        guard let nl = d.firstIndex(of: 10) else { return Data() }
        return d.subdata(in: (nl + 1)..<d.endIndex)
    }

    /// pupils.csv with the `admitted` and `left` fields emptied.
    static func blankDates(_ d: Data) -> Data {
        let bytes = [UInt8](d)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { p in
            var scanner = CSVScanner(p)
            var fields: [CSVField] = []
            var blank: Set<Int> = []
            var first = true
            var lineStart = scanner.position
            while scanner.next(&fields) {
                if first {
                    for (i, f) in fields.enumerated() where ["admitted", "left"].contains(scanner.string(f)) { blank.insert(i) }
                    out.append(contentsOf: p[lineStart..<scanner.position])
                    first = false
                } else {
                    for (i, f) in fields.enumerated() {
                        if i > 0 { out.append(44) }
                        if blank.contains(i) { continue }
                        let s = f.quoted ? f.start - 1 : f.start
                        let e = f.quoted ? f.end + 1 : f.end
                        out.append(contentsOf: p[s..<e])
                    }
                    out.append(10)
                }
                lineStart = scanner.position
            }
        }
        return Data(out)
    }
}

/// Appends to a file with plain write(2) calls.
final class FileHandleWriter {
    let fd: Int32
    init?(_ path: String) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if fd < 0 { return nil }
    }
    func write(_ d: Data) {
        d.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { fatalError("write failed") }
                off += n
            }
        }
    }
    func close() { _ = Foundation.close(fd) }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
