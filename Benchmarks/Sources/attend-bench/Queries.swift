import AttendCore

/// The questions the benchmark asks, in attend's language (the SQL twins are in
/// duckdb_bench.py under the same keys).
struct BenchQuery: Sendable {
    let key: String
    let title: String
    let text: String
    /// Target time on the loaded store, seconds.
    let target: Double

    static let all: [BenchQuery] = [
        BenchQuery(key: "headline", title: "headline query (rate < 90% term 1 and unauthorised ≥ 10 in last 10 weeks)",
                   text: "pupils where rate < 90% over term 1 and unauthorised >= 10 in last 10 weeks", target: 0.010),
        BenchQuery(key: "persistent", title: "persistent absence over the year, all pupils",
                   text: "all pupils where persistent over this year", target: 0.005),
        BenchQuery(key: "rate_by_form", title: "rate by form over this term",
                   text: "rate by form over this term", target: 0.005),
        BenchQuery(key: "rate_by_week", title: "rate by week over this year (one row per school week)",
                   text: "rate by week over this year", target: 0.020),
    ]
}

enum QueryRunner {
    /// Parses, binds and evaluates one statement as `attend query` does (no printing).
    static func run(_ text: String, _ session: Session) throws -> ResultTable {
        guard case .complete(let statements) = Parser.parse(text), let s = statements.first else {
            throw BenchError("does not parse: \(text)")
        }
        guard case .result(let t, _) = try session.run(s) else { throw BenchError("no result: \(text)") }
        return t
    }

    /// The UPNs of a pupil list.
    static func upns(_ t: ResultTable, _ r: Register) -> [String] {
        (t.pupils ?? []).map { r.pupils.upn[$0] }.sorted()
    }
}
