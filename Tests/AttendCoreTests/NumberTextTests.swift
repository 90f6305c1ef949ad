import Testing
@testable import AttendCore

/// ``NumberText/grouped(_:)``: the one rule for grouping digits, used by messages, tables,
/// `attend check` and the front end alike.
@Suite struct NumberTextTests {
    @Test func digitsInThrees() {
        #expect(NumberText.grouped(0) == "0")
        #expect(NumberText.grouped(999) == "999")
        #expect(NumberText.grouped(1_000) == "1,000")
        #expect(NumberText.grouped(37_890_488) == "37,890,488")
        #expect(NumberText.grouped(-1_234_567) == "-1,234,567")
        #expect(NumberText.grouped(Int.min) == "-9,223,372,036,854,775,808")
    }
}
