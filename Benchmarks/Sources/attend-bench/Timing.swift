import Foundation

/// Wall-clock timing: the median of several runs, in seconds.
enum Timing {
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Runs `body` `runs` times (after `warmup` untimed runs) and returns every time, sorted.
    static func measure(runs: Int, warmup: Int = 0, _ body: () throws -> Void) rethrows -> [Double] {
        for _ in 0..<warmup { try body() }
        var out: [Double] = []
        for _ in 0..<max(1, runs) {
            let t0 = ContinuousClock.now
            try body()
            out.append(seconds(ContinuousClock.now - t0))
        }
        return out.sorted()
    }

    /// Times `body` alone: its result is kept until the next run starts and is freed outside
    /// the timed part, as at the prompt (a result is shown, then dropped). Returns the times
    /// and the last result.
    static func results<R>(runs: Int, warmup: Int = 0, _ body: () throws -> R) rethrows -> (times: [Double], last: R?) {
        var last: R? = nil
        var out: [Double] = []
        for i in 0..<(warmup + max(1, runs)) {
            last = nil
            let t0 = ContinuousClock.now
            let r = try body()
            let t = seconds(ContinuousClock.now - t0)
            last = r
            if i >= warmup { out.append(t) }
        }
        return (out.sorted(), last)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// `1.23 s`, `45.6 ms`, `789 µs`.
    static func format(_ s: Double) -> String {
        if s.isNaN { return "—" }
        if s >= 1 { return String(format: "%.2f s", s) }
        if s >= 0.01 { return String(format: "%.0f ms", s * 1000) }
        if s >= 0.001 { return String(format: "%.1f ms", s * 1000) }
        return String(format: "%.0f µs", s * 1e6)
    }

    /// CPU time of the whole process (all threads), seconds.
    static func processCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// CPU time of the finished child processes that have been waited for (all their
    /// threads), seconds.
    static func childrenCPU() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6
    }

    /// Resident memory of this process from /proc/self/status, in bytes: (current, peak, anonymous).
    static func memory() -> (rss: Int, peak: Int, anon: Int) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0, 0) }
        func field(_ name: String) -> Int {
            for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
                let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
                return (Int(digits) ?? 0) * 1024
            }
            return 0
        }
        return (field("VmRSS"), field("VmHWM"), field("RssAnon"))
    }
}
