#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-length array of plain values holding one of the store's large columns (the mark
/// codes, the words of a bit matrix). Its memory is either its own (filled by the loader,
/// several threads at once) or a section of a mapped saved store, used in place: reopening
/// a store copies nothing.
///
/// Reads only, like an `Array` (`a[i]`, `count`, `withUnsafeBufferPointer`); the loader
/// fills a fresh one through ``withUnsafeMutableBufferPointer``, which copies first when the
/// memory is shared or mapped.
public struct StoreArray<Element: BitwiseCopyable>: Sendable, RandomAccessCollection {
    final class Storage: @unchecked Sendable {
        let base: UnsafeMutablePointer<Element>?
        let count: Int
        /// Keeps a mapped file alive while a column points into it; nil for owned memory.
        let owner: AnyObject?

        init(owned count: Int, zeroed: Bool) {
            self.count = count
            owner = nil
            guard count > 0 else { base = nil; return }
            let bytes = count * MemoryLayout<Element>.stride
            // calloc for large zeroed blocks hands back fresh zero pages: no pass over them.
            let raw = zeroed ? calloc(count, MemoryLayout<Element>.stride) : malloc(bytes)
            guard let raw else { fatalError("out of memory allocating \(bytes) bytes") }
            base = raw.bindMemory(to: Element.self, capacity: count)
        }

        init(mapped base: UnsafeRawPointer, count: Int, owner: AnyObject) {
            self.base = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Element.self))
            self.count = count
            self.owner = owner
        }

        deinit {
            if owner == nil, let base { free(base) }
        }
    }

    private(set) var storage: Storage

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }
    public var count: Int { storage.count }

    /// `count` zeroes.
    public init(zeroed count: Int) { storage = Storage(owned: count, zeroed: true) }

    /// `count` elements the caller must fill before reading.
    init(uninitialized count: Int) { storage = Storage(owned: count, zeroed: false) }

    public init(_ values: [Element]) {
        storage = Storage(owned: values.count, zeroed: false)
        if let base = storage.base {
            values.withUnsafeBufferPointer { base.initialize(from: $0.baseAddress!, count: values.count) }
        }
    }

    /// A column inside mapped memory that `owner` keeps alive.
    init(mapped base: UnsafeRawPointer, count: Int, owner: AnyObject) {
        storage = Storage(mapped: base, count: count, owner: owner)
    }

    /// Whether the memory is a mapped file's.
    var isMapped: Bool { storage.owner != nil }

    @inline(__always)
    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < storage.count, "index out of range")
        return storage.base.unsafelyUnwrapped[i]
    }

    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// Writable access; copies first when the memory is shared or mapped.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) || storage.owner != nil {
            let copy = Storage(owned: storage.count, zeroed: false)
            if let to = copy.base, let from = storage.base { to.initialize(from: from, count: storage.count) }
            storage = copy
        }
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count))
    }

    /// The raw bytes, for writing a saved store.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.base, count: storage.count * MemoryLayout<Element>.stride))
    }
}

extension StoreArray: Equatable where Element: Equatable {
    public static func == (a: StoreArray, b: StoreArray) -> Bool {
        guard a.count == b.count else { return false }
        if a.storage === b.storage { return true }
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.elementsEqual(y) } }
    }
}
