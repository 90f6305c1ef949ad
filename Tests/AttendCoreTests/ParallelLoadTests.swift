import Testing
@testable import AttendCore

/// The marks file read in several parts at once gives exactly what one pass gives: the same
/// store, the same warnings and errors with the same lines, in the same order; and the two
/// cases that need one pass (a cut inside a quoted field spanning lines, a session with rows
/// in two parts) are read again whole.
@Suite struct ParallelLoadTests {
    static let pupils = "upn,forename,surname,year,form\nA123456789012,Ann,Smith,9,9A\nB123456789012,Bob,Jones,10,10B\nC12345,Cy,Long,11,11A\nD1234567890123456789,Di,Longer,11,11A\n"

    /// A register from text, read in `parts` parts.
    func load(_ marks: String, pupils: String = Self.pupils, calendar: String? = nil, parts: Int, skip: Bool = false) -> Result<Register, DiagnosticList> {
        let source = RegisterSource(name: "test", pupils: FileBytes(name: "pupils.csv", bytes: Array(pupils.utf8)),
                                    marks: FileBytes(name: "marks.csv", bytes: Array(marks.utf8)),
                                    calendar: calendar.map { FileBytes(name: "calendar.csv", bytes: Array($0.utf8)) })
        do { return .success(try RegisterLoader.load(source, options: .init(skipBadRows: skip, parts: parts))) } catch { return .failure(error) }
    }

    /// Everything a load produces, as comparable text and numbers.
    func summary(_ r: Result<Register, DiagnosticList>) -> [String] { LoadSummary.full(r) }
    func rendered(_ ds: [Diagnostic]) -> [String] { LoadSummary.rendered(ds) }

    func expectSameForEveryCut(_ marks: String, calendar: String? = nil, skip: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let one = summary(load(marks, calendar: calendar, parts: 1, skip: skip))
        for parts in 2...9 {
            let many = summary(load(marks, calendar: calendar, parts: parts, skip: skip))
            #expect(many == one, "\(parts) parts", sourceLocation: sourceLocation)
        }
    }

    /// Every weekday from 2025-09-01 for `days` days, both sessions, for each UPN.
    func rows(_ upns: [String], days: Int, code: (Int, Int) -> String = { _, _ in "/" }) -> [String] {
        var out: [String] = []
        var d = Day(year: 2025, month: 9, day: 1)!
        var k = 0
        while k < days {
            if !d.isWeekend {
                for (i, u) in upns.enumerated() {
                    out.append("\(u),\(d.iso),AM,\(code(i, 2 * k))")
                    out.append("\(u),\(d.iso),PM,\(code(i, 2 * k + 1))")
                }
                k += 1
            }
            d = d.advanced(by: 1)
        }
        return out
    }

    static let upns = ["A123456789012", "B123456789012", "C12345", "D1234567890123456789"]

    @Test func demoRegisterInAnyNumberOfParts() throws {
        let files = DemoRegister.files(DemoOptions(pupils: 150))
        let pupils = String(decoding: files.pupils, as: UTF8.self)
        let marks = String(decoding: files.marks, as: UTF8.self)
        let calendar = String(decoding: files.calendar, as: UTF8.self)
        let one = summary(load(marks, pupils: pupils, calendar: calendar, parts: 1))
        for parts in [2, 3, 8] {
            let r = load(marks, pupils: pupils, calendar: calendar, parts: parts)
            #expect(summary(r) == one)
            #expect((try? r.get())?.loadStatistics.partsRead == parts)
        }
    }

    @Test func quirksInEveryPart() {
        let codes = ["/", "\\", "L", "O", "I", "C2", "Y1", "#", "-", "D", "N", "U"]
        var lines = rows(Self.upns, days: 30) { i, s in codes[(i + s) % codes.count] }
        for (k, i) in stride(from: 3, to: lines.count, by: 7).enumerated() {
            let f = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            switch k % 7 {
            case 0: lines[i] = "\"\(f[0])\",\(f[1]),\(f[2]),\(f[3])"
            case 1: lines[i] = " \(f[0]) , \(f[1]) ,\(f[2].lowercased()),\t\(f[3]) "
            case 2:
                let d = Day(parsing: f[1])!.civil
                lines[i] = "\(f[0]),\(d.day)/\(d.month)/\(d.year),\(f[2] == "AM" ? "morning" : "Afternoon"),\(f[3])"
            case 3: lines[i] += "\r"
            case 4: lines[i] += "\n"
            case 5: lines[i] = "\(f[0]),\(f[1]),\(f[2].prefix(1)),\(f[3])"
            default: lines[i] = "\(f[0]),\(f[1]),\(f[2]),\(f[3]),\"a note, with a comma\""
            }
        }
        expectSameForEveryCut("upn,date,session,mark,comment\n" + lines.joined(separator: "\n"))
        expectSameForEveryCut("\u{FEFF}upn,date,session,mark\r\n" + lines.joined(separator: "\r\n") + "\r\n")
    }

    @Test func errorsInEveryPartKeepTheirLines() {
        var lines = rows(Self.upns, days: 20)
        let bad = ["QQ", "o", "", "x"]
        for (k, i) in stride(from: 5, to: lines.count, by: 11).enumerated() {
            let f = lines[i].split(separator: ",").map(String.init)
            switch k % 6 {
            case 0: lines[i] = "\(f[0]),\(f[1]),\(f[2]),\(bad[k % bad.count])"
            case 1: lines[i] = "\(f[0]),2025-02-30,\(f[2]),\(f[3])"
            case 2: lines[i] = "Z999999999999,\(f[1]),\(f[2]),\(f[3])"
            case 3: lines[i] = "\(f[0]),2025-09-06,\(f[2]),\(f[3])"
            case 4: lines[i] = "\(f[0]),\(f[1])"
            default: lines[i] = "\(f[0]),\(f[1]),XM,\(f[3])"
            }
        }
        let marks = "upn,date,session,mark\n" + lines.joined(separator: "\n") + "\n"
        expectSameForEveryCut(marks)
        expectSameForEveryCut(marks, skip: true)
        let failed = load(marks, parts: 4)
        guard case .failure(let e) = failed else { Issue.record("loaded"); return }
        #expect(rendered(e.diagnostics).contains { $0.hasPrefix("marks.csv:7:22: error[D201]: unknown mark code \"QQ\"") })
    }

    @Test func repeatedAndClashingSessionsAcrossParts() {
        let lines = rows(Self.upns, days: 20)
        // The same session again at the end (same mark), and a clash with the first row.
        let repeated = lines + [lines[2], lines[3].replacingOccurrences(of: ",/", with: ",O")]
        let marks = "upn,date,session,mark\n" + repeated.joined(separator: "\n") + "\n"
        expectSameForEveryCut(marks)
        expectSameForEveryCut(marks, skip: true)
        #expect((try? load(marks, parts: 3, skip: true).get())?.loadStatistics.partsRead == 1)
        guard case .failure(let e) = load(marks, parts: 3) else { Issue.record("loaded"); return }
        let last = lines.count + 3
        #expect(rendered(e.diagnostics).contains { $0.hasPrefix("marks.csv:\(last): error[D205]: two different marks for B123456789012 on 2025-09-01 PM: \"/\" on line 5 and \"O\" here") })
        // Both rows within one part.
        let near = Array(lines[0..<10]) + [lines[9]] + Array(lines[10...])
        expectSameForEveryCut("upn,date,session,mark\n" + near.joined(separator: "\n") + "\n")
    }

    @Test func quotedFieldSpanningTheCut() {
        var lines = rows(Self.upns, days: 10)
        for i in lines.indices { lines[i] += ",\"first line\nsecond line \(i), with comma\"" }
        let marks = "upn,date,session,mark,comment\n" + lines.joined(separator: "\n") + "\n"
        expectSameForEveryCut(marks)
        // Here the cut falls inside a quoted field: the file is read again in one part.
        #expect((try? load(marks, parts: 2).get())?.loadStatistics.partsRead == 1)
        expectSameForEveryCut(marks + "A123456789012,2025-09-01,AM,/,\"never closed\n")
    }

    @Test func tooManyProblemsOverParts() {
        var lines = rows(Self.upns, days: 1500)
        for i in stride(from: 0, to: lines.count, by: 1) where i % 10 != 9 { lines[i] = lines[i].replacingOccurrences(of: ",/", with: ",QQ") }
        expectSameForEveryCut("upn,date,session,mark\n" + lines.joined(separator: "\n"))
    }

    @Test func minutesLateOverParts() {
        var lines = rows(Self.upns, days: 15) { i, s in s % 5 == 0 ? "L" : "/" }
        for i in lines.indices { lines[i] += lines[i].hasSuffix(",L") ? ",\(i % 40 + 1)" : "," }
        lines[7] = lines[7].replacingOccurrences(of: ",L,", with: ",L,99999")
        expectSameForEveryCut("upn,date,session,mark,minutes_late\n" + lines.joined(separator: "\n") + "\n", skip: true)
    }

    @Test func legacyCodesAndTermsOverParts() {
        let cal = "kind,name,start,end\nterm,Autumn,2025-09-01,2025-10-10\n"
        let codes = ["H", "J", "/", "K", "-", "Y"]
        let lines = rows(Self.upns, days: 30) { i, s in codes[(i * 7 + s) % codes.count] }
        expectSameForEveryCut("upn,date,session,mark\n" + lines.joined(separator: "\n") + "\n", calendar: cal, skip: true)
        expectSameForEveryCut("upn,date,session,mark\n" + lines.joined(separator: "\n") + "\n")
    }
}

extension ParallelLoadTests {
    /// pupils.csv in parts: repeated UPNs across parts, quirks and errors in every part, a
    /// quoted address over two lines, blank lines; the same table and messages as one part.
    @Test func pupilsInAnyNumberOfParts() {
        var lines: [String] = []
        for i in 0..<400 {
            let upn = String(format: "P%012d", i % 370)          // 30 UPNs come twice, far apart
            var row = "\(upn),Name\(i),Surname\(i % 17),\(7 + i % 7),\(7 + i % 7)A,N,Y"
            switch i % 23 {
            case 3: row = "\(upn),Ann,Smith,14,9A,N,Y"                        // bad year
            case 5: row = "\(upn),,,9,9A,Q,maybe"                             // empty names, bad SEN and flag
            case 7: row = "\"\(upn)\",\"Jo, Jr\",\"O\"\"Brien\",Year 9,9A,E,yes"   // quoting
            case 11: row = "  \(upn) , Al , Bo ,Y10, 10B ,k,0"                   // spaces
            case 13: row = ",Cy,Do,9,9A,N,N"                                    // no UPN
            case 17: row += "\n"                                                 // a blank line after
            case 19: row = "A1,Ed,Fo,R,RA,N,N"                                  // odd UPN
            default: break
            }
            lines.append(row)
        }
        lines[200] = "P000000000200,\"Two\nLines\",Sur,9,9A,N,N"              // a quoted newline
        let pupils = "upn,forename,surname,year,form,send,fsm\n" + lines.joined(separator: "\n") + "\n"
        let marks = "upn,date,session,mark\nP000000000001,2025-09-03,AM,/\n"
        let one = summary(load(marks, pupils: pupils, parts: 1, skip: true))
        #expect(one.count > 40)
        for parts in 2...9 {
            #expect(summary(load(marks, pupils: pupils, parts: parts, skip: true)) == one, "\(parts) parts")
            #expect(summary(load(marks, pupils: pupils, parts: parts)) == summary(load(marks, pupils: pupils, parts: 1)), "\(parts) parts")
        }
        guard case .success(let r) = load(marks, pupils: pupils, parts: 4, skip: true) else { Issue.record("failed"); return }
        #expect(r.pupils.indexByUPN.count == r.pupilCount)
        #expect(r.diagnostics.contains { $0.code == "D101" && $0.message.contains("P000000000001 appears twice (also line 3)") })
    }
}

extension String {
    fileprivate func replacingOccurrences(of a: String, with b: String) -> String { replacingAll(a, b) }
}
