import Foundation
import Testing

/// `--reference FILE` and `reference = FILE` in school.conf, as a user gives them.
@Suite struct ReferenceCommandTests {
    func attend(_ args: [String], in dir: TempDir) throws -> RunOutput {
        try runProcess(try AttendBinary.require(), arguments: args, input: "", environment: ["NO_COLOR": "1"], directory: dir.url, timeout: 60)
    }

    static let header = "area,year,period,series,phase,measure,value,publication,url\n"

    @Test func referenceFileOnTheCommandLine() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        try dir.write("la.csv", Self.header + "Northbridge,2024/25,year,census,all,overall,6.5,Northbridge Council 2024/25,\n")
        let ok = try attend(["query", "summary compared with northbridge", "--demo", "--as-of", "2026-03-20", "--reference", "la.csv"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("│ Northbridge │"))
        #expect(ok.stdout.contains("93.5"))
        #expect(ok.stdout.contains("Northbridge rate: overall absence 6.5% (attendance 93.5%), Northbridge all state-funded schools, full year 2024/25, school census"))
        try dir.write("bad.csv", Self.header + "Northbridge,2024/25,year,census,all,overall,six,Northbridge Council 2024/25,\n")
        let bad = try attend(["query", "summary", "--demo", "--reference", "bad.csv"], in: dir)
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("bad.csv:2: error[D603]: value `six` is not a percentage from 0 to 100"))
        let missing = try attend(["query", "summary", "--demo", "--reference", "none.csv"], in: dir)
        #expect(missing.status == 74, "\(missing.stderr)")
    }

    @Test func referenceFromSchoolConf() throws {
        let dir = try TempDir()
        defer { dir.cleanUp() }
        #expect(try attend(["demo", "reg", "--pupils", "60"], in: dir).status == 0)
        let conf = try #require(dir.read("reg/school.conf"))
        try dir.write("reg/school.conf", conf + "reference = la.csv\nphase = special\n")
        try dir.write("reg/la.csv", Self.header + "Northbridge,2024/25,year,census,all,overall,6.5,Northbridge Council 2024/25,\n")
        let out = try attend(["query", "summary compared with reference", "--data", "reg"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("│ Northbridge │"))
        // phase = special: the national figure is the special schools'.
        let national = try attend(["query", "summary over autumn term compared with national", "--data", "reg"], in: dir)
        #expect(national.stdout.contains("England special schools, Autumn term 2023/24"), "\(national.stdout)")
    }
}
