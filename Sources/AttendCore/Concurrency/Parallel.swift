import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on every core, for the loader's passes over pupils or parts of a file.
enum Parallel {
    /// Online cores, or `ATTEND_THREADS` when set (for measurements).
    static var threads: Int {
        if let s = getenv("ATTEND_THREADS"), let n = Int(String(cString: s)), n >= 1 { return min(n, 64) }
        return max(1, min(64, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    }

    static func forEach(_ n: Int, _ body: @Sendable (Int) -> Void) {
        if n <= 0 { return }
        if n == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: n, execute: body)
    }

    /// `0..<count` cut into `parts` contiguous ranges.
    static func ranges(_ count: Int, _ parts: Int) -> [Range<Int>] {
        let k = max(1, min(parts, count))
        return (0..<k).map { i in (count * i / k)..<(count * (i + 1) / k) }
    }
}
