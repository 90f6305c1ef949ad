import Foundation
import Testing
@testable import AttendCore

/// A tiny RFC 4180 reader for checking the generated files (quotes, doubled quotes).
private func parseCSV(_ bytes: [UInt8]) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field: [UInt8] = []
    var i = 0
    var quoted = false
    while i < bytes.count {
        let b = bytes[i]
        if quoted {
            if b == 34 {
                if i + 1 < bytes.count && bytes[i + 1] == 34 { field.append(34); i += 2; continue }
                quoted = false
            } else {
                field.append(b)
            }
        } else if b == 34 {
            quoted = true
        } else if b == 44 {
            row.append(String(decoding: field, as: UTF8.self)); field = []
        } else if b == 10 {
            row.append(String(decoding: field, as: UTF8.self)); field = []
            rows.append(row); row = []
        } else {
            field.append(b)
        }
        i += 1
    }
    if !field.isEmpty || !row.isEmpty { row.append(String(decoding: field, as: UTF8.self)); rows.append(row) }
    return rows
}

private struct Table {
    let header: [String]
    let rows: [[String]]
    init(_ bytes: [UInt8]) {
        let all = parseCSV(bytes)
        header = all[0]
        rows = Array(all.dropFirst())
    }
    func column(_ name: String) -> Int { header.firstIndex(of: name)! }
}

private let codes2024: Set<String> = ["/", "\\", "L", "K", "V", "P", "W", "B", "D", "C1", "M", "J1", "S", "X", "C2",
                                      "C", "T", "R", "I", "E", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7",
                                      "G", "N", "O", "U", "Z", "#", "-"]
private let notCounted: Set<String> = ["D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#", "-"]
private let absenceCodes: Set<String> = ["C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E", "G", "N", "O", "U"]

/// One register shared by the tests (generation is the slow part).
private let small = DemoOptions(pupils: 300, seed: 7)
private let smallFiles = DemoRegister.files(small)

@Suite struct DemoRegisterTests {
    @Test func sameSeedSameBytesOtherSeedDiffers() {
        let again = DemoRegister.files(small)
        #expect(again == smallFiles)
        let other = DemoRegister.files(DemoOptions(pupils: 300, seed: 8))
        #expect(other.marks != smallFiles.marks)
        #expect(other.pupils != smallFiles.pupils)
        #expect(other.calendar == smallFiles.calendar)   // the calendar follows rules only
    }

    @Test func chunkingAndThreadsDoNotChangeBytes() {
        let plan = DemoPlan(small)
        var a: [UInt8] = []
        DemoRegister.forEachMarksChunk(plan, chunkPupils: 7, batch: 3) { a.append(contentsOf: $0) }
        var b: [UInt8] = []
        DemoRegister.forEachMarksChunk(plan, chunkPupils: 1000, batch: 1) { b.append(contentsOf: $0) }
        #expect(a == smallFiles.marks)
        #expect(b == smallFiles.marks)
    }

    @Test func calendar2025() throws {
        let cal = DemoRegister.calendar(DemoOptions())
        func d(_ s: String) -> Day { Day(parsing: s)! }
        #expect(cal.terms.map(\.start) == [d("2025-09-03"), d("2026-01-05"), d("2026-04-13")])
        #expect(cal.terms.map(\.end) == [d("2025-12-19"), d("2026-03-27"), d("2026-07-22")])
        #expect(cal.halfTerms.map(\.end) == [d("2025-10-24"), d("2025-12-19"), d("2026-02-13"), d("2026-03-27"), d("2026-05-22"), d("2026-07-22")])
        #expect(cal.halfTerms.map(\.start) == [d("2025-09-03"), d("2025-11-03"), d("2026-01-05"), d("2026-02-23"), d("2026-04-13"), d("2026-06-01")])
        #expect(cal.insetDays == [d("2025-09-03"), d("2025-11-03"), d("2026-01-05"), d("2026-03-13"), d("2026-06-01")])
        #expect(cal.unexpectedClosure == d("2026-01-29"))
        #expect(cal.bankHolidays == [d("2026-05-04")])
        #expect(cal.schoolDays.count == 195)
        #expect(DemoRegister.lastDay(DemoOptions()) == d("2026-07-22"))
        #expect(DemoCalendar.easterSunday(2026) == d("2026-04-05"))
        #expect(DemoCalendar.easterSunday(2024) == d("2024-03-31"))
    }

    @Test(arguments: [1950, 2007, 2012, 2015, 2019, 2022, 2024, 2025, 2026, 2030, 2038, 2150])
    func calendarRowsAreConsistent(year: Int) throws {
        let cal = DemoRegister.calendar(DemoOptions(academicYear: year))
        #expect(cal.terms.count == 3 && cal.halfTerms.count == 6 && cal.insetDays.count == 5)
        for (t, term) in cal.terms.enumerated() {
            #expect(term.start == cal.halfTerms[2 * t].start && term.end == cal.halfTerms[2 * t + 1].end)
        }
        for (a, b) in zip(cal.halfTerms, cal.halfTerms.dropFirst()) {
            #expect(a.start <= a.end && a.end < b.start)
            #expect(a.end.distance(to: b.start) >= 7)        // a break of a week or more
        }
        #expect(cal.halfTerms[0].start == cal.schoolDays.first)
        #expect(cal.halfTerms[5].end == cal.schoolDays.last)
        for d in cal.schoolDays { #expect(!d.isWeekend) }
        for d in cal.insetDays + [cal.unexpectedClosure] { #expect(cal.index(of: d) != nil) }
        #expect(cal.schoolDays.count >= 185 && cal.schoolDays.count <= 195)
        let firstMay = Day(year: year + 1, month: 5, day: 1)!
        let earlyMay = firstMay.advanced(by: (8 - firstMay.weekday) % 7)
        #expect(cal.index(of: earlyMay) == nil)
    }

    @Test func calendarFile() {
        let t = Table(smallFiles.calendar)
        #expect(t.header == ["kind", "name", "start", "end"])
        #expect(t.rows.map { $0[0] } == ["term", "term", "term"] + Array(repeating: "half-term", count: 6) + Array(repeating: "closure", count: 5))
        #expect(t.rows[3] == ["half-term", "Autumn 1", "2025-09-03", "2025-10-24"])
        #expect(t.rows[9] == ["closure", "INSET day", "2025-09-03", "2025-09-03"])
    }

    @Test func byteFormat() {
        for bytes in [smallFiles.pupils, smallFiles.marks, smallFiles.calendar] {
            #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            #expect(!bytes.contains(13))
            #expect(bytes.last == 10)
            #expect(String(validating: bytes, as: UTF8.self) != nil)
        }
        #expect(smallFiles.marks.starts(with: Array("upn,date,session,mark,minutes_late\n".utf8)))
    }

    @Test func everyCodeAppears() {
        let t = Table(smallFiles.marks)
        let used = Set(t.rows.map { $0[3] })
        #expect(used == codes2024, "missing: \(codes2024.subtracting(used).sorted()), unexpected: \(used.subtracting(codes2024).sorted())")
        // Whatever the seed and year, from a couple of hundred pupils up.
        for (seed, year) in [(1, 2025), (2, 2024), (3, 2026), (99, 2030)] as [(UInt64, Int)] {
            let f = DemoRegister.files(DemoOptions(pupils: 200, seed: seed, academicYear: year))
            #expect(Set(Table(f.marks).rows.map { $0[3] }) == codes2024)
        }
    }

    @Test func minutesLateOnlyOnLateMarks() {
        let t = Table(smallFiles.marks)
        var late = 0, afterClose = 0
        for r in t.rows {
            #expect(r.count == 5)
            switch r[3] {
            case "L": late += 1; #expect((1...30).contains(Int(r[4]) ?? 0))
            case "U": afterClose += 1; #expect((31...90).contains(Int(r[4]) ?? 0))
            default: #expect(r[4].isEmpty)
            }
            #expect(r[2] == "AM" || r[2] == "PM")
            if r[3] == "/" { #expect(r[2] == "AM") }
            if r[3] == "\\" { #expect(r[2] == "PM") }
        }
        #expect(late > 100 && afterClose > 5)
    }

    @Test func rowsCoverExactlyTheDaysOnRoll() throws {
        let cal = DemoRegister.calendar(small)
        let calRows = Table(smallFiles.calendar).rows
        // School days from calendar.csv alone: weekdays inside a half-term, less bank holidays.
        var expected: [String] = []
        for r in calRows where r[0] == "half-term" {
            var d = Day(parsing: r[2])!
            while d <= Day(parsing: r[3])! {
                if !d.isWeekend && !cal.bankHolidays.contains(d) { expected.append(d.iso) }
                d = d.advanced(by: 1)
            }
        }
        #expect(expected == cal.schoolDays.map(\.iso))
        let inset = Set(calRows.filter { $0[0] == "closure" }.map { $0[2] })

        let pupils = Table(smallFiles.pupils)
        #expect(pupils.header == DemoRegister.pupilsHeader.split(separator: ",").map(String.init))
        let upnCol = pupils.column("upn"), admCol = pupils.column("admitted"), leftCol = pupils.column("left")
        var byPupil: [String: [[String]]] = [:]
        for r in Table(smallFiles.marks).rows { byPupil[r[0], default: []].append(r) }
        #expect(byPupil.count == pupils.rows.count)
        #expect(Set(pupils.rows.map { $0[upnCol] }).count == pupils.rows.count)

        var joinersWithZ = 0, joinersWithoutZ = 0, leavers = 0
        for p in pupils.rows {
            let upn = p[upnCol]
            #expect(upn.utf8.count == 13 && upn.first!.isLetter && upn.dropFirst().allSatisfy(\.isNumber))
            let admitted = p[admCol], left = p[leftCol].isEmpty ? "9999" : p[leftCol]
            let onRoll = expected.filter { $0 >= admitted && $0 <= left }
            let rows = byPupil[upn] ?? []
            let before = rows.filter { $0[1] < admitted }
            let on = rows.filter { $0[1] >= admitted }
            // Two sessions for each day on roll, in date order, nothing after leaving.
            #expect(on.map { $0[1] } == onRoll.flatMap { [$0, $0] }, "\(upn)")
            #expect(on.map { $0[2] } == onRoll.flatMap { _ in ["AM", "PM"] }, "\(upn)")
            #expect(!on.contains { $0[3] == "Z" })
            for r in rows where inset.contains(r[1]) { #expect(r[3] == "#") }
            for r in rows where r[1] == cal.unexpectedClosure.iso { #expect(r[3] == "Y4") }
            // Before admission: nothing, or Z on the school days just before it (closures
            // keep their whole-school mark).
            if !before.isEmpty {
                #expect(before.allSatisfy { ["Z", "#", "Y4"].contains($0[3]) })
                #expect(before.map { $0[1] } == expected.filter { $0 >= before[0][1] && $0 < admitted }.flatMap { [$0, $0] })
            }
            if admitted > expected[0] { if before.isEmpty { joinersWithoutZ += 1 } else { joinersWithZ += 1 } }
            if !p[leftCol].isEmpty { leavers += 1 }
        }
        #expect(joinersWithZ >= 1 && joinersWithoutZ >= 1 && leavers >= 2)
    }

    @Test func wholeRangeOfAttendance() {
        let t = Table(smallFiles.marks)
        var possible: [String: Int] = [:], absent: [String: Int] = [:]
        for r in t.rows {
            if !notCounted.contains(r[3]) { possible[r[0], default: 0] += 1 }
            if absenceCodes.contains(r[3]) { absent[r[0], default: 0] += 1 }
        }
        let rates = possible.filter { $0.value > 0 }.map { (Double(absent[$0.key] ?? 0) / Double($0.value)) }
        #expect(rates.contains { $0 == 0 })
        #expect(rates.contains { $0 >= 0.5 })
        #expect(rates.filter { $0 >= 0.1 }.count >= 10)                   // persistent absence
        #expect(rates.filter { $0 > 0.05 && $0 <= 0.1 }.count >= 20)       // 90-95%
        #expect(rates.filter { $0 > 0 && $0 <= 0.03 }.count >= 60)         // 97-100%
    }

    @Test func pupilsFileHasAwkwardText() {
        let text = String(decoding: smallFiles.pupils, as: UTF8.self)
        #expect(text.contains("\"Smith, Jr\""))
        #expect(text.contains("\"Elizabeth \"\"Beth\"\"\""))
        for name in ["Zoë", "Łukasz", "Ní Bhriain", "O'Brien", "José", "Nguyễn", "Smith-Jones"] { #expect(text.contains(name)) }
        let t = Table(smallFiles.pupils)
        #expect(t.rows.allSatisfy { $0.count == t.header.count })
        #expect(t.rows.contains { $0[t.column("contact_email")].isEmpty })
        #expect(t.rows.allSatisfy { $0[t.column("address")].contains(",") })
        let years = Set(t.rows.map { $0[t.column("year")] })
        #expect(years == Set((7...13).map(String.init)))
        #expect(Set(t.rows.map { $0[t.column("send")] }) == ["N", "K", "E"])
        // dob fits the year group: year Y in 2025/26 was born Sep (2020 - Y) .. Aug (2021 - Y).
        for r in t.rows {
            let y = Int(r[t.column("year")])!
            let dob = r[t.column("dob")]
            #expect(dob >= "\(2020 - y)-09-01" && dob <= "\(2021 - y)-08-31")
            #expect(r[t.column("form")].hasPrefix(r[t.column("year")]))
        }
        #expect(t.rows.contains { $0[t.column("upn")] == "A880007000021" })
    }

    @Test func highlightsNameTheScriptedPupils() {
        let h = DemoRegister.highlights(small)
        #expect(h.count == DemoRole.allCases.count - 1)
        #expect(h.contains { $0.upn == "A880007000021" && $0.pattern.contains("Mondays and Fridays") })
        #expect(h.map(\.upn) == h.map(\.upn).sorted())
    }

    @Test func writeMatchesFilesWithPrivateModes() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("attend-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: base) }
        let dir = base.appendingPathComponent("register").path
        try DemoRegister.write(to: dir, small)
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        #expect(try mode(dir) == 0o700)
        for (name, bytes) in [("pupils.csv", smallFiles.pupils), ("marks.csv", smallFiles.marks), ("calendar.csv", smallFiles.calendar)] {
            let path = dir + "/" + name
            #expect(try mode(path) == 0o600)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == bytes)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["calendar.csv", "marks.csv", "pupils.csv"])
        // Writing again over an existing register is refused, and replaces it when told.
        #expect(throws: Diagnostic.self) { try DemoRegister.write(to: dir, small) }
        try DemoRegister.write(to: dir, small, replace: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["calendar.csv", "marks.csv", "pupils.csv"])
    }

    @Test(arguments: [1, 2, 5, 13, 40, 120])
    func tinyRegistersWork(pupils: Int) {
        for year in [1950, 2025, 2150] {
            let f = DemoRegister.files(DemoOptions(pupils: pupils, seed: 3, academicYear: year))
            #expect(Table(f.pupils).rows.count == pupils)
            #expect(Set(Table(f.marks).rows.map { $0[0] }).count == pupils)
        }
    }

    @Test func badOptionsAreRefused() {
        #expect(throws: Diagnostic.self) { try DemoOptions(pupils: -1).validate() }
        #expect(throws: Diagnostic.self) { try DemoOptions(academicYear: 1800).validate() }
        #expect(DemoRegister.files(DemoOptions(pupils: 0)).marks == Array("upn,date,session,mark,minutes_late\n".utf8))
    }

    /// By hand: `DEMO_BENCH=100000 swift test -c release --scratch-path .build-demo --filter demoBenchmark`
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DEMO_BENCH"] != nil))
    func demoBenchmark() throws {
        let n = Int(ProcessInfo.processInfo.environment["DEMO_BENCH"] ?? "") ?? 100_000
        let dir = ProcessInfo.processInfo.environment["DEMO_BENCH_DIR"] ?? NSTemporaryDirectory() + "attend-demo-bench-\(getpid())"
        let clock = ContinuousClock()
        let t = try clock.measure { try DemoRegister.write(to: dir, DemoOptions(pupils: n)) }
        let size = (try FileManager.default.attributesOfItem(atPath: dir + "/marks.csv")[.size] as? NSNumber)?.intValue ?? 0
        print("demo register: \(n) pupils, marks.csv \(size) bytes, written in \(t)")
        if ProcessInfo.processInfo.environment["DEMO_BENCH_DIR"] == nil {
            try FileManager.default.removeItem(atPath: dir)
        } else {
            for h in DemoRegister.highlights(DemoOptions(pupils: n)) { print(h.upn, h.form, h.forename, h.surname, "|", h.pattern) }
        }
    }
}
