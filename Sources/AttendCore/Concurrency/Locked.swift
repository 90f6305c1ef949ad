#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value shared between threads, behind a pthread mutex: the one lock attend's caches and
/// process-wide lists use (the register's indexes and code matrices, the evaluator's shared
/// counts, the school's own codes, the files of loaded registers).
///
/// Not `Synchronization.Mutex`: under contention it waits and wakes through futex calls in
/// libswiftSynchronization, which is not built with ThreadSanitizer, so TSan does not see the
/// hand-over and reports the locked accesses as races (a false positive that would hide real
/// ones behind suppressions). A pthread mutex is intercepted by TSan and costs the same.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock: UnsafeMutablePointer<pthread_mutex_t>

    public init(_ value: Value) {
        self.value = value
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    /// Runs `body` with the value, no other thread touching it meanwhile.
    public func withLock<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return try body(&value)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }
}
