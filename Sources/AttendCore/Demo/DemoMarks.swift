/// Mark codes as small numbers while a pupil's year is drawn.
enum DemoMark {
    static let none: UInt8 = 0        // no row (not on roll)
    static let present: UInt8 = 1     // `/` in the morning, `\` in the afternoon
    static let L: UInt8 = 2
    static let K: UInt8 = 3, V: UInt8 = 4, P: UInt8 = 5, W: UInt8 = 6, B: UInt8 = 7, D: UInt8 = 8
    static let C1: UInt8 = 9, M: UInt8 = 10, J1: UInt8 = 11, S: UInt8 = 12, X: UInt8 = 13, C2: UInt8 = 14
    static let C: UInt8 = 15, T: UInt8 = 16, R: UInt8 = 17, I: UInt8 = 18, E: UInt8 = 19
    static let Q: UInt8 = 20, Y1: UInt8 = 21, Y2: UInt8 = 22, Y3: UInt8 = 23, Y4: UInt8 = 24
    static let Y5: UInt8 = 25, Y6: UInt8 = 26, Y7: UInt8 = 27
    static let G: UInt8 = 28, N: UInt8 = 29, O: UInt8 = 30, U: UInt8 = 31
    static let Z: UInt8 = 32, closure: UInt8 = 33, missing: UInt8 = 34

    /// The text of each code (index 1 is the morning form; afternoon present is `\`).
    static let text: [String] = ["", "/", "L", "K", "V", "P", "W", "B", "D", "C1", "M", "J1", "S", "X", "C2",
                                 "C", "T", "R", "I", "E", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7",
                                 "G", "N", "O", "U", "Z", "#", "-"]

    /// Authorised or unauthorised absence (counts against the pupil).
    @inline(__always)
    static func isAbsence(_ c: UInt8) -> Bool {
        (c >= C1 && c <= E && c != X) || (c >= G && c <= U)
    }
}

/// How absent a randomly drawn pupil is over the year.
enum DemoProfile {
    case perfect, low, persistent, severe
}

/// Draws one pupil's year of marks into `codes` / `minutes` (two entries per school day:
/// morning, afternoon).
struct DemoMarkDrawer {
    let plan: DemoPlan
    let closed: [UInt8]
    let dayCount: Int
    let codes: UnsafeMutablePointer<UInt8>
    let minutes: UnsafeMutablePointer<UInt8>
    var rng: DemoRandom
    var admit = 0
    var leave = 0
    var absent = 0

    init(plan: DemoPlan, codes: UnsafeMutablePointer<UInt8>, minutes: UnsafeMutablePointer<UInt8>) {
        self.plan = plan
        closed = plan.calendar.closed
        dayCount = plan.calendar.schoolDays.count
        self.codes = codes
        self.minutes = minutes
        rng = DemoRandom(seed: 0, stream: .marks)
    }

    // MARK: primitives

    @inline(__always) func isFree(_ s: Int) -> Bool { codes[s] == DemoMark.present }
    @inline(__always) func dayFree(_ d: Int) -> Bool { codes[2 * d] == DemoMark.present && codes[2 * d + 1] == DemoMark.present }
    @inline(__always) func weekday(_ d: Int) -> Int { plan.calendar.schoolDays[d].weekday }
    @inline(__always) func onRollOpen(_ d: Int) -> Bool { d >= admit && d <= leave && closed[d] == 0 }

    /// Sets session `s` to `code` if it is present (or, with `force`, anything the pupil can
    /// be marked with on an open day). Keeps the absence count.
    @inline(__always) @discardableResult
    mutating func set(_ s: Int, _ code: UInt8, force: Bool = false) -> Bool {
        let old = codes[s]
        guard old == DemoMark.present || (force && old != DemoMark.none && old != DemoMark.Z
                                          && old != DemoMark.closure && old != DemoMark.Y4) else { return false }
        if DemoMark.isAbsence(old) { absent -= 1 }
        if DemoMark.isAbsence(code) { absent += 1 }
        codes[s] = code
        minutes[s] = 0
        return true
    }

    @discardableResult
    mutating func setDay(_ d: Int, _ code: UInt8, force: Bool = false) -> Bool {
        guard d >= 0, d < dayCount, force || dayFree(d) else { return false }
        let a = set(2 * d, code, force: force)
        let b = set(2 * d + 1, code, force: force)
        return a || b
    }

    /// `code` on `days` consecutive open school days from `from` (closures are stepped over:
    /// they neither end nor count), stopping at the leaving date. Returns days marked.
    @discardableResult
    mutating func run(from: Int, days: Int, _ code: UInt8, force: Bool = false) -> Int {
        var d = max(from, admit), n = 0
        while n < days && d <= leave {
            if closed[d] == 0 {
                if setDay(d, code, force: force) { n += 1 } else if !force { break }
            }
            d += 1
        }
        return n
    }

    /// A random open school day while on roll (nil when none is found quickly).
    mutating func randomDay(in range: ClosedRange<Int>? = nil) -> Int? {
        let lo = max(range?.lowerBound ?? 0, admit), hi = min(range?.upperBound ?? dayCount - 1, leave)
        guard lo <= hi else { return nil }
        for _ in 0..<12 {
            let d = rng.int(lo...hi)
            if closed[d] == 0 { return d }
        }
        return nil
    }

    /// Every open day with weekday `w` (1 = Monday) in `range`, with probability `p`.
    mutating func weekly(_ w: Int, _ range: ClosedRange<Int>, session: Int?, _ code: UInt8, p: Double = 1, force: Bool = false) {
        var d = max(range.lowerBound, admit)
        let hi = min(range.upperBound, leave)
        while d <= hi {
            if closed[d] == 0 && weekday(d) == w && (p >= 1 || rng.chance(p)) {
                if let session { set(2 * d + session, code, force: force) } else { setDay(d, code, force: force) }
            }
            d += 1
        }
    }

    /// The `k`-th last open school day of half-term `h` (k = 1: the last).
    func lastOpen(ofHalf h: Int, _ k: Int) -> Int {
        var d = plan.calendar.halfEnd[h], seen = 0
        while d > plan.calendar.halfStart[h] {
            if closed[d] == 0 { seen += 1; if seen == k { return d } }
            d -= 1
        }
        return d
    }

    func week(_ i: Int) -> Range<Int> { plan.weeks[max(0, min(i, plan.weeks.count - 1))] }
    func weekIndex(of d: Int) -> Int { plan.weeks.firstIndex { $0.contains(d) } ?? 0 }

    /// Session count that can be possible (not closed, on roll, present so far).
    func possible() -> Int {
        var n = 0
        var s = 2 * admit
        while s <= 2 * leave + 1 {
            let c = codes[s]
            if c == DemoMark.present || DemoMark.isAbsence(c) || (c >= DemoMark.L && c <= DemoMark.B) { n += 1 }
            s += 1
        }
        return n
    }

    // MARK: one pupil

    mutating func draw(_ p: DemoPupil) {
        rng = DemoRandom(seed: plan.options.seed, stream: .marks, index: p.index)
        admit = p.admit
        leave = p.leave
        absent = 0
        for d in 0..<dayCount {
            let code: UInt8
            if d > leave || d < p.firstRow { code = DemoMark.none }
            else if closed[d] == 1 { code = DemoMark.closure }
            else if closed[d] == 2 { code = DemoMark.Y4 }
            else if d < admit { code = DemoMark.Z }
            else { code = DemoMark.present }
            codes[2 * d] = code
            codes[2 * d + 1] = code
            minutes[2 * d] = 0
            minutes[2 * d + 1] = 0
        }
        guard admit <= leave else { return }
        if p.role == .none { drawRandom(p) } else { drawRole(p) }
    }

    // MARK: random pupils

    mutating func drawRandom(_ p: DemoPupil) {
        // Profile: poorer attendance is likelier with FSM and SEND, as in national figures.
        var m = 1.0
        if p.fsm { m += 0.8 }
        if p.send == 75 { m += 0.4 } else if p.send == 69 { m += 0.6 }
        let severeP = 0.005 * m, highP = 0.012 * m, paP = 0.08 * m
        let u = rng.unit()
        let rest = 1 - severeP - highP - paP
        let profile: DemoProfile
        let rate: Double
        if u < severeP { profile = .severe; rate = rng.uniform(0.50, 0.90) }
        else if u < severeP + highP { profile = .persistent; rate = rng.uniform(0.30, 0.49) }
        else if u < severeP + highP + paP { profile = .persistent; rate = rng.chance(0.6) ? rng.uniform(0.10, 0.16) : rng.uniform(0.16, 0.30) }
        else {
            let v = (u - severeP - highP - paP) / rest
            if v < 0.05 { profile = .perfect; rate = 0 }
            else if v < 0.57 { profile = .low; rate = rng.uniform(0.003, 0.03) }
            else if v < 0.88 { profile = .low; rate = rng.uniform(0.03, 0.07) }
            else { profile = .low; rate = rng.uniform(0.07, 0.10) }
        }
        let cal = plan.calendar
        let last = dayCount - 1

        // Timetable features that change what is possible.
        if rng.chance(0.004) {                                   // dual registration
            weekly(rng.int(1...5), cal.halfStart[rng.below(4)]...last, session: nil, DemoMark.D)
        }
        if rng.chance(p.send == 69 ? 0.03 : 0.003) {            // LA-arranged provision
            let from = cal.halfStart[rng.below(4)]
            weekly(rng.int(1...5), from...last, session: nil, DemoMark.K)
            if rng.chance(0.5) { weekly(rng.int(1...5), from...last, session: nil, DemoMark.K) }
        }
        if p.year >= 12 && rng.chance(0.08) {                     // sixth form: not required
            weekly(rng.int(1...5), 0...last, session: 1, DemoMark.X)
        }
        if profile != .perfect && rng.chance(p.send == 69 ? 0.06 : (p.send == 75 ? 0.015 : 0.004)) {
            let w0 = rng.below(plan.weeks.count)
            let w1 = min(plan.weeks.count - 1, w0 + rng.int(2...7))
            for d in week(w0).lowerBound..<week(w1).upperBound where onRollOpen(d) { set(2 * d + 1, DemoMark.C2, force: true) }
        }
        guard profile != .perfect else { schoolWide(p, exemptStudy: true); return }
        let budget = Int((rate * Double(possible())).rounded())

        // Holidays in term time.
        let holidayP: Double = profile == .severe ? 0.1 : (profile == .persistent ? 0.25 : (rate < 0.03 ? 0.03 : 0.1))
        if rng.chance(holidayP) { holiday(long: rng.chance(0.15)) }
        // Occasional events, whatever the profile.
        if rng.chance(0.03), let d = randomDay() { run(from: d, days: rng.int(1...3), DemoMark.C) }
        let eP = profile == .severe ? 0.15 : (profile == .persistent ? 0.08 : 0.01)
        if rng.chance(eP), let d = randomDay() {
            run(from: d, days: rng.int(1...5), DemoMark.E)
            if rng.chance(0.3), let d2 = randomDay() { run(from: d2, days: rng.int(1...3), DemoMark.E) }
        }
        if rng.chance(0.006), let d = randomDay() { run(from: d, days: rng.int(15...25), DemoMark.I) }
        if rng.chance(p.eal ? 0.08 : 0.02) {
            setDay(plan.festival, DemoMark.R)
            if rng.chance(0.3), let d = randomDay() { setDay(d, DemoMark.R) }
        }
        if rng.chance(0.002), let d = randomDay() { run(from: d, days: rng.int(3...10), DemoMark.T) }
        if rng.chance(0.0015) { for _ in 0..<rng.int(2...6) { if let d = randomDay() { set(2 * d + rng.below(2), DemoMark.C1) } } }
        if (p.year == 11 || p.year == 13) && rng.chance(0.2), let d = randomDay(in: cal.halfStart[1]...cal.halfEnd[3]) {
            set(2 * d, DemoMark.J1)
        }
        if rng.chance(0.06) { for _ in 0..<rng.int(1...4) { if let d = randomDay() { set(2 * d + 1, DemoMark.P) } } }
        if rng.chance(0.01) { for _ in 0..<rng.int(1...3) { if let d = randomDay() { set(2 * d + rng.below(2), DemoMark.B) } } }
        if rng.chance(p.send == 69 ? 0.03 : 0.001), let d = randomDay() { run(from: d, days: rng.int(1...3), DemoMark.Q) }
        if rng.chance(0.004), let d = randomDay() { run(from: d, days: rng.int(1...2), DemoMark.Y1) }
        if rng.chance(0.0004), let d = randomDay() { run(from: d, days: rng.int(3...10), DemoMark.Y5) }
        if rng.chance(0.003), let d = randomDay() { run(from: d, days: rng.int(2...5), DemoMark.Y6) }
        if rng.chance(0.004), let d = randomDay() { setDay(d, DemoMark.Y7) }

        // Monday / Friday patterns.
        if profile != .low && rng.chance(profile == .severe ? 0.2 : 0.3) {
            let from = cal.halfStart[rng.below(4)]
            let which = rng.below(100)
            let pr = rng.uniform(0.35, 0.7)
            if which < 65 { weekly(1, from...last, session: nil, DemoMark.O, p: pr) }
            if which >= 40 { weekly(5, from...last, session: nil, DemoMark.O, p: pr) }
        }

        fill(to: budget, profile)
        schoolWide(p, exemptStudy: false)
        lateness(rate: lateRate(), uShare: profile == .low ? 0.04 : 0.25)
        endOfRegister()
        if rng.chance(0.004), let d = randomDay() { set(2 * d + rng.below(2), DemoMark.missing) }
    }

    mutating func lateRate() -> Double {
        let r = rng.below(100)
        return r < 65 ? 0.004 : (r < 88 ? 0.025 : (r < 97 ? 0.08 : 0.2))
    }

    /// A term-time holiday `G`: a whole week, or straddling a half-term break.
    mutating func holiday(long: Bool) {
        if rng.chance(0.5) && !long {
            for _ in 0..<6 {
                let w = week(rng.below(plan.weeks.count))
                if w.count == 5 && w.lowerBound >= admit && w.upperBound - 1 <= leave {
                    for d in w { setDay(d, DemoMark.G) }
                    return
                }
            }
        }
        let brk = rng.below(5)                                    // break after half-term brk
        let before = rng.int(1...3)
        let start = lastOpen(ofHalf: brk, before)
        run(from: start, days: long ? rng.int(8...10) : 5, DemoMark.G)
    }

    /// Adds absence events until `budget` absent sessions are reached.
    mutating func fill(to budget: Int, _ profile: DemoProfile) {
        var attempts = 0
        while absent < budget && attempts < 600 {
            attempts += 1
            let remaining = budget - absent
            let maxDays = max(1, (remaining + 1) / 2)
            guard let d = randomDay() else { return }
            let kind: Int
            switch profile {
            case .severe: kind = [5, 2, 0, 6, 2][min(4, rng.weighted([40, 25, 15, 15, 5]))]
            case .persistent: kind = [0, 1, 2, 3, 4, 9, 7][rng.weighted([26, 5, 28, 12, 6, 8, 8])]
            default: kind = [0, 1, 2, 3, 8, 7][rng.weighted([55, 20, 8, 6, 3, 8])]
            }
            switch kind {
            case 0:                                             // illness spell
                let len = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5][rng.below(11)]
                run(from: d, days: min(len, maxDays), DemoMark.I)
            case 1:                                             // appointment
                set(2 * d + rng.below(2), DemoMark.M)
            case 2:                                             // unauthorised day
                setDay(d, DemoMark.O)
            case 3:                                             // unauthorised session
                set(2 * d + rng.below(2), DemoMark.O)
            case 4:                                             // late after the register closed
                if set(2 * d, DemoMark.U) { minutes[2 * d] = UInt8(rng.int(31...90)) }
            case 5:                                             // run of unauthorised days
                run(from: d, days: min(rng.int(2...10), maxDays), DemoMark.O)
            case 9:                                             // a short run of unauthorised days
                run(from: d, days: min(rng.int(2...4), maxDays), DemoMark.O)
            case 6:                                             // a whole week away
                let w = week(weekIndex(of: d))
                for x in w where x >= admit && x <= leave && closed[x] == 0 { setDay(x, DemoMark.O) }
            case 7:                                             // went home ill
                set(2 * d + 1, DemoMark.I)
            default:                                            // exceptional leave
                setDay(d, DemoMark.C)
            }
        }
    }

    /// Lateness on present mornings: `L` (1-30 minutes) or `U` (31-90 minutes).
    mutating func lateness(rate: Double, uShare: Double) {
        var d = admit
        while d <= leave {
            let s = 2 * d
            if codes[s] == DemoMark.present && rng.chance(rate) {
                if rng.chance(uShare) {
                    set(s, DemoMark.U)
                    minutes[s] = UInt8(rng.int(31...90))
                } else {
                    codes[s] = DemoMark.L
                    minutes[s] = UInt8(1 + rng.below(30) * rng.below(30) / 29)
                }
            }
            d += 1
        }
    }

    /// Absence in the last days of the register is still `N` (reason not yet established);
    /// a few `N` codes elsewhere were never resolved.
    mutating func endOfRegister() {
        let last = dayCount - 1
        guard leave == last else { return }
        for d in max(admit, last - 1)...last {
            let p = d == last ? 0.2 : 0.05
            for s in (2 * d)...(2 * d + 1) where (codes[s] == DemoMark.O || codes[s] == DemoMark.I) && rng.chance(p) {
                codes[s] = DemoMark.N
            }
        }
        if rng.chance(0.008) { setDay(last, DemoMark.N) }
        if rng.chance(0.004) { setDay(last - 1, DemoMark.N); setDay(last, DemoMark.N) }
        if rng.chance(0.006), let d = randomDay(in: 0...(last - 7)) {
            set(2 * d, DemoMark.N)
            if rng.chance(0.5) { set(2 * d + 1, DemoMark.N) }
        }
    }

    /// Trips, work experience, study leave and partial closures: they replace present marks.
    mutating func schoolWide(_ p: DemoPupil, exemptStudy: Bool) {
        for t in plan.trips where t.year == p.year && t.form == p.form && onRollOpen(t.day) {
            set(2 * t.day, DemoMark.V); set(2 * t.day + 1, DemoMark.V)
        }
        if p.year == 10 { for d in plan.workExperience where onRollOpen(d) { setDay(d, DemoMark.W) } }
        if (p.year == 11 || p.year == 13) && !exemptStudy {
            for d in plan.studyLeave where onRollOpen(d) { setDay(d, DemoMark.S) }
        }
        let y3 = plan.premisesClosed
        if y3.year == p.year && y3.form == p.form && onRollOpen(y3.day) { set(2 * y3.day + 1, DemoMark.Y3) }
        if p.farAway, let d = plan.travelDisruption, onRollOpen(d) { set(2 * d, DemoMark.Y2) }
    }

    // MARK: scripted pupils

    /// A light background for scripted pupils: short illnesses and appointments (authorised
    /// only, so the scripted unauthorised counts stay exact), occasional `L`.
    mutating func background(spells: Int) {
        for _ in 0..<spells {
            guard let d = randomDay() else { break }
            if rng.chance(0.6) { run(from: d, days: rng.int(1...2), DemoMark.I) } else { set(2 * d + rng.below(2), DemoMark.M) }
        }
    }

    mutating func drawRole(_ p: DemoPupil) {
        let cal = plan.calendar
        let last = dayCount - 1
        let hs = cal.halfStart, he = cal.halfEnd
        var quiet = false          // no background absence
        var late = 0.01
        var studyExempt = false
        switch p.role {
        case .none:
            break
        case .mondayFriday:
            weekly(1, hs[1]...last, session: nil, DemoMark.O, p: 0.75)
            weekly(5, hs[1]...last, session: nil, DemoMark.O, p: 0.75)
            if let d = randomDay(in: hs[2]...he[2]) { setDay(d, DemoMark.N) }
        case .perfect, .perfect2:
            quiet = true; late = 0; studyExempt = true
        case .joinerZ, .joinerNoZ, .leaverAutumn, .leaverSpring:
            break
        case .illnessLong:
            let w = weekIndex(of: hs[1]) + 1
            run(from: week(w).lowerBound, days: 18, DemoMark.I, force: true)
        case .chronicLate:
            late = 0
            lateness(rate: 0.5, uShare: 0.12)
        case .partTimeEHCP:
            for d in hs[2]...he[2] where closed[d] == 0 { set(2 * d + 1, DemoMark.C2, force: true) }
        case .accessQ:
            run(from: 0, days: 3, DemoMark.Q, force: true)
        case .holidayStraddle:
            run(from: lastOpen(ofHalf: 2, 2), days: 5, DemoMark.G, force: true)
        case .dualRegistered:
            weekly(4, 0...last, session: nil, DemoMark.D, force: true)
        case .suspension:
            let w = weekIndex(of: hs[2]) + 2
            run(from: week(w).lowerBound + 1, days: 3, DemoMark.E, force: true)
            if let d = randomDay(in: hs[4]...he[4]) { run(from: d, days: 2, DemoMark.E) }
            for _ in 0..<12 { if let d = randomDay() { setDay(d, DemoMark.O) } }
        case .streakAcrossBreak:
            run(from: lastOpen(ofHalf: 0, 6), days: 12, DemoMark.O, force: true)
            quiet = true
        case .illnessCumulative:
            for h in 0..<6 {
                let lo = hs[h] + 3, hi = he[h] - 6
                if lo <= hi, let d = randomDay(in: lo...hi), weekday(d) <= 2 {
                    run(from: d, days: 3, DemoMark.I, force: true)
                } else {
                    run(from: week(weekIndex(of: hs[h]) + 1).lowerBound, days: 3, DemoMark.I, force: true)
                }
            }
            quiet = true
        case .performerC1:
            let w = week(weekIndex(of: he[1]) - 1)
            for d in w.prefix(3) { setDay(d, DemoMark.C1, force: true) }
        case .publicHealthY6:
            run(from: week(weekIndex(of: hs[0]) + 4).lowerBound, days: 3, DemoMark.Y6, force: true)
        case .streak:
            run(from: week(weekIndex(of: hs[3]) + 1).lowerBound, days: 12, DemoMark.O, force: true)
            quiet = true
        case .severe, .severeRefuser:
            let target = p.role == .severe ? 0.6 : 0.8
            let budget = Int((target * Double(possible())).rounded())
            if p.role == .severeRefuser {
                for h in [1, 3, 5] { run(from: hs[h] + 1, days: 12, DemoMark.O) }
            }
            fill(to: budget, .severe)
            quiet = true
        case .penalty10, .penalty11, .penalty9:
            quiet = true
            var w = weekIndex(of: plan.lastTenWeeks) + 1
            while w < plan.weeks.count - 1 && (week(w).count < 5 || week(w).contains { closed[$0] != 0 || plan.studyLeave.contains($0) }) { w += 1 }
            let days = Array(week(w))
            let other = Array(week(w + 2))
            switch p.role {
            case .penalty10:
                for d in days.prefix(4) { setDay(d, DemoMark.G, force: true) }
                if let d = other.last(where: { closed[$0] == 0 }) { setDay(d, DemoMark.O, force: true) }
            case .penalty11:
                for d in days { setDay(d, DemoMark.G, force: true) }
                if let d = other.first(where: { closed[$0] == 0 }) { set(2 * d, DemoMark.U, force: true); minutes[2 * d] = 41 }
            default:
                for d in [days[days.count - 1], other.last ?? days[0], week(w + 4).last ?? days[0], week(w + 5).last ?? days[0]] where closed[d] == 0 {
                    setDay(d, DemoMark.O, force: true)
                }
                if let d = other.first(where: { closed[$0] == 0 }) { set(2 * d, DemoMark.U, force: true); minutes[2 * d] = 35 }
            }
            background(spells: 3)
            late = 0.01
        case .unresolvedN:
            let d = max(0, last - 20)
            if let x = (d...last - 6).first(where: { closed[$0] == 0 }) { set(2 * x, DemoMark.N, force: true); set(2 * x + 1, DemoMark.N, force: true) }
            if let x = randomDay(in: hs[2]...he[2]) { set(2 * x, DemoMark.N, force: true) }
        case .exceptionalC:
            run(from: week(weekIndex(of: hs[1]) + 3).lowerBound + 1, days: 3, DemoMark.C, force: true)
        case .transportY1:
            if let d = randomDay(in: hs[3]...he[3]) { run(from: d, days: 2, DemoMark.Y1, force: true) }
        case .travellerT:
            run(from: week(weekIndex(of: hs[4]) + 2).lowerBound, days: 8, DemoMark.T, force: true)
        case .callingList1:
            setDay(last, DemoMark.N, force: true)
        case .callingList3:
            for d in (last - 2)...last { setDay(d, DemoMark.N, force: true) }
        case .partTimeSummer:
            for d in hs[5]...he[5] where closed[d] == 0 { set(2 * d + 1, DemoMark.C2, force: true) }
        case .detentionY5:
            run(from: week(weekIndex(of: hs[3]) + 3).lowerBound, days: 5, DemoMark.Y5, force: true)
        case .laProvisionK:
            weekly(2, hs[1]...last, session: nil, DemoMark.K, force: true)
            weekly(3, hs[1]...last, session: nil, DemoMark.K, force: true)
        case .mondays:
            weekly(1, hs[4]...last, session: nil, DemoMark.O, force: true)
            quiet = true
        case .interviewJ1:
            if let d = randomDay(in: hs[2]...he[2]) { set(2 * d, DemoMark.J1, force: true) }
        case .religiousR:
            setDay(plan.festival, DemoMark.R, force: true)
            if let d = randomDay(in: hs[0]...he[1]) { setDay(d, DemoMark.R) }
        case .unavoidableY7:
            if let d = randomDay() { setDay(d, DemoMark.Y7, force: true) }
        case .otherApprovedB, .otherApprovedB2:
            for _ in 0..<3 { if let d = randomDay() { set(2 * d + rng.below(2), DemoMark.B, force: true) } }
        case .noMark:
            var n = 0
            while n < 3 { if let d = randomDay(), set(2 * d + rng.below(2), DemoMark.missing) { n += 1 } }
        case .sixthFormX:
            weekly(5, 0...last, session: 1, DemoMark.X, force: true)
        case .sixthFormX2:
            weekly(3, 0...last, session: 1, DemoMark.X, force: true)
        case .sportP:
            var n = 0
            var d = hs[0]
            while n < 5 && d <= he[1] {
                if closed[d] == 0 && weekday(d) == 3 && rng.chance(0.4) && set(2 * d + 1, DemoMark.P) { n += 1 }
                d += 1
            }
        case .interviewJ1Sixth:
            if let d = randomDay(in: hs[1]...he[1]) { setDay(d, DemoMark.J1, force: true) }
        }
        if !quiet { background(spells: rng.int(1...4)) }
        schoolWide(p, exemptStudy: studyExempt)
        if late > 0 { lateness(rate: late, uShare: 0) }
    }
}
