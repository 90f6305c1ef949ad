/// Conditions, operands and measures: units are checked here, so a count is never
/// compared with a percentage and every number is in the measure's own unit.
extension Binder {
    /// Binds a condition. The recursion over brackets and `not` (at most
    /// ``Parser/maxNesting`` deep) throws a boxed diagnostic: a debug build gives every
    /// `try` of a typed `throws` its own slot for the error, and with the whole
    /// ``Diagnostic`` in each a frame was 3.5 KB, too much for the deepest condition on a
    /// 512 KB stack (HostileQueryTests).
    func condition(_ c: ConditionSyntax) throws(Diagnostic) -> BoundCondition {
        try checkOneWindowMeaning(c)
        do throws(DiagnosticBox) {
            return try nested(c)
        } catch {
            throw error.diagnostic
        }
    }

    private func nested(_ c: ConditionSyntax) throws(DiagnosticBox) -> BoundCondition {
        switch c.kind {
        case .and(let parts): return .and(try nested(parts))
        case .or(let parts): return .or(try nested(parts))
        case .not(let inner): return .not(try nested(inner))
        case .flag, .comparison: return try leaf(c)
        }
    }

    @inline(never)
    private func nested(_ parts: [ConditionSyntax]) throws(DiagnosticBox) -> [BoundCondition] {
        var out: [BoundCondition] = []
        out.reserveCapacity(parts.count)
        for p in parts { out.append(try nested(p)) }
        return out
    }

    @inline(never)
    private func leaf(_ c: ConditionSyntax) throws(DiagnosticBox) -> BoundCondition {
        do throws(Diagnostic) {
            switch c.kind {
            case .flag(let f): return try flagCondition(f)
            case .comparison(let cmp): return try comparison(cmp)
            case .and, .or, .not: preconditionFailure("not a leaf")
            }
        } catch {
            throw DiagnosticBox(error)
        }
    }

    @inline(never)
    func flagCondition(_ f: FlagSyntax) throws(Diagnostic) -> BoundCondition {
        switch f.subject {
        case .predicate(.persistent): return .persistent(try window(f.window, defaultFor: f.span))
        case .predicate(.severe): return .severe(try window(f.window, defaultFor: f.span))
        case .predicate(.absent):
            let w = try window(f.window, defaultFor: f.span)
            return .compare(.count(.markClass(.absent), .sessions, w), .gt, .number(Exact(0), .sessions))
        case .attribute(let n):
            let a = try attribute(n)
            switch a {
            case .column(let c) where c.kind == .flag: return .flag(a)
            case .extra(let i, let name):
                let values = register.pupils.extraColumns[i].values.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
                guard !values.isEmpty, values.allSatisfy({ PupilSchema.parseFlag($0) != nil }) else {
                    throw Diagnostic.notAYesNoColumn(name, at: site(n.span))
                }
                return .flag(a)
            default:
                throw Diagnostic.notAYesNoColumn(a.description, at: site(n.span))
            }
        case .projection(let p):
            return .projection(try projection(p, window: f.window, phraseSpan: f.subjectSpan))
        }
    }

    func comparison(_ c: ComparisonSyntax) throws(Diagnostic) -> BoundCondition {
        switch c.test {
        case .like(let t):
            return try like(c, t)
        case .empty(let negated):
            guard case .attribute(let n) = c.lhs.kind else {
                throw Diagnostic.incomparable("a measure", "is", "empty", at: site(c.operatorSpan))
            }
            return .isEmpty(try attribute(n), negated: negated)
        case .member(let values, let negated):
            guard case .attribute(let n) = c.lhs.kind else {
                throw Diagnostic.incomparable("a measure", "in", "a list", at: site(c.operatorSpan))
            }
            let a = try attribute(n)
            var vs: [String] = []
            for v in values { vs.append(try attributeValue(v, for: a)) }
            return .oneOf(a, vs, negated: negated)
        case .compare(let op, let rhsSyntax):
            let cop: CompareOp
            switch op {
            case .less: cop = .lt
            case .lessOrEqual: cop = .le
            case .greater: cop = .gt
            case .greaterOrEqual: cop = .ge
            case .equal: cop = .eq
            case .notEqual: cop = .ne
            }
            // Attribute on the left: a value test.
            if case .attribute(let n) = c.lhs.kind {
                let a = try attribute(n)
                return try attributeComparison(a, cop, rhsSyntax, c)
            }
            let lhs = try expr(c.lhs, comparisonWindow: c.window)
            let rhs = try expr(rhsSyntax, comparisonWindow: c.window)
            if !lhs.isMeasure && !rhs.isMeasure { throw Diagnostic.nothingToCompare(at: site(c.span)) }
            try refuseComparedCondition(lhs, at: c.lhs.span)
            try refuseComparedCondition(rhs, at: rhsSyntax.span)
            let (l, r) = try reconcile(lhs, c.lhs.span, rhs, rhsSyntax.span)
            if case .band = l.measures.first, case .text(let name) = r, !context.bands.names.contains(where: { $0.lowercased() == name.lowercased() }) {
                throw Diagnostic.invalidValue(name, column: "band", expected: "one of: \(context.bands.names.joined(separator: ", "))", at: site(rhsSyntax.span))
            }
            return try BoundCondition.compare(l, cop, r).checkedText(cop, site(c.operatorSpan))
        }
    }

    /// `send = E`, `year >= 10`, `form != "10B"`, `admitted > 2025-11-01`.
    func attributeComparison(_ a: PupilAttribute, _ op: CompareOp, _ rhs: ExprSyntax, _ c: ComparisonSyntax) throws(Diagnostic) -> BoundCondition {
        switch a.unit {
        case .plain:   // year: numeric order, R = 0
            let v = try attributeValue(rhs, for: a)
            let y = Int(PupilSchema.parseYear(v)!)
            return .compare(.attribute(a), op, .number(Exact(y), .plain))
        case .date:
            guard case .date(let d) = rhs.kind else {
                throw Diagnostic.incomparable("the date column \(a)", op.rawValue, "something that is not a date", at: site(rhs.span))
            }
            return .compare(.attribute(a), op, .number(Exact(Int(d.number)), .date))
        default:
            guard op == .eq || op == .ne else {
                throw Diagnostic.incomparable("the text column \(a)", op.rawValue, "a value", at: site(c.operatorSpan))
            }
            if case .measure = rhs.kind { throw Diagnostic.incomparable("the column \(a)", op.rawValue, "a measure", at: site(rhs.span)) }
            let v = try attributeValue(rhs, for: a)
            return .oneOf(a, [v], negated: op == .ne)
        }
    }

    /// An operand. A sum (`a + b - c`, a spine down its left side, up to the parser's
    /// depth limit long) is bound in a loop from its first term, not by recursion.
    func expr(_ e: ExprSyntax, comparisonWindow: WindowSyntax?) throws(Diagnostic) -> BoundExpr {
        guard case .binary = e.kind else { return try term(e, comparisonWindow: comparisonWindow) }
        var spine: [(op: ExprSyntax.ArithmeticOperator, right: ExprSyntax, whole: Range<Int>)] = []
        var first = e
        while case .binary(let op, let l, let r) = first.kind {
            spine.append((op, r, first.span))
            first = l
        }
        var sum = try term(first, comparisonWindow: comparisonWindow)
        var sumSpan = first.span
        for (op, right, whole) in spine.reversed() {
            let b = try expr(right, comparisonWindow: comparisonWindow)
            let (ua, ub) = try reconcile(sum, sumSpan, b, right.span)
            if ua.unit == .text || ub.unit == .text { throw Diagnostic.incomparable("text", op.rawValue, "a number", at: site(whole)) }
            sum = .arithmetic(ua, op == .plus ? .plus : .minus, ub)
            sumSpan = whole
        }
        return sum
    }

    /// An operand that is not a sum.
    @inline(never)
    func term(_ e: ExprSyntax, comparisonWindow: WindowSyntax?) throws(Diagnostic) -> BoundExpr {
        switch e.kind {
        case .number(let d): return .number(Self.exact(d), .plain)
        case .percentage(let d): return .number(Self.exact(d), .percent)
        case .count(let d, let u): return .number(Self.exact(d), u == .days ? .days : .sessions)
        case .text(let s), .word(let s): return .text(s)
        case .date(let d): return .number(Exact(Int(d.number)), .date)
        case .attribute(let n): return .attribute(try attribute(n))
        case .parameter(let p):
            guard let v = context.parameters[p] else { throw Diagnostic.unknownParameter(p, at: site(e.span)) }
            return try expr(ExprSyntax(kind: v.kind, span: e.span), comparisonWindow: comparisonWindow)
        case .measure(let m): return try measure(m, comparisonWindow: comparisonWindow)
        case .binary: return try expr(e, comparisonWindow: comparisonWindow)
        }
    }

    static func exact(_ d: DecimalLiteral) -> Exact {
        var den = 1
        for _ in 0..<d.scale { den *= 10 }
        return Exact(d.units, den)
    }

    static func describe(_ u: Unit) -> String {
        switch u {
        case .percent: "a percentage"
        case .sessions: "a count of sessions"
        case .days: "a count of days"
        case .minutes: "minutes"
        case .text: "text"
        case .flag: "yes/no"
        case .date: "a date"
        case .plain: "a number"
        }
    }

    /// The unit of the measures in an expression, if it has any.
    static func measureUnit(_ e: BoundExpr) -> Unit? {
        e.measures.first.map(\.unit)
    }

    /// Puts the constants of a comparison (or a sum) into the unit of its measures: a plain
    /// 90 next to a rate is 90%; `5 days` next to a count of sessions is 10 sessions. Refuses
    /// a count compared with a percentage, text ordered, and two measures of different units.
    func reconcile(_ l: BoundExpr, _ lSpan: Range<Int>, _ r: BoundExpr, _ rSpan: Range<Int>) throws(Diagnostic) -> (BoundExpr, BoundExpr) {
        let whole = min(lSpan.lowerBound, rSpan.lowerBound)..<max(lSpan.upperBound, rSpan.upperBound)
        let lu = Self.measureUnit(l), ru = Self.measureUnit(r)
        if let lu, let ru {
            if lu != ru {
                let pair = Set([lu, ru])
                if pair.contains(.percent) && (pair.contains(.sessions) || pair.contains(.days)) {
                    throw Diagnostic.countVersusPercentage(left: Self.describe(lu), right: Self.describe(ru), at: site(whole))
                }
                throw Diagnostic.incomparable(Self.describe(lu), "with", Self.describe(ru), at: site(whole))
            }
            return (l, r)
        }
        guard let target = lu ?? ru else { return try computable(l, lSpan, r, rSpan) }
        if lu == nil { return try computable(try convert(l, to: target, measure: r, span: lSpan, whole: whole), lSpan, r, rSpan) }
        return try computable(l, lSpan, try convert(r, to: target, measure: l, span: rSpan, whole: whole), rSpan)
    }

    /// The two sides, once each is known to evaluate without overflow (else Q124 at it).
    func computable(_ l: BoundExpr, _ lSpan: Range<Int>, _ r: BoundExpr, _ rSpan: Range<Int>) throws(Diagnostic) -> (BoundExpr, BoundExpr) {
        if !Self.fits(l) { throw Diagnostic.tooLargeToCompute(at: site(lSpan)) }
        if !Self.fits(r) { throw Diagnostic.tooLargeToCompute(at: site(rSpan)) }
        return (l, r)
    }

    /// True when a sum's value, as an exact fraction, fits in an `Int` for any pupil: the
    /// sum of its terms' largest values, times the least common multiple of its constants'
    /// denominators, times the largest denominator one of its measures can have, stays
    /// under 2^62. Measures are bounded by what a register can hold (at most 20 academic
    /// years: under 2^15 sessions; minutes late and day numbers under 2^31). A constant
    /// alone is compared exactly in 128 bits and needs no check. (Sums of several rates,
    /// each over its own possible sessions, are ``Exact``'s to keep in range.)
    static func fits(_ e: BoundExpr) -> Bool {
        guard case .arithmetic = e else { return true }
        let sessions = 32_768.0, big = 2_147_483_648.0
        var value = 0.0, measureDenominator = 1.0, lcm = 1
        var stack = [e]
        while let x = stack.popLast() {
            switch x {
            case .arithmetic(let a, _, let b): stack.append(a); stack.append(b)
            case .number(let v, _):
                value += Double(v.numerator.magnitude) / Double(v.denominator)
                let g = Exact.gcd(lcm, v.denominator)
                let (m, o) = (lcm / g).multipliedReportingOverflow(by: v.denominator)
                if o { return false }
                lcm = m
            case .text, .band: break
            case .count(_, let unit, _):
                value += sessions
                if unit == .days { measureDenominator = max(measureDenominator, 2) }
            case .rate, .absence:
                value += 100
                measureDenominator = max(measureDenominator, sessions)
            case .streak: value += sessions
            case .projection:
                value += sessions
                measureDenominator = max(measureDenominator, sessions * sessions)
            case .minutesLate, .attribute, .casework: value += big
            }
        }
        return value * Double(lcm) * measureDenominator < 4_611_686_018_427_387_904.0   // 2^62
    }

    /// A constant (or a sum of constants) in the unit `target`.
    func convert(_ e: BoundExpr, to target: Unit, measure: BoundExpr, span: Range<Int>, whole: Range<Int>) throws(Diagnostic) -> BoundExpr {
        switch e {
        case .number(let v, let u):
            if u == target { return e }
            switch (target, u) {
            case (.text, _):
                throw Diagnostic.incomparable(Self.describe(target), "with", Self.describe(u), at: site(whole))
            case (_, .plain):
                return .number(v, target)
            case (.sessions, .days):
                let (twice, overflow) = v.numerator.multipliedReportingOverflow(by: 2)
                if overflow { throw Diagnostic.tooLargeToCompute(at: site(span)) }
                return .number(Exact(twice, v.denominator), .sessions)
            case (.days, .sessions):
                if case .streak = measure.measures.first { throw Diagnostic.unitMismatch("a streak", unit: "sessions", expected: "days", at: site(span)) }
                let (twice, overflow) = v.denominator.multipliedReportingOverflow(by: 2)
                if overflow { throw Diagnostic.tooLargeToCompute(at: site(span)) }
                return .number(Exact(v.numerator, twice), .days)
            case (.percent, .sessions), (.percent, .days), (.sessions, .percent), (.days, .percent):
                throw Diagnostic.countVersusPercentage(left: Self.describe(target), right: Self.describe(u), at: site(whole))
            default:
                throw Diagnostic.incomparable(Self.describe(target), "with", Self.describe(u), at: site(whole))
            }
        case .text:
            if target != .text { throw Diagnostic.incomparable(Self.describe(target), "with", "text", at: site(whole)) }
            return e
        case .arithmetic(let a, let op, let b):
            return .arithmetic(try convert(a, to: target, measure: measure, span: span, whole: whole), op,
                               try convert(b, to: target, measure: measure, span: span, whole: whole))
        default:
            return e
        }
    }

    /// A measure phrase with its window: its own, else the comparison's, else the default.
    func measure(_ m: MeasureSyntax, comparisonWindow: WindowSyntax?) throws(Diagnostic) -> BoundExpr {
        if case .casework(let c) = m.kind { return try caseworkMeasure(c, m, comparisonWindow: comparisonWindow) }
        let written = m.window ?? comparisonWindow
        if case .projection(let p) = m.kind { return .projection(try projection(p, window: written, phraseSpan: m.phraseSpan)) }
        let w = try window(written, defaultFor: m.span)
        func count(_ c: MarkClass) -> BoundExpr { .count(.markClass(c), .sessions, w) }
        let e: BoundExpr
        switch m.kind {
        case .possible: e = count(.possible)
        case .present, .attended: e = count(.attended)
        case .authorised: e = count(.authorised)
        case .unauthorised: e = count(.unauthorised)
        case .absent: e = count(.absent)
        case .late: e = count(.late)
        case .rate: e = .rate(w)
        case .absence: e = .absence(w)
        case .band: e = .band(w)
        case .minutesLate:
            guard register.minutesLate != nil else { throw Diagnostic.noMinutesLate(at: site(m.phraseSpan)) }
            e = .minutesLate(w)
        case .sessionsCoded(let codes): e = .count(.codes(try codeIDs(codes)), .sessions, w)
        case .daysCoded(let codes): e = .count(.codes(try codeIDs(codes)), .days, w)
        case .streak(let marks):
            let c: MarkClass
            switch marks {
            case .present, .attended: c = .attended
            case .authorised: c = .authorised
            case .unauthorised: c = .unauthorised
            case .absent: c = .absent
            case .late: c = .late
            }
            e = .streak(.markClass(c), w)
        case .streakCoded(let codes): e = .streak(.codes(try codeIDs(codes)), w)
        case .casework: e = try caseworkMeasure(m.kind.caseworkSyntax!, m, comparisonWindow: comparisonWindow)
        case .projection: preconditionFailure("bound above")
        }
        if m.trend { throw Diagnostic.trendIsAColumn(at: site(m.phraseSpan)) }
        if let wd = m.weekdays { return try onWeekdays(e, wd, m) }
        if w.anyWeeks != nil {
            guard case .count = e else {
                throw Diagnostic.measureNotAllowed("`in any N weeks` takes a count of sessions or days", hint: "for example `unauthorised >= 10 in any 10 weeks over this year`", at: site(m.span))
            }
        }
        return e
    }

    func codeIDs(_ codes: [CodeSyntax]) throws(Diagnostic) -> [CodeID] {
        var out: [CodeID] = []
        // A national code takes in the register's own codes standing for it (codes.csv:
        // `sessions coded I` counts I01 too); an own code is itself.
        let own = register.schoolCodes
        for c in codes {
            guard let ids = own.ids(for: c.code) ?? own.ids(for: c.code.uppercased()) else {
                let known = CodeTable.all.map(\.code).filter { $0.count > 1 } + own.codes.map(\.code)
                throw Diagnostic.unknownMarkCode(c.code, suggestion: Suggestion.didYouMean(c.code, in: known), at: site(c.span))
            }
            for id in ids where !out.contains(id) { out.append(id) }
        }
        return out
    }
}

extension BoundCondition {
    /// Text values compare only for equality.
    func checkedText(_ op: CompareOp, _ site: DiagnosticSite) throws(Diagnostic) -> BoundCondition {
        if case .compare(let l, _, let r) = self, (l.unit == .text || r.unit == .text), op != .eq && op != .ne {
            throw Diagnostic.incomparable("text", op.rawValue, "text", at: site)
        }
        return self
    }
}


/// A diagnostic behind one pointer, thrown through deep recursion.
final class DiagnosticBox: Error, Sendable {
    let diagnostic: Diagnostic
    init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}
