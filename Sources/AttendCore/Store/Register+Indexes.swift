/// Indexes over the pupils table, built on first use and kept: the default order of pupil
/// lists, and the groups of each attribute a query groups by.
extension Register {
    /// Each pupil's position in the default order of pupil lists (year, form, surname,
    /// forename ignoring case, then UPN): sorting a list by it is sorting by those keys.
    public var defaultOrderRank: [Int32] { defaultOrder.rank }

    /// The default order as both maps: pupil → position, and position → pupil.
    var defaultOrder: (rank: [Int32], pupil: [Int32]) {
        if let r = indexes.withLock({ $0.defaultOrder }) { return r }
        let rank = pupils.defaultOrderRank()
        var pupil = [Int32](repeating: 0, count: rank.count)
        for (p, r) in rank.enumerated() { pupil[Int(r)] = Int32(p) }
        indexes.withLock { $0.defaultOrder = (rank, pupil) }
        return (rank, pupil)
    }

    /// The members of `set` in increasing pupil order, each with its place in the default
    /// order of the list: a bitset over ranks and a running count of its bits give each
    /// member's place directly (no sort, and the pupils' columns are read front to back).
    func defaultOrderPlaces(_ set: PupilSet) -> (members: [Int], places: [Int]) {
        let rank = defaultOrder.rank
        var ranks = PupilSet(capacity: set.capacity)
        var members: [Int] = []
        members.reserveCapacity(set.count)
        rank.withUnsafeBufferPointer { r in
            set.forEach { p in
                ranks.insert(Int(r[p]))
                members.append(p)
            }
        }
        // Bits of `ranks` before each word.
        var before = [Int](repeating: 0, count: ranks.words.count + 1)
        ranks.words.withUnsafeBufferPointer { w in
            for i in 0..<w.count { before[i + 1] = before[i] + w[i].nonzeroBitCount }
        }
        let places = rank.withUnsafeBufferPointer { r in
            ranks.words.withUnsafeBufferPointer { w in
                members.map { p -> Int in
                    let x = Int(r[p])
                    return before[x >> 6] + (w[x >> 6] & ((1 << UInt64(x & 63)) &- 1)).nonzeroBitCount
                }
            }
        }
        return (members, places)
    }

    /// The members of `set` in the default order of pupil lists: a bitset over positions,
    /// read back in order (no comparisons).
    func inDefaultOrder(_ set: PupilSet) -> [Int] {
        let order = defaultOrder
        var positions = PupilSet(capacity: set.capacity)
        order.rank.withUnsafeBufferPointer { r in set.forEach { positions.insert(Int(r[$0])) } }
        var out: [Int] = []
        out.reserveCapacity(set.count)
        order.pupil.withUnsafeBufferPointer { p in positions.forEach { out.append(Int(p[$0])) } }
        return out
    }

    /// The groups of the attribute named `a`: each distinct text (as `text` gives it) in order
    /// of first appearance, and the group of each pupil.
    func groupIndex(_ a: String, _ text: (Int) -> String) -> GroupIndex {
        if let g = indexes.withLock({ $0.groups[a] }) { return g }
        var keys: [String] = []
        var ids: [String: Int32] = [:]
        var groupOf = [Int32](repeating: 0, count: pupilCount)
        for p in 0..<pupilCount {
            let t = text(p)
            if let i = ids[t] { groupOf[p] = i; continue }
            let i = Int32(keys.count)
            ids[t] = i
            keys.append(t)
            groupOf[p] = i
        }
        let g = GroupIndex(keys: keys, groupOf: groupOf)
        indexes.withLock { $0.groups[a] = g }
        return g
    }

    /// Each pupil's name as lists show it (`forename surname`), made once.
    var displayNames: [String] {
        if let n = indexes.withLock({ $0.names }) { return n }
        let t = pupils
        let n = (0..<pupilCount).map { t.displayName($0) }
        indexes.withLock { $0.names = n }
        return n
    }

    struct GroupIndex: Sendable {
        let keys: [String]
        let groupOf: [Int32]
    }

    struct Indexes: Sendable {
        var defaultOrder: (rank: [Int32], pupil: [Int32])?
        /// By attribute name.
        var groups: [String: GroupIndex] = [:]
        var names: [String]?
        /// Each session's count of a class over every pupil, by class (Register+PeriodTotals).
        var sessionTotals: [MarkClass: [Int]] = [:]
    }
}

extension PupilTable {
    /// Positions in the order year, form, surname and forename (case-insensitive), UPN. The
    /// texts are ranked once each (a register has far fewer forms and names than pupils), so
    /// the sort compares integers; UPNs, unique, break the remaining ties.
    func defaultOrderRank() -> [Int32] {
        let n = count
        func ranks(_ values: [String], _ transform: (String) -> String) -> [Int32] {
            var distinct: [String: Int32] = [:]
            var keyOf: [String: String] = [:]
            for v in values where keyOf[v] == nil { keyOf[v] = transform(v) }
            let sorted = Set(keyOf.values).sorted()
            for (i, k) in sorted.enumerated() { distinct[k] = Int32(i) }
            var byValue: [String: Int32] = [:]
            for (v, k) in keyOf { byValue[v] = distinct[k]! }
            return values.map { byValue[$0]! }
        }
        // The columns once each, not through the table per comparison.
        let year = self.year, upn = self.upn
        let formRank = ranks(form) { $0 }
        let surnameRank = ranks(surname) { $0.lowercased() }
        let forenameRank = ranks(forename) { $0.lowercased() }
        var order = Array(0..<n)
        order.sort { a, b in
            if year[a] != year[b] { return year[a] < year[b] }
            if formRank[a] != formRank[b] { return formRank[a] < formRank[b] }
            if surnameRank[a] != surnameRank[b] { return surnameRank[a] < surnameRank[b] }
            if forenameRank[a] != forenameRank[b] { return forenameRank[a] < forenameRank[b] }
            return upn[a] < upn[b]
        }
        var rank = [Int32](repeating: 0, count: n)
        for (i, p) in order.enumerated() { rank[p] = Int32(i) }
        return rank
    }
}
