import Testing
@testable import AttendCore
#if canImport(Glibc)
import Glibc
#endif

/// `attend save` and `--data FILE.attend`: a store reopens to the same answers, and a file
/// that is not a store, is damaged, is from another format version, or whose register files
/// have changed is refused with a message that says so.
@Suite struct SavedStoreTests {
    /// A fresh private folder under /tmp.
    static func temporaryFolder() -> String {
        var template = Array("/tmp/attend-store-test-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: p!)
    }

    static func writeFile(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    static func readFile(_ path: String) -> [UInt8] {
        (try? FileBytes(path: path).withBytes { Array($0) }) ?? []
    }

    /// The demo register written as a folder, loaded, and saved.
    static func savedDemo(pupils: Int = 300) throws -> (dir: String, store: String, register: Register) {
        let dir = temporaryFolder()
        try DemoRegister.write(to: dir + "/register", DemoOptions(pupils: pupils))
        let r = try RegisterLoader.load(try RegisterSource.folder(dir + "/register"))
        let store = dir + "/register.attend"
        try SavedStore.save(r, to: store)
        return (dir, store, r)
    }

    func refusal(_ path: String) -> [String] {
        do {
            _ = try SavedStore.open(path)
            return []
        } catch {
            return error.diagnostics.map { DiagnosticRenderer(color: false).render($0).split(separator: "\n").first.map(String.init) ?? "" }
        }
    }

    static let queries = [
        "pupils where rate < 90% over term 1 and unauthorised >= 10 in last 10 weeks",
        "all pupils where persistent over this year",
        "pupils where severe over this year",
        "pupils where unauthorised streak >= 10 days over this year",
        "pupils where unauthorised >= 10 in any 10 weeks over this year",
        "rate by form over this term",
        "summary by year over this year",
        "codes over this year",
        "absence by weekday over this year",
        "pupils where sessions coded C2 > 0 over this term",
        "pupils where minutes late > 100 over this year",
        "count pupils where persistent over this year by year",
    ]

    func answers(_ r: Register) throws -> [ResultTable] {
        let session = Session(register: r, asOf: r.calendar.lastSchoolDay)
        return try Self.queries.map { q in
            guard case .complete(let s) = Parser.parse(q), case .result(let t, _) = try session.run(s[0]) else {
                Issue.record("no result for \(q)")
                return ResultTable(columns: [])
            }
            return t
        }
    }

    @Test func roundTripGivesTheSameAnswers() throws {
        let (dir, store, loaded) = try Self.savedDemo()
        defer { _ = system("rm -rf '\(dir)'") }
        let reopened = try SavedStore.open(store)
        #expect(try answers(reopened) == answers(loaded))
        #expect(Array(reopened.marks) == Array(loaded.marks))
        for c in MarkClass.allCases { #expect(reopened.matrix(c).words == loaded.matrix(c).words) }
        #expect(reopened.diagnostics == loaded.diagnostics)
        #expect(reopened.calendar.days == loaded.calendar.days)
        #expect(reopened.calendar.years == loaded.calendar.years)
        #expect(reopened.calendar.possibleDay == loaded.calendar.possibleDay)
        #expect(reopened.onRollFrom == loaded.onRollFrom && reopened.onRollUntil == loaded.onRollUntil)
        #expect(reopened.loadStatistics.codesUsed == loaded.loadStatistics.codesUsed)
        let a = reopened.pupils, b = loaded.pupils
        #expect(a.texts == b.texts && a.years == b.years && a.flags == b.flags && a.sends == b.sends && a.dates == b.dates)
        #expect(a.line == b.line && a.indexByUPN == b.indexByUPN)
        #expect(a.extraColumns.map(\.values) == b.extraColumns.map(\.values) && a.presentColumns == b.presentColumns)
        #expect(reopened.defaultOrderRank == loaded.defaultOrderRank)
        #expect(reopened.sources == loaded.sources && reopened.sources.count == 3)
        // Saving a reopened store gives the same bytes but for the time of saving.
        let again = dir + "/again.attend"
        try SavedStore.save(reopened, to: again)
        #expect(Self.readFile(again).count == Self.readFile(store).count)
        var st = stat()
        #expect(stat(store, &st) == 0 && st.st_mode & 0o777 == 0o600)
    }

    @Test func theDemoRegisterInMemorySavesToo() throws {
        let dir = Self.temporaryFolder()
        defer { _ = system("rm -rf '\(dir)'") }
        let files = DemoRegister.files(DemoOptions(pupils: 200))
        let r = try RegisterLoader.load(RegisterSource(name: "demo", pupils: FileBytes(name: "pupils.csv", bytes: files.pupils),
                                                       marks: FileBytes(name: "marks.csv", bytes: files.marks),
                                                       calendar: FileBytes(name: "calendar.csv", bytes: files.calendar)))
        try SavedStore.save(r, to: dir + "/demo.attend")
        let back = try SavedStore.open(dir + "/demo.attend")
        #expect(back.sources.isEmpty && back.name == "demo")
        #expect(try answers(back) == answers(r))
    }

    @Test func aFileThatIsNotAStore() throws {
        let (dir, _, _) = try Self.savedDemo(pupils: 150)
        defer { _ = system("rm -rf '\(dir)'") }
        #expect(refusal(dir + "/register/marks.csv") == ["\(dir)/register/marks.csv: error[D401]: \(dir)/register/marks.csv is not a store saved by attend"])
        Self.writeFile(dir + "/empty.attend", [])
        #expect(refusal(dir + "/empty.attend").first?.contains("D401") == true)
    }

    @Test func aTruncatedStore() throws {
        let (dir, store, _) = try Self.savedDemo(pupils: 150)
        defer { _ = system("rm -rf '\(dir)'") }
        let bytes = Self.readFile(store)
        Self.writeFile(store, Array(bytes.prefix(bytes.count - 1000)))
        let msg = refusal(store)
        #expect(msg.count == 1)
        #expect(msg.first?.contains("error[D403]: \(store) is damaged: it is cut short (") == true)
        Self.writeFile(store, Array(bytes.prefix(40)))
        #expect(refusal(store).first?.contains("D403") == true)
    }

    @Test func aFlippedByteAnywhere() throws {
        let (dir, store, _) = try Self.savedDemo(pupils: 150)
        defer { _ = system("rm -rf '\(dir)'") }
        let bytes = Self.readFile(store)
        // In the header, in the table of sections, and at several places in the sections.
        for at in [20, 70, 400, bytes.count / 3, bytes.count / 2, bytes.count - 5] {
            var damaged = bytes
            damaged[at] ^= 0x10
            Self.writeFile(store, damaged)
            let msg = refusal(store)
            #expect(msg.count == 1 && msg[0].contains("error[D403]: \(store) is damaged:"), "byte \(at): \(msg)")
            #expect(msg.first?.contains("checksum") == true || msg.first?.contains("cut short") == true || msg.first?.contains("too many") == true, "byte \(at): \(msg)")
        }
        var damaged = bytes
        damaged[bytes.count / 2] ^= 1
        Self.writeFile(store, damaged)
        #expect(refusal(store).first?.contains("section does not match its checksum") == true)
    }

    @Test func aStoreFromAnotherVersion() throws {
        let (dir, store, _) = try Self.savedDemo(pupils: 150)
        defer { _ = system("rm -rf '\(dir)'") }
        var bytes = Self.readFile(store)
        let other = SavedStore.formatVersion + 1
        bytes[8] = UInt8(other)
        Self.writeFile(store, bytes)
        #expect(refusal(store) == ["\(store): error[D402]: \(store) was saved by a different version of attend (store format \(other); this attend reads format \(SavedStore.formatVersion))"])
    }

    @Test func aChangedRegisterFile() throws {
        let (dir, store, _) = try Self.savedDemo(pupils: 150)
        defer { _ = system("rm -rf '\(dir)'") }
        let marks = dir + "/register/marks.csv"
        let original = Self.readFile(marks)
        // A row more.
        Self.writeFile(marks, original + Array("A880007000001,2026-07-22,PM,/,\n".utf8))
        #expect(refusal(store).first?.hasPrefix("\(store): error[D404]: \(marks) has changed since \(store) was saved (its size was") == true)
        // The same size, another time.
        Self.writeFile(marks, original)
        #expect(refusal(store).first?.contains("error[D404]: \(marks) has changed since \(store) was saved (it was modified after the store was saved)") == true)
        // The same size and time, other contents at the end.
        var edited = original
        edited[edited.count - 3] = edited[edited.count - 3] == UInt8(ascii: "/") ? UInt8(ascii: "L") : UInt8(ascii: "/")
        Self.writeFile(marks, edited)
        // Put the saved modification time back on the edited file: the checksums still see it.
        var times = [timespec](repeating: timespec(), count: 2)
        let old = try Self.sourceTime(store, role: "marks.csv")
        times[0] = timespec(tv_sec: Int(old / 1_000_000_000), tv_nsec: Int(old % 1_000_000_000))
        times[1] = times[0]
        #expect(utimensat(AT_FDCWD, marks, &times, 0) == 0)
        #expect(refusal(store).first?.contains("error[D404]: \(marks) has changed since \(store) was saved (its contents differ)") == true)
        // Put the file back exactly, time and all: the store opens again.
        Self.writeFile(marks, original)
        #expect(utimensat(AT_FDCWD, marks, &times, 0) == 0)
        #expect(refusal(store) == [])
    }

    @Test func registerFilesGoneIsAWarning() throws {
        let (dir, store, loaded) = try Self.savedDemo(pupils: 150)
        defer { _ = system("rm -rf '\(dir)'") }
        _ = system("rm -rf '\(dir)/register'")
        let r = try SavedStore.open(store)
        #expect(r.diagnostics.filter { $0.code == "D405" }.count == 3)
        #expect(try answers(r) == answers(loaded))
    }

    /// The modification time a store recorded for one of its files, read from its register section.
    static func sourceTime(_ store: String, role: String) throws -> Int64 {
        let bytes = readFile(store)
        return try bytes.withUnsafeBytes { raw in
            let count = Int(raw.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
            for i in 0..<count {
                let o = 64 + 32 * i
                guard raw.loadUnaligned(fromByteOffset: o, as: UInt32.self) == 1 else { continue }
                let offset = Int(raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self))
                let length = Int(raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self))
                var d = StoreDecoder(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)]), section: "register")
                _ = try d.string(); _ = try d.int(); _ = try d.int(); _ = try d.int()
                for _ in 0..<(try d.count()) {
                    let r = try d.string(); _ = try d.string(); _ = try d.int()
                    let m = Int64(bitPattern: try d.u64()); _ = try d.u64(); _ = try d.u64()
                    if r == role { return m }
                }
            }
            throw StoreDecoder.Failure(detail: "no such file")
        }
    }
}

/// The store's checksum is the standard XXH64 (reference values from the xxHash sources).
@Suite struct XXHash64Tests {
    @Test func referenceValues() {
        #expect(XXHash64.hash(Array("".utf8)) == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXHash64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
        #expect(XXHash64.hash(Array("Nobody inspects the spammish repetition".utf8)) == 0xFBCE_A83C_8A37_8BF1)
    }
}
