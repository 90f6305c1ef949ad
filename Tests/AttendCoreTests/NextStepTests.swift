import Testing
@testable import AttendCore

/// The escalation rules by hand (``NextStep``; the golden file casework.test runs them on a
/// register): each branch, the three-year period's edges, withdrawals, and a local code of
/// conduct changing the national defaults in school.conf.
@Suite struct NextStepTests {
    static func e(_ date: String, _ a: ActionKind) -> ActionEntry {
        ActionEntry(date: Fixture.day(date), pupil: 0, upn: "A880007000001", action: a, by: "", note: "")
    }
    static let asOf = Fixture.day("2026-03-20")

    static func step(_ entries: [ActionEntry], _ unauthorised: Int = 12, rules: EscalationRules = .national) -> NextStep {
        NextStep.compute(entries: entries, unauthorised: unauthorised, asOf: asOf, rules: rules)
    }

    @Test func underTheThresholdMonitor() {
        let s = Self.step([Self.e("2025-11-10", .penaltyNotice)], 9)
        #expect(s.rule == .monitor)
        #expect(s.text == "monitor: 9 unauthorised sessions in last 10 weeks (threshold 10)")
    }

    @Test func aNoticeToImproveComesFirstThenItsPeriodThenAFirstNotice() {
        #expect(Self.step([]).text == "notice to improve first: 12 unauthorised sessions in last 10 weeks (threshold 10)")
        let nti = Self.step([Self.e("2026-02-10", .noticeToImprove)])
        #expect(nti.rule == .improvementPeriod)
        #expect(nti.text == "wait: notice to improve 10 Feb 2026, improvement period ends 24 Mar 2026")
        let after = Self.step([Self.e("2026-02-06", .noticeToImprove)])
        #expect(after.rule == .firstNotice)
        #expect(after.text.hasPrefix("penalty notice (first in 3 years; notice to improve 6 Feb 2026)"))
        // A notice to improve more than three years ago does not stand in for a new one.
        #expect(Self.step([Self.e("2023-03-20", .noticeToImprove)]).rule == .noticeToImproveFirst)
    }

    @Test func aSecondWithinThreeYearsIsAtTheHigherRate() {
        let s = Self.step([Self.e("2025-11-10", .penaltyNotice)])
        #expect(s.rule == .secondNotice)
        #expect(s.text.hasPrefix("penalty notice (second in 3 years: higher rate; last 10 Nov 2025)"))
    }

    @Test func aThirdWithinThreeYearsIsNotIssued() {
        let s = Self.step([Self.e("2024-09-12", .penaltyNotice), Self.e("2025-11-10", .penaltyNotice)])
        #expect(s.rule == .referToLA)
        #expect(s.text == "refer to LA: two notices since 12 Sep 2024 (no third within 3 years); 12 unauthorised sessions in last 10 weeks (threshold 10)")
        let referred = Self.step([Self.e("2024-09-12", .penaltyNotice), Self.e("2025-11-10", .penaltyNotice), Self.e("2026-01-05", .laReferral)])
        #expect(referred.rule == .withLA)
        #expect(referred.text == "with the LA: referred 5 Jan 2026 after two notices since 12 Sep 2024")
    }

    @Test func theThreeYearsEndTheDayBefore() {
        // 20 Mar 2023 is more than three years before 20 Mar 2026; 21 Mar 2023 is within.
        #expect(NextStep.periodStart(asOf: Self.asOf, years: 3) == Fixture.day("2023-03-21"))
        var rules = EscalationRules()
        rules.noticesCountFrom = nil
        #expect(Self.step([Self.e("2023-03-20", .penaltyNotice), Self.e("2025-11-10", .penaltyNotice)], rules: rules).rule == .secondNotice)
        #expect(Self.step([Self.e("2023-03-21", .penaltyNotice), Self.e("2025-11-10", .penaltyNotice)], rules: rules).rule == .referToLA)
        // 29 February: the same date three years earlier is 1 March.
        #expect(NextStep.periodStart(asOf: Fixture.day("2028-02-29"), years: 3) == Fixture.day("2025-03-02"))
    }

    @Test func aWithdrawnNoticeDoesNotCount() {
        let s = Self.step([Self.e("2025-09-01", .penaltyNotice), Self.e("2025-10-01", .penaltyNotice), Self.e("2025-10-15", .penaltyWithdrawn)])
        #expect(s.rule == .secondNotice)
        let both = Self.step([Self.e("2025-09-01", .penaltyNotice), Self.e("2025-09-05", .penaltyWithdrawn), Self.e("2025-10-01", .noticeToImprove)])
        #expect(both.rule == .firstNotice)
        // A withdrawal with no notice before it withdraws nothing later.
        #expect(NextStep.standingNotices([Self.e("2025-01-01", .penaltyWithdrawn), Self.e("2025-02-01", .penaltyNotice)], through: Self.asOf).count == 1)
    }

    @Test func noticesBeforeTheFrameworkDoNotCountByDefault() {
        let s = Self.step([Self.e("2024-08-18", .penaltyNotice), Self.e("2025-11-10", .penaltyNotice)])
        #expect(s.rule == .secondNotice)
    }

    @Test func aLocalCodeOfConductChangesTheRules() throws {
        let conf = """
        casework.penalty_threshold_sessions = 8
        casework.penalty_threshold_weeks = 6
        casework.notice_to_improve_first = no
        casework.notices_before_la = 1
        casework.notice_period_years = 2
        casework.improvement_period_weeks = 3
        """
        let rules = try SchoolSettings.parse(conf, file: "school.conf").casework
        #expect(rules.thresholdWeeks == 6 && rules.improvementPeriodWeeks == 3)
        let first = Self.step([], 8, rules: rules)
        #expect(first.rule == .firstNotice)
        #expect(first.text == "penalty notice (first in 2 years): 8 unauthorised sessions in last 6 weeks (threshold 8)")
        #expect(Self.step([Self.e("2025-11-10", .penaltyNotice)], 8, rules: rules).rule == .referToLA)
        #expect(Self.step([Self.e("2024-03-01", .penaltyNotice)], 8, rules: rules).rule == .firstNotice)
    }
}
