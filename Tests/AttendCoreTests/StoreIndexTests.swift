import Testing
@testable import AttendCore

/// The indexes the evaluator leans on give what the plain definitions give.
@Suite struct StoreIndexTests {
    static let register: Register = {
        let files = DemoRegister.files(DemoOptions(pupils: 700, seed: 5))
        return try! RegisterLoader.load(RegisterSource(name: "demo", pupils: FileBytes(name: "pupils.csv", bytes: files.pupils),
                                                       marks: FileBytes(name: "marks.csv", bytes: files.marks),
                                                       calendar: FileBytes(name: "calendar.csv", bytes: files.calendar)))
    }()

    /// The order of pupil lists as first written: year, form, surname, forename (ignoring
    /// case), UPN.
    static func plainOrder(_ members: [Int], _ t: PupilTable) -> [Int] {
        members.sorted { a, b in
            if t.year[a] != t.year[b] { return t.year[a] < t.year[b] }
            if t.form[a] != t.form[b] { return t.form[a] < t.form[b] }
            if t.surname[a].lowercased() != t.surname[b].lowercased() { return t.surname[a].lowercased() < t.surname[b].lowercased() }
            if t.forename[a].lowercased() != t.forename[b].lowercased() { return t.forename[a].lowercased() < t.forename[b].lowercased() }
            return t.upn[a] < t.upn[b]
        }
    }

    @Test func defaultOrderIsTheComparatorsOrder() {
        let r = Self.register
        var rng = SplitMix(seed: 2026)   // seeded: the same sets on every run
        for density in [1, 3, 10, 50, 100] {
            let members = (0..<r.pupilCount).filter { _ in Int.random(in: 0..<100, using: &rng) < density }
            let set = PupilSet(capacity: r.pupilCount, members: members)
            let expected = Self.plainOrder(members, r.pupils)
            #expect(r.inDefaultOrder(set) == expected)
            let (m, places) = r.defaultOrderPlaces(set)
            var placed = [Int](repeating: -1, count: m.count)
            for (k, p) in m.enumerated() { placed[places[k]] = p }
            #expect(placed == expected)
        }
    }

    @Test func namesThatDifferOnlyInCaseAndAccentsStayInOrder() throws {
        let pupils = "upn,forename,surname,year,form\n" + [
            "A000000000001,ann,smith,9,9A", "A000000000002,Ann,Smith,9,9A", "A000000000003,Émile,Zola,9,9A",
            "A000000000004,emile,zola,9,9A", "A000000000005,Bob,de la Cruz,9,10A", "A000000000006,bob,De La Cruz,9,9A",
            "A000000000007,Al,Smith,9,9A", "A000000000008,Al,smith,9,9a",
        ].joined(separator: "\n") + "\n"
        let marks = "upn,date,session,mark\n" + (1...8).map { "A00000000000\($0),2025-09-03,AM,/" }.joined(separator: "\n") + "\n"
        let r = try Fixture.register(pupils: pupils, marks: marks)
        let all = PupilSet.all(r.pupilCount)
        #expect(r.inDefaultOrder(all) == Self.plainOrder(Array(0..<8), r.pupils))
    }

    @Test func groupIndexMatchesTheTexts() {
        let r = Self.register
        let e = Evaluator(register: r, asOf: r.calendar.lastSchoolDay!)
        for a in ["form", "year", "sex", "send", "fsm"].map({ PupilAttribute.column(PupilSchema[$0]) }) {
            let g = r.groupIndex(a.description) { e.attributeText(a, $0) }
            for p in 0..<r.pupilCount { #expect(g.keys[Int(g.groupOf[p])] == e.attributeText(a, p)) }
            #expect(Set(g.keys).count == g.keys.count)
        }
    }
}
