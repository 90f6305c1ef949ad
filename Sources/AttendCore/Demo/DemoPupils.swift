/// Scripted pupils: each one pins a pattern the query language must find, so every
/// register of a few hundred pupils or more has all of them whatever the seed. The
/// other pupils get random profiles.
enum DemoRole: UInt8, Sendable, CaseIterable {
    case none
    // year 7
    case mondayFriday, perfect, joinerZ, illnessLong, chronicLate, partTimeEHCP, accessQ
    // year 8
    case holidayStraddle, dualRegistered, leaverAutumn, suspension, streakAcrossBreak, illnessCumulative,
         performerC1, publicHealthY6
    // year 9
    case streak, severe, joinerNoZ, penalty10, penalty11, penalty9, unresolvedN, exceptionalC,
         transportY1, travellerT
    // year 10
    case callingList1, callingList3, partTimeSummer, detentionY5, laProvisionK, mondays
    // year 11
    case interviewJ1, severeRefuser, leaverSpring, religiousR, unavoidableY7, otherApprovedB, noMark
    // year 12
    case sixthFormX, sportP, perfect2
    // year 13
    case sixthFormX2, interviewJ1Sixth, otherApprovedB2

    static let byYear: [Int: [DemoRole]] = [
        7: [.mondayFriday, .perfect, .joinerZ, .illnessLong, .chronicLate, .partTimeEHCP, .accessQ],
        8: [.holidayStraddle, .dualRegistered, .leaverAutumn, .suspension, .streakAcrossBreak, .illnessCumulative,
            .performerC1, .publicHealthY6],
        9: [.streak, .severe, .joinerNoZ, .penalty10, .penalty11, .penalty9, .unresolvedN, .exceptionalC,
            .transportY1, .travellerT],
        10: [.callingList1, .callingList3, .partTimeSummer, .detentionY5, .laProvisionK, .mondays],
        11: [.interviewJ1, .severeRefuser, .leaverSpring, .religiousR, .unavoidableY7, .otherApprovedB, .noMark],
        12: [.sixthFormX, .sportP, .perfect2],
        13: [.sixthFormX2, .interviewJ1Sixth, .otherApprovedB2],
    ]

    var pattern: String {
        switch self {
        case .none: return ""
        case .mondayFriday: return "O on most Mondays and Fridays from Autumn 2 (persistent absence); two old N codes never resolved"
        case .perfect, .perfect2: return "100% attendance: no absence and no lateness"
        case .illnessLong: return "I for 18 consecutive school days from the second week of Autumn 2 (tell the LA: 15+ days)"
        case .chronicLate: return "late most mornings: L (1-30 minutes) and U (31-90 minutes)"
        case .partTimeEHCP: return "EHC plan; part-time timetable: C2 every afternoon of Spring 1"
        case .accessQ: return "EHC plan; Q for the first three days of Autumn (no transport arranged yet)"
        case .holidayStraddle: return "G holiday of five school days straddling the February half-term break"
        case .dualRegistered: return "dual registered: D every Thursday (not counted)"
        case .leaverAutumn: return "leaver: left on the last day of the Autumn term (no marks after)"
        case .suspension: return "suspended: E for 3 days in Spring 1 and 2 days in Summer 1; some O"
        case .streakAcrossBreak: return "O for 12 school days running across the October half-term break and the INSET day after it"
        case .illnessCumulative: return "I in six short spells of 3 days (18 days cumulative, never more than 3 in a row)"
        case .performerC1: return "C1 (regulated performance) on three days in December"
        case .publicHealthY6: return "Y6 (public health guidance) for three days in Autumn 1"
        case .streak: return "O for 12 school days running in Spring 2 (across the mid-term INSET day): tell the LA"
        case .severe: return "severe absence (about 60%), mostly O; no contact e-mail"
        case .joinerZ: return "joiner: admitted on the first day of Spring 2, Z marks through Spring 1 before admission"
        case .joinerNoZ: return "joiner: admitted in the second week of Spring 1, no rows before admission"
        case .penalty10: return "exactly 10 unauthorised sessions in the last 10 school weeks (G 4 days + O 1 day)"
        case .penalty11: return "11 unauthorised sessions in the last 10 school weeks (G 5 days + one U)"
        case .penalty9: return "9 unauthorised sessions in the last 10 school weeks (O 4 days + one U): just under"
        case .unresolvedN: return "N codes left unresolved about four weeks before the last day and in Spring 1"
        case .exceptionalC: return "C (exceptional leave) for 3 days in Autumn 2"
        case .transportY1: return "Y1 (transport not available) on 2 days in Spring 2; Y2 the morning after the snow day"
        case .travellerT: return "T (parent travelling for work) for 8 school days in Summer 1"
        case .callingList1: return "N both sessions on the last day (first-day calling list)"
        case .callingList3: return "N on each of the last three days"
        case .partTimeSummer: return "EHC plan; part-time timetable: C2 every afternoon of Summer 2 (rate falls from Summer 1)"
        case .detentionY5: return "Y5 (criminal justice detention) for 5 school days in Spring 2"
        case .laProvisionK: return "EHC plan; K (LA-arranged provision) every Tuesday and Wednesday from Autumn 2"
        case .mondays: return "O every Monday of the Summer term (a Monday pattern, not persistent)"
        case .interviewJ1: return "J1 (college interview) one morning in Spring 1"
        case .severeRefuser: return "severe absence (about 80%): long runs of O"
        case .leaverSpring: return "leaver: left in the middle of Spring 2"
        case .religiousR: return "R (religious observance) on two days"
        case .unavoidableY7: return "Y7 (other unavoidable cause) on one day"
        case .otherApprovedB, .otherApprovedB2: return "B (other approved activity) on three sessions"
        case .noMark: return "three sessions with no mark recorded (-)"
        case .sixthFormX: return "sixth form: X every Friday afternoon (not required to attend)"
        case .sixthFormX2: return "sixth form: X every Wednesday afternoon (not required to attend)"
        case .sportP: return "P (supervised sport) on five Wednesday afternoons"
        case .interviewJ1Sixth: return "J1 (university interview) one day in Autumn 2"
        }
    }
}

/// One pupil of the demo register (one enrolment).
struct DemoPupil: Sendable {
    var index: Int
    var year: Int
    var form: Int              // 0 = A
    var female: Bool
    var dob: Day
    var send: UInt8            // ASCII N, K or E
    var fsm: Bool
    var pp: Bool
    var eal: Bool
    var farAway: Bool          // marked Y2 on the day after the snow day
    var admitted: Day
    var left: Day?
    /// School-day indices: first row (earlier when Z marks precede admission), first day on
    /// roll, last day on roll.
    var firstRow: Int
    var admit: Int
    var leave: Int
    var role: DemoRole
    var emptyEmail: Bool
    var forename: String
    var surname: String

    var isJoiner: Bool { admit > 0 }
    var isLeaver: Bool { left != nil }
}

/// Everything fixed before marks are drawn: calendar, pupils, whole-school events.
struct DemoPlan: Sendable {
    let options: DemoOptions
    let calendar: DemoCalendar
    let pupils: [DemoPupil]
    let formsPerYear: [Int: Int]
    let weeks: [Range<Int>]
    /// Whole forms on educational visits: (year, form, school-day index), both sessions `V`.
    let trips: [(year: Int, form: Int, day: Int)]
    /// Part of the premises closed for one form one afternoon: `Y3`.
    let premisesClosed: (year: Int, form: Int, day: Int)
    /// Morning after the snow day: `Y2` for pupils who live far away (nil if none).
    let travelDisruption: Int?
    /// Work experience week for year 10 (`W`) and study leave week for years 11 and 13 (`S`).
    let workExperience: Range<Int>
    let studyLeave: Range<Int>
    /// A religious festival day (`R` for some pupils).
    let festival: Int
    /// First school-day index of the last 10 school weeks of the register.
    let lastTenWeeks: Int

    static let yearWeights: [(year: Int, perMille: Int)] = [(7, 165), (8, 165), (9, 165), (10, 165), (11, 165), (12, 95), (13, 80)]

    init(_ options: DemoOptions) {
        self.options = options
        let cal = DemoCalendar(academicYear: options.academicYear)
        calendar = cal
        let weeks = cal.weeks()
        self.weeks = weeks
        let n = max(0, options.pupils)
        let seed = options.seed
        let dayCount = cal.schoolDays.count

        // Year groups: contiguous blocks of pupil indices.
        var counts = DemoPlan.yearWeights.map { n * $0.perMille / 1000 }
        var rest = n - counts.reduce(0, +)
        var k = 0
        while rest > 0 { counts[k % counts.count] += 1; rest -= 1; k += 1 }
        var forms: [Int: Int] = [:]
        var yearStart: [Int: Int] = [:]
        var start = 0
        for (i, (year, _)) in DemoPlan.yearWeights.enumerated() {
            let c = counts[i]
            forms[year] = year <= 11 ? min(5, max(1, c / 20)) : min(3, max(1, c / 15))
            yearStart[year] = start
            start += c
        }
        formsPerYear = forms

        // Scripted roles at spread positions inside each year (the first at offset 20, so
        // that pupil A880007000021 of the language examples has a story).
        var roleAt: [Int: DemoRole] = [:]
        for (i, (year, _)) in DemoPlan.yearWeights.enumerated() {
            let c = counts[i]
            guard c > 0, let roles = DemoRole.byYear[year] else { continue }
            let step = max(1, c / roles.count)
            for (j, role) in roles.enumerated() where j < c {
                roleAt[yearStart[year]! + (20 + j * step) % c] = role
            }
        }
        let showcase: [(Bool, String, String)] = [
            (true, "Zoë", "O'Brien"), (false, "Łukasz", "Wiśniewski"), (true, "Aoife", "Ní Bhriain"),
            (false, "José", "García"), (false, "Minh", "Nguyễn"), (false, "Harry", "Smith-Jones"),
            (false, "Jayden", DemoNames.commaSurname), (true, DemoNames.quotedForename, "Taylor"),
            (true, "Siobhán", "Ó Súilleabháin"), (true, "Chloé", "d'Souza"),
        ]
        let roleOrdinal = Dictionary(uniqueKeysWithValues: DemoRole.allCases.enumerated().map { ($1, $0) })

        // Normal admission: the first day of the autumn term the pupil joined the school.
        var intake: [Int: Day] = [:]
        for year in 7...13 {
            let joined = year <= 11 ? options.academicYear - (year - 7) : options.academicYear - (year - 12)
            intake[year] = DemoCalendar(academicYear: min(max(joined, DemoCalendar.supportedYears.lowerBound),
                                                         DemoCalendar.supportedYears.upperBound)).firstDay
        }

        func firstOpen(in week: Range<Int>) -> Int {
            for d in week where cal.closed[d] == 0 { return d }
            return week.lowerBound
        }

        var pupils: [DemoPupil] = []
        pupils.reserveCapacity(n)
        var yi = 0
        for i in 0..<n {
            while yi + 1 < counts.count && i >= yearStart[DemoPlan.yearWeights[yi + 1].year]! { yi += 1 }
            let year = DemoPlan.yearWeights[yi].year
            let c = counts[yi]
            var rng = DemoRandom(seed: seed, stream: .pupil, index: i)
            let role = roleAt[i] ?? .none
            var female = rng.chance(0.5)
            var forename: String
            var surname: String
            if role != .none, let o = roleOrdinal[role], o - 1 < showcase.count {
                (female, forename, surname) = showcase[o - 1]
            } else {
                forename = female ? rng.pick(DemoNames.femaleForenames) : rng.pick(DemoNames.maleForenames)
                if female && rng.below(400) == 0 { forename = DemoNames.quotedForename }
                surname = rng.below(300) == 0 ? DemoNames.commaSurname : rng.pick(DemoNames.surnames)
            }
            let dobStart = Day(year: options.academicYear - year - 5, month: 9, day: 1)!
            let dob = dobStart.advanced(by: rng.below(365))
            let s = rng.below(100)
            var send: UInt8 = s < 85 ? 78 : (s < 97 ? 75 : 69)   // N K E
            var fsm = rng.chance(0.24)
            let pp = fsm || rng.chance(0.07)
            let eal = rng.chance(0.18)
            var farAway = rng.chance(0.06)
            var emptyEmail = rng.chance(0.04)
            var admit = 0, leave = dayCount - 1, firstRow = 0
            var admitted = intake[year]!
            var left: Day? = nil
            let u = rng.unit()

            switch role {
            case .none:
                if u < 0.03, weeks.count > 8 {
                    admit = firstOpen(in: weeks[rng.int(3...(weeks.count - 5))])
                    // Some schools mark a prospective pupil Z for a few weeks before admission.
                    firstRow = rng.chance(0.5) ? max(0, admit - rng.int(5...15)) : admit
                } else if u < 0.06, weeks.count > 6 {
                    let w = weeks[rng.int(2...(weeks.count - 4))]
                    leave = rng.chance(0.6) ? w.upperBound - 1 : rng.int(w.lowerBound...(w.upperBound - 1))
                }
            case .joinerZ:
                admit = cal.halfStart[3]; firstRow = cal.halfStart[2]
            case .joinerNoZ:
                let w = weeks.firstIndex { $0.contains(cal.halfStart[2]) }!
                admit = firstOpen(in: weeks[w + 1]); firstRow = admit
            case .leaverAutumn:
                leave = cal.halfEnd[1]
            case .leaverSpring:
                leave = min(cal.halfStart[3] + 12, cal.halfEnd[3])
            case .partTimeEHCP, .partTimeSummer, .accessQ, .laProvisionK:
                send = 69
            case .dualRegistered:
                send = 75
            case .transportY1:
                farAway = true
            case .severe, .severeRefuser:
                fsm = true; emptyEmail = true
            case .mondayFriday:
                fsm = true
            case .perfect, .perfect2:
                emptyEmail = false
            default:
                break
            }
            if admit > 0 { admitted = cal.schoolDays[admit] }
            if leave < dayCount - 1 { left = cal.schoolDays[leave] }
            pupils.append(DemoPupil(
                index: i, year: year, form: (i - yearStart[year]!) * forms[year]! / max(1, c),
                female: female, dob: dob, send: send, fsm: fsm, pp: pp || fsm, eal: eal, farAway: farAway,
                admitted: admitted, left: left, firstRow: firstRow, admit: admit, leave: leave,
                role: role, emptyEmail: emptyEmail, forename: forename, surname: surname))
        }
        self.pupils = pupils

        // Whole-school events.
        var rng = DemoRandom(seed: seed, stream: .school)
        func openDay(inHalf h: Int) -> Int {
            for _ in 0..<50 {
                let d = rng.int(cal.halfStart[h]...cal.halfEnd[h])
                if cal.closed[d] == 0 { return d }
            }
            return cal.halfStart[h] + 1
        }
        let lowerYears = (7...11).filter { counts[$0 - 7] > 0 }
        var trips: [(year: Int, form: Int, day: Int)] = []
        for h in [1, 3, 4] where !lowerYears.isEmpty {
            let y = rng.pick(lowerYears)
            trips.append((y, rng.below(forms[y]!), openDay(inHalf: h)))
        }
        self.trips = trips
        let y3Year = lowerYears.isEmpty ? 7 : rng.pick(lowerYears)
        premisesClosed = (y3Year, rng.below(forms[y3Year] ?? 1), openDay(inHalf: 4))
        let snow = cal.closed.firstIndex(of: 2)!
        travelDisruption = snow + 1 < dayCount && cal.closed[snow + 1] == 0
            && cal.halfOf[snow + 1] == cal.halfOf[snow] ? snow + 1 : nil
        let summer2Weeks = weeks.filter { cal.halfOf[$0.lowerBound] == 5 }
        workExperience = summer2Weeks[min(3, summer2Weeks.count - 1)]
        let summer1Weeks = weeks.filter { cal.halfOf[$0.lowerBound] == 4 && cal.halfOf[$0.upperBound - 1] == 4 }
        studyLeave = summer1Weeks[summer1Weeks.count - 1]
        festival = openDay(inHalf: 3)
        lastTenWeeks = weeks[max(0, weeks.count - 10)].lowerBound
    }

    /// The 13-character UPN of pupil `i`: `A880007` and a 6-digit serial from i + 1
    /// (A880007000001, A880007000002, …), wider serials carrying into the digits before.
    static func upn(_ i: Int) -> [UInt8] {
        var out = [UInt8](repeating: 48, count: 13)
        out[0] = 65
        var v = 880_007_000_000 + i + 1
        var p = 12
        while p >= 1 { out[p] = UInt8(48 + v % 10); v /= 10; p -= 1 }
        return out
    }
}
