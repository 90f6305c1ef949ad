/// Maps UTF-8 byte offsets of a text to 1-based lines and columns (in characters).
struct LineTable {
    private let bytes: [UInt8]
    /// Byte offset where each line starts.
    private let starts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (k, b) in bytes.enumerated() where b == 0x0A { starts.append(k + 1) }
        self.starts = starts
    }

    /// Index into `starts` of the line holding `offset`.
    private func lineIndex(_ offset: Int) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    func line(of offset: Int) -> Int { lineIndex(offset) + 1 }

    func column(of offset: Int) -> Int {
        var start = starts[lineIndex(offset)]
        if start == 0 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }   // byte-order mark
        let end = max(start, min(offset, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self).count + 1
    }

    /// The offset of the end of the line holding `offset` (its newline, or the end of text).
    func endOfLine(_ offset: Int) -> Int {
        let k = lineIndex(offset)
        return k + 1 < starts.count ? starts[k + 1] - 1 : bytes.count
    }
}
