#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AttendCore

/// The reference table of national figures and `compared with …`.
@Suite struct NationalFiguresTests {
    static var repository: String { String(Fixture.testsDirectory.dropLast("/Tests".count)) }

    @Test func builtInCopyIsTheCheckedInCSV() throws {
        let file = try FileBytes(path: Self.repository + "/Reference/national.csv").withBytes { String(decoding: $0, as: UTF8.self) }
        #expect(file == NationalFigures.csv, "paste Reference/national.csv into Sources/AttendCore/Reference/NationalFigures.swift")
        let t = ReferenceTable.national
        #expect(t.figures.count == file.split(separator: "\n").count - 1)
        #expect(t.figures.allSatisfy { $0.area == "England" && $0.url.hasPrefix("https://explore-education-statistics.service.gov.uk/") })
    }

    @Test func figuresAsVerified() {
        let t = ReferenceTable.national
        func value(_ year: Int, _ period: String, _ series: String, _ phase: String, _ measure: String) -> Double? {
            t.figures.first { $0.year == year && $0.period == period && $0.series == series && $0.phase == phase && $0.measure == measure }?.value
        }
        #expect(value(2023, "autumn", "census", "all", "overall") == 6.7)
        #expect(value(2023, "autumn", "census", "secondary", "overall") == 8.1)
        #expect(value(2022, "autumn", "census", "all", "authorised") == 5.4)
        #expect(value(2023, "spring", "daily", "all", "persistent") == 21.8)
        #expect(value(2023, "autumn", "census", "all", "severe") == nil)   // not verified: not in the table
    }

    @Test func strictLoadingNamesEachBadRow() {
        let text = """
        area,year,period,series,phase,measure,value,publication,url
        Northbridge,2024/25,autumn,census,all,overall,6.1,LA report,
        Northbridge,2024/26,autumn,census,all,overall,6.1,LA report,
        Northbridge,2024/25,winter,census,all,overall,6.1,LA report,
        Northbridge,2024/25,autumn,census,all,overall,6.1,LA report,
        Northbridge,2024/25,autumn,census,all,persistent,x,LA report,
        Northbridge,2024/25,autumn,census,all,severe,2.0
        """
        do {
            _ = try ReferenceTable.parse(text, file: "la.csv")
            Issue.record("a bad file loaded")
        } catch {
            let lines = error.diagnostics.map { "\($0.code) \($0.location?.description ?? "")" }
            #expect(lines == ["D603 la.csv:3", "D603 la.csv:4", "D604 la.csv:5", "D603 la.csv:6", "D602 la.csv:7"])
        }
        do {
            _ = try ReferenceTable.parse("year,value\n2024/25,6.1\n", file: "la.csv")
            Issue.record("a bad header loaded")
        } catch {
            #expect(error.diagnostics.map(\.code) == ["D601"])
        }
    }

    @Test func comparedWithALocalAuthoritysFigures() throws {
        let t = try ReferenceTable.parse("""
        area,year,period,series,phase,measure,value,publication,url
        Northbridge,2024/25,year,census,secondary,overall,6.0,Northbridge Council attendance report 2024/25,
        Northbridge,2024/25,year,census,all,persistent,18.0,Northbridge Council attendance report 2024/25,
        """, file: "la.csv")
        let session = try GoldenFile.session("demo", asOf: Day(parsing: "2026-03-20"))
        session.reference = t
        for name in ["reference", "northbridge"] {
            guard case .complete(let ss) = Parser.parse("summary compared with \(name)"), case .result(let table, _) = try session.run(ss[0]) else {
                Issue.record("no result"); return
            }
            let last = try #require(table.rows.last)
            #expect(last[0] == .text("Northbridge"))
            #expect(last[table.column(named: "rate")!] == .number(94))
            #expect(last[table.column(named: "PA %")!] == .number(18))
            #expect(table.notes.filter { $0.hasPrefix("Northbridge") }.count == 2 && table.notes.contains { $0.contains("full year 2024/25") })
        }
        // The national figures are still there beside a reference file.
        guard case .complete(let ss) = Parser.parse("summary compared with national"), case .result(let table, _) = try session.run(ss[0]) else {
            Issue.record("no result"); return
        }
        #expect(table.rows.last?[0] == .text("national"))
    }

    /// The note says which figure, which period and which publication; a window of a term
    /// takes that term's figure, a longer one the latest published term, and says so.
    @Test func notesNameEachFigure() throws {
        let session = try GoldenFile.session("demo", asOf: Day(parsing: "2026-03-20"))
        func notes(_ q: String) throws -> [String] {
            guard case .complete(let ss) = Parser.parse(q), case .result(let t, _) = try session.run(ss[0]) else { return [] }
            return t.notes.filter { $0.hasPrefix("national") }
        }
        #expect(try notes("absence by year over autumn term compared with national") == [
            "national absence autumn term: overall absence 8.1%, England secondary schools, Autumn term 2023/24, school census; Pupil absence in schools in England, Autumn term 2023/24 https://explore-education-statistics.service.gov.uk/find-statistics/pupil-absence-in-schools-in-england/2023-24-autumn-term",
        ])
        let year = try notes("summary compared with national")
        #expect(year.count == 2)
        #expect(year.allSatisfy { $0.contains("not the same period as this year (the latest published figure)") })
        #expect(year[1].hasPrefix("national PA %: persistent absence 21.8%, England all state-funded schools, Spring term 2023/24, daily attendance data"))
    }

    @Test func phaseFromSchoolConfOrYearGroups() throws {
        let r = try GoldenFile.session("demo", asOf: nil).register
        #expect(Comparison.phase(school: SchoolSettings(), register: r) == "secondary")
        #expect(Comparison.phase(school: SchoolSettings(values: ["phase": "Special"]), register: r) == "special")
        #expect(Comparison.phase(school: SchoolSettings(), register: try Fixture.workedRegister()) == "secondary")
    }
}
