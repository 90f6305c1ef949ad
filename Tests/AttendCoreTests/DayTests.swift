import Testing
@testable import AttendCore

@Suite struct DayTests {
    @Test func civilRoundTrip() {
        for n in Int32(-1000)...Int32(40000) {
            let d = Day(number: n)
            let c = d.civil
            #expect(Day(year: c.year, month: c.month, day: c.day) == d)
        }
    }

    @Test func knownDates() {
        #expect(Day(year: 1970, month: 1, day: 1)?.number == 0)
        #expect(Day(year: 2026, month: 1, day: 23)?.weekday == 5)   // Friday
        #expect(Day(year: 2025, month: 11, day: 3)?.weekday == 1)   // Monday
        #expect(Day(year: 2026, month: 1, day: 23)?.monday == Day(year: 2026, month: 1, day: 19))
        #expect(Day(year: 2026, month: 3, day: 20)?.longEnglish == "20 March 2026")
        #expect(Day(year: 2025, month: 9, day: 1)?.academicYear == 2025)
        #expect(Day(year: 2026, month: 8, day: 31)?.academicYear == 2025)
    }

    @Test func parsing() {
        #expect(Day(parsing: "2025-09-03") == Day(year: 2025, month: 9, day: 3))
        #expect(Day(parsing: "03/09/2025") == Day(year: 2025, month: 9, day: 3))
        #expect(Day(parsing: "3/9/2025") == Day(year: 2025, month: 9, day: 3))
        #expect(Day(parsing: "31/02/2026") == nil)
        #expect(Day(parsing: "2026-13-01") == nil)
        #expect(Day(parsing: "2026-02-29") == nil)
        #expect(Day(parsing: "2024-02-29") != nil)
        #expect(Day(parsing: "20260101") == nil)
        #expect(Day(parsing: "") == nil)
        #expect(Day(parsing: "ab/cd/efgh") == nil)
    }
}
