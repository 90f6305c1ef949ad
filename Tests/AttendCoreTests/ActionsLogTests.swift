import Testing
@testable import AttendCore

/// actions.csv read with the register's strictness (Docs/casework.md): each hostile shape is
/// refused with its code at file:line(:column), and nothing is half-read; the good shapes
/// (MIS headers, UK dates, quoted fields, a school's own words, a history before the
/// register) load.
@Suite struct ActionsLogTests {
    static let worked = try! Fixture.workedRegister()
    static let today = Fixture.day("2026-03-20")

    /// Loads `text` as actions.csv against the worked register.
    static func load(_ text: String, rules: EscalationRules = .national) -> Result<[ActionEntry], DiagnosticList> {
        var diagnostics: [Diagnostic] = []
        let loader = ActionsLoader(file: FileBytes(name: "actions.csv", bytes: Array(text.utf8)), pupils: worked.pupils, rules: rules, today: today)
        if let entries = loader.load(into: &diagnostics), diagnostics.isEmpty { return .success(entries) }
        return .failure(DiagnosticList(diagnostics))
    }

    /// The first line of each diagnostic, as rendered: `actions.csv:3:12: error[D701]: …`.
    static func refused(_ text: String, rules: EscalationRules = .national) -> [String] {
        switch load(text, rules: rules) {
        case .success(let e):
            Issue.record("loaded \(e.count) rows")
            return []
        case .failure(let list):
            return list.diagnostics.map { String(DiagnosticRenderer(color: false).render($0).split(separator: "\n")[0]) }
        }
    }

    static let header = "date,upn,action,by,note\n"

    @Test func aPlainLogLoadsInDateOrderWithItsFields() throws {
        let text = Self.header + "2026-01-12,W100000000002,notice-to-improve,DO,six weeks\n2025-09-22,W100000000002,letter,DO,\n"
        let entries = try Self.load(text).get()
        let log = ActionLog(entries: entries)
        let ben = log.entries(for: 1)
        #expect(ben.map(\.action) == [.letter, .noticeToImprove])
        #expect(ben.map(\.line) == [3, 2])
        #expect(ben[1].note == "six weeks" && ben[1].by == "DO" && ben[1].upn == "W100000000002")
    }

    @Test func misHeadersUKDatesQuotesAndSchoolWordsLoad() throws {
        var rules = EscalationRules()
        #expect(rules.read(key: "action.phone_call", value: "call") == .taken)
        let text = "\u{FEFF}Action Date,UPN,Action Type,Staff,Notes\r\n03/03/2026,W100000000003,Phone Call,JS,\"spoke to mum, \"\"will try\"\"\"\r\n"
            + "01/03/2023,W100000000003,Home Visit,FLO,history before the register\r\n"
        let entries = try Self.load(text, rules: rules).get()
        #expect(entries.map(\.action) == [.call, .homeVisit])
        #expect(entries[0].written == "Phone Call")
        #expect(entries[0].note == "spoke to mum, \"will try\"")
        #expect(entries[0].date == Fixture.day("2026-03-03"))
        #expect(entries[1].date == Fixture.day("2023-03-01"))
    }

    @Test func aHeaderOnlyOrAnEmptyLastLineLoadsNothing() throws {
        #expect(try Self.load(Self.header).get().isEmpty)
        #expect(try Self.load("date,upn,action,by,note").get().isEmpty)
        #expect(try Self.load(Self.header + "\n\n").get().isEmpty)
    }

    @Test func eachBadShapeGivesItsCodeAtFileLine() {
        let h = Self.header
        let cases: [(String, [String])] = [
            (h + "2026-01-12,W100000000002,chat,DO,\n", ["actions.csv:2:26: error[D701]: the action is not one attend knows (4 characters; not shown)"]),
            (h + "2026-01-12,W100000000002,,DO,\n", ["actions.csv:2:26: error[D701]: the action is empty"]),
            (h + "2026-01-12,W199999999999,call,DO,\n", ["actions.csv:2:12: error[D702]: action for UPN W199999999999, who is not in pupils.csv"]),
            (h + "2026-01-12,,call,DO,\n", ["actions.csv:2:12: error[D702]: the UPN is empty"]),
            (h + "31/02/2026,W100000000002,call,DO,\n", ["actions.csv:2:1: error[D202]: \"31/02/2026\" is not a valid date"]),
            (h + "12 Jan,W100000000002,call,DO,\n", ["actions.csv:2:1: error[D202]: the date is not a valid date (it is not shown: it is not digits and / or -)"]),
            (h + "2026-01-12,W100000000002,call,DO,ok\n2026-01-13,W100000000002,meet", ["actions.csv:3: error[D703]: the last line has no line end: it may have been cut short while being written, so it was not read"]),
            (h + "2027-01-12,W100000000002,call,DO,\n", ["actions.csv:2:1: error[D704]: the action is dated 2027-01-12, after today (2026-03-20): the log records what has been done"]),
            (h + "2026-01-12,W100000000002,call,DO,\"never closed\n", ["actions.csv:2: error[D022]"]),
            ("upn,action\nW100000000002,call\n", ["actions.csv:1: error[D001]: missing required column 'date'"]),
            ("date;upn;action\n2026-01-12;W100000000002;call\n", ["actions.csv:1: error[D011]"]),
            ("", ["actions.csv: error[D002]: the file is empty"]),
        ]
        for (text, expected) in cases {
            let got = Self.refused(text)
            #expect(got.count == expected.count, "\(text): \(got)")
            for (g, e) in zip(got, expected) { #expect(g.hasPrefix(e), "\(text)\n got: \(g)\nwant: \(e)") }
        }
    }

    @Test func aCutShortLastLineIsNeverHalfRead() {
        // Whatever else the file holds, the load fails: the log is not used with a row missing.
        let text = Self.header + "2026-01-12,W100000000002,call,DO,ok\n2026-01-13,W100000000002,penalty-not"
        guard case .failure(let list) = Self.load(text) else { Issue.record("loaded"); return }
        #expect(list.diagnostics.map(\.code.description) == ["D703"])
    }

    @Test func everyBadRowIsListedNotOnlyTheFirst() {
        let text = Self.header + "x,W100000000002,call,,\n2026-01-12,W1,call,,\n2026-01-12,W100000000002,nope,,\n"
        #expect(Self.refused(text).map { String($0.split(separator: " ")[0]) } == ["actions.csv:2:1:", "actions.csv:3:12:", "actions.csv:4:26:"])
    }

    @Test func aSchoolWordThatClashesOrMapsToNothingIsRefusedInSchoolConf() {
        #expect(throws: DiagnosticList.self) { try SchoolSettings.parse("action.call = meeting\n", file: "school.conf") }
        #expect(throws: DiagnosticList.self) { try SchoolSettings.parse("action.chat = natter\n", file: "school.conf") }
        #expect(throws: DiagnosticList.self) { try SchoolSettings.parse("casework.penalty_threshold_sessions = lots\n", file: "school.conf") }
        #expect(throws: DiagnosticList.self) { try SchoolSettings.parse("casework.unknown_rule = 3\n", file: "school.conf") }
        let s = try? SchoolSettings.parse("name = X\naction.Phone Call = call\ncasework.notice_to_improve_first = no\ncasework.notices_count_from = none\n", file: "school.conf")
        #expect(s?.casework.schoolWords["phone-call"] == .call)
        #expect(s?.casework.noticeToImproveFirst == false)
        #expect(s?.casework.noticesCountFrom == nil)
        #expect(s?.values["name"] == "X")
    }
}

extension ActionsLogTests {
    @Test func rowsOfOneDayKeepTheirFileOrderWhenTheLogIsSorted() throws {
        let text = Self.header + "2026-01-12,W100000000002,call,A,\n2025-09-22,W100000000002,letter,B,\n2026-01-12,W100000000002,meeting,C,\n2026-01-12,W100000000002,home-visit,D,\n"
        let log = ActionLog(entries: try Self.load(text).get())
        #expect(log.entries(for: 1).map(\.by) == ["B", "A", "C", "D"])
        // Added later, a row goes after those of its day.
        let more = log.adding(ActionEntry(date: Fixture.day("2026-01-12"), pupil: 1, upn: "W100000000002", action: .call, by: "E", note: ""))
        #expect(more.entries(for: 1).map(\.by) == ["B", "A", "C", "D", "E"])
        let earlier = more.adding(ActionEntry(date: Fixture.day("2025-10-01"), pupil: 2, upn: "W100000000003", action: .call, by: "F", note: ""))
        #expect(earlier.entries.map(\.by) == ["B", "F", "A", "C", "D", "E"])
        #expect(earlier.entries(for: 1).map(\.by) == ["B", "A", "C", "D", "E"])
    }
}
