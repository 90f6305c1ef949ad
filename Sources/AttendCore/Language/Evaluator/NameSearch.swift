/// The one rule for finding pupils by name (`pupil "Zoë O'Brien"`, `name like "obrien"`).
///
/// A name and the text searched for are each reduced to a key: lower case, accents of Latin
/// letters removed as sorting removes them (``Value/folded(_:)``: ë → e, Ł → l), and then
/// only letters and digits kept (spaces, apostrophes, hyphens, dots and every other mark
/// dropped). `Zoë O'Brien`, `zoe obrien` and `ZOE O’BRIEN` all have the key `zoeobrien`.
/// A pupil matches when the search key is found anywhere in the key of
/// `forename surname` or of `surname forename` (`obrien zoe` finds her too).
public enum NameSearch {
    /// The search key of a text.
    public static func key(_ s: String) -> String {
        // Plain ASCII (most names): letters lowered and digits kept, byte by byte.
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(s.utf8.count)
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): bytes.append(b)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(b + 32)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for u in Value.folded(s) where u.properties.isAlphabetic || u.properties.numericType != nil {
            out.append(u.value < 0x80 ? u : latinBase(u))
        }
        return String(out)
    }

    /// The base letter of a Latin letter with marks the sorting table lacks (ễ, ạ, ǎ in
    /// Vietnamese and pinyin names): read from the character's Unicode name, `LATIN SMALL
    /// LETTER E WITH CIRCUMFLEX AND TILDE` → `e`. Anything else is kept.
    static func latinBase(_ u: Unicode.Scalar) -> Unicode.Scalar {
        guard let name = u.properties.name else { return u }
        for prefix in ["LATIN SMALL LETTER ", "LATIN CAPITAL LETTER "] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard rest.count >= 1, rest.count == 1 || rest.dropFirst().hasPrefix(" WITH "),
                  let letter = rest.first?.lowercased().unicodeScalars.first, ("a"..."z").contains(letter) else { return u }
            return letter
        }
        return u
    }

    /// Whether a pupil's name matches `key` (already a search key). `exact`: the whole name
    /// is the key, in either order.
    static func matches(forename: String, surname: String, key: String, exact: Bool) -> Bool {
        let f = Self.key(forename), s = Self.key(surname)
        if exact { return f + s == key || s + f == key }
        return (f + s).contains(key) || (s + f).contains(key)
    }
}

extension Evaluator {
    /// Members of `set` whose attribute's key contains `key`; for `name`, either order of
    /// forename and surname.
    func nameMatches(_ a: PupilAttribute, _ key: String, in set: PupilSet, exact: Bool = false) -> PupilSet {
        var out = PupilSet(capacity: set.capacity)
        let t = register.pupils
        switch a {
        case .name:
            let forenames = t.forename, surnames = t.surname
            set.forEach { p in
                if NameSearch.matches(forename: forenames[p], surname: surnames[p], key: key, exact: exact) { out.insert(p) }
            }
        default:
            set.forEach { p in
                let k = NameSearch.key(Self.attributeText(a, p, in: t))
                if exact ? k == key : k.contains(key) { out.insert(p) }
            }
        }
        return out
    }

    /// Pupils of the whole register whose name is `text`: those whose whole name is it (in
    /// either order) when there are any, else those whose name contains it.
    public func pupilsNamed(_ text: String) -> (pupils: [Int], whole: Bool) {
        let key = NameSearch.key(text)
        guard !key.isEmpty else { return ([], false) }
        let t = register.pupils
        let forenames = t.forename, surnames = t.surname
        var whole = PupilSet(capacity: register.pupilCount), part = whole
        for p in 0..<register.pupilCount {
            let f = NameSearch.key(forenames[p]), s = NameSearch.key(surnames[p])
            let fs = f + s, sf = s + f
            if fs == key || sf == key { whole.insert(p) } else if fs.contains(key) || sf.contains(key) { part.insert(p) }
        }
        return whole.count > 0 ? (register.inDefaultOrder(whole), true) : (register.inDefaultOrder(part), false)
    }
}
