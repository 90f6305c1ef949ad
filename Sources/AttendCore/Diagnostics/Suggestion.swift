/// Near-miss suggestions for misspelt words: `rat` → `rate`, `persistant` → `persistent`,
/// `fsn` → `fsm` (given the register's column names), `ovr` → `over`.
///
/// The distance is Damerau–Levenshtein in its "optimal string alignment" form (insertions,
/// deletions, substitutions and swaps of two neighbouring letters each cost 1), ignoring
/// case. The parser uses it with its own vocabulary; the binder can use it with the
/// register's columns and the cohorts defined so far.
public enum Suggestion {
    /// Words longer than this are never compared: a 100 KB "word" costs nothing.
    public static let maxWordLength = 64

    /// The edit distance between two words, ignoring case.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars)
        let y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        // Three rolling rows: two back (for swaps), one back, current.
        var back2 = [Int](repeating: 0, count: y.count + 1)
        var back1 = Array(0...y.count)
        var row = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            row[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(back1[j] + 1, row[j - 1] + 1, back1[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    best = min(best, back2[j - 2] + 1)
                }
                row[j] = best
            }
            (back2, back1, row) = (back1, row, back2)
        }
        return back1[y.count]
    }

    /// How far a word of this length may be from a candidate and still be suggested:
    /// one edit for short words, two up to six letters, three beyond.
    public static func tolerance(forLength n: Int) -> Int {
        n <= 3 ? 1 : (n <= 6 ? 2 : 3)
    }

    /// The vocabulary word nearest to `word`, when one is near enough to be a likely
    /// misspelling. Nil when `word` is itself in the vocabulary, or nothing is close.
    /// Ties go to the candidate with the same first letter, then to vocabulary order.
    /// A word of three letters or more that begins exactly one candidate also matches
    /// it (`persis` → `persistent`).
    public static func nearest(to word: String, in vocabulary: some Sequence<String>) -> String? {
        let w = word.lowercased()
        guard !w.isEmpty, w.unicodeScalars.count <= maxWordLength else { return nil }
        let limit = tolerance(forLength: w.unicodeScalars.count)
        var best: (word: String, distance: Int, sameFirst: Bool)?
        var prefixed: [String] = []
        for candidate in vocabulary {
            let c = candidate.lowercased()
            if c == w { return nil }
            guard c.unicodeScalars.count <= maxWordLength,
                  abs(c.unicodeScalars.count - w.unicodeScalars.count) <= limit || c.hasPrefix(w) else { continue }
            if w.count >= 3, c.hasPrefix(w) { prefixed.append(candidate) }
            let d = distance(w, c)
            guard d <= limit else { continue }
            let sameFirst = c.first == w.first
            if let b = best {
                if d < b.distance || (d == b.distance && sameFirst && !b.sameFirst) {
                    best = (candidate, d, sameFirst)
                }
            } else {
                best = (candidate, d, sameFirst)
            }
        }
        if let best { return best.word }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// `did you mean `rate`?`, or nil when nothing is close.
    public static func didYouMean(_ word: String, in vocabulary: some Sequence<String>) -> String? {
        nearest(to: word, in: vocabulary).map { "did you mean `\($0)`?" }
    }
}
