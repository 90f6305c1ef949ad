import Foundation
import Testing
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The `attend` binary these tests run: `$ATTEND_BIN`, or `attend` in the build products
/// directory that holds the test bundle (`swift test` builds it along with the tests).
enum AttendBinary {
    static let path: String? = {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["ATTEND_BIN"] {
            return fm.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        var directories: [URL] = []
        // Linux: the test runner is `<products>/attendPackageTests.xctest` itself.
        directories.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
        // macOS: the .xctest bundle sits in the products directory.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        return directories.map { $0.appendingPathComponent("attend").path }.first { fm.isExecutableFile(atPath: $0) }
    }()

    static func require() throws -> String {
        try #require(path, "attend binary not found next to the test bundle; build it (swift build) or set ATTEND_BIN")
    }
}

/// A fresh directory under /tmp, removed by `cleanUp()`.
struct TempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("attend-cli-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    func read(_ name: String) -> String? { try? String(contentsOfFile: path(name), encoding: .utf8) }

    func cleanUp() { try? FileManager.default.removeItem(at: url) }
}

/// What a finished subprocess printed.
struct RunOutput {
    var stdout: String
    var stderr: String
    var status: Int32
}

/// Time in the tests that drive the binary, on a machine that may be busy with other builds.
///
/// Waits are deadlines, not delays: each polls for the state it needs and returns as soon as
/// it holds, so a deadline can be generous at no cost to a quiet machine. Every deadline is
/// multiplied by ``scale`` (`ATTEND_TEST_TIME_SCALE`, default 6: a 5 s wait for a prompt
/// becomes 30 s). Bounds on how quickly something must happen (Ctrl-C stops within a second)
/// are multiplied by ``load`` instead: 1 on an idle machine, more when the run queue is longer
/// than the machine has cores.
enum TestTime {
    static let scale: Double = {
        if let s = ProcessInfo.processInfo.environment["ATTEND_TEST_TIME_SCALE"], let v = Double(s), v > 0 { return v }
        return 6
    }()

    static func deadline(_ seconds: TimeInterval) -> TimeInterval { seconds * scale }

    /// The one-minute load average over the number of cores, at least 1.
    static var load: Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first, let avg = Double(first) else { return 1 }
        return max(1, avg / Double(max(1, ProcessInfo.processInfo.activeProcessorCount)))
    }

    /// A bound on how long something may take, widened on a loaded machine.
    static func bound(_ seconds: TimeInterval) -> TimeInterval { seconds * load }
}

/// Runs a program with `input` on stdin (a pipe, so not a terminal) and waits for it.
func runProcess(_ path: String, arguments: [String] = [], input: String, environment: [String: String] = [:],
                directory: URL? = nil, timeout: TimeInterval = 20) throws -> RunOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { $1 }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
    process.standardInput = stdinPipe
    process.standardOutput = stdoutPipe
    process.standardError = stderrPipe
    try process.run()
    // Read both pipes on their own threads so a full pipe can't block the child.
    nonisolated(unsafe) var out = Data(), err = Data()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { out = stdoutPipe.fileHandleForReading.readDataToEndOfFile() }
    DispatchQueue.global().async(group: group) { err = stderrPipe.fileHandleForReading.readDataToEndOfFile() }
    stdinPipe.fileHandleForWriting.write(Data(input.utf8))
    try stdinPipe.fileHandleForWriting.close()
    if group.wait(timeout: .now() + TestTime.deadline(timeout)) == .timedOut {
        process.terminate()
        Issue.record("\(path) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    return RunOutput(stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                     status: process.terminationStatus)
}

/// A program running in its own tmux server (a private socket, no config file), driven with
/// send-keys and read with capture-pane, as a person would use it.
final class TmuxSession {
    static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { tmuxPath != nil }

    let socket: String
    private var killed = false

    /// Starts `command` (already shell-quoted) in a `width`×`height` window. When the program
    /// ends the pane shows `EXITED rc=N`.
    init(command: String, width: Int = 120, height: Int = 50) throws {
        socket = "attend-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        // The server forks from this client and keeps its stdout: a pipe here would never reach EOF.
        // (Spawn also keeps the server from inheriting this process's other descriptors.)
        try tmux(["new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)",
                  "\(command); echo EXITED rc=$?; sleep 600"], captureOutput: false)
    }

    deinit { kill() }

    @discardableResult
    private func tmux(_ arguments: [String], captureOutput: Bool = true) throws -> String {
        try Spawn.run(Self.tmuxPath!, ["-L", socket, "-f", "/dev/null"] + arguments, captureOutput: captureOutput)
    }

    /// Types text literally (no key names).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "main", "-l", text]) }

    /// Sends keys by tmux name: "Enter", "Tab", "C-c", "C-d", "Up".
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "main"] + keys) }

    /// The screen and its scrollback, lines joined, trailing blanks dropped. `escapes`: keep colour codes.
    func screen(escapes: Bool = false) throws -> String {
        var args = ["capture-pane", "-p", "-J", "-S", "-2000", "-t", "main"]
        if escapes { args.append("-e") }
        let text = try tmux(args)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String($0.reversed().drop { $0 == " " }.reversed()) }
            .joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
    }

    /// Polls the screen every 20 ms until `condition` holds or `timeout` passes; returns the
    /// last screen and records a test issue (with the screen) on timeout.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 5, escapes: Bool = false,
                 sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(TestTime.deadline(timeout))
        var last = ""
        repeat {
            last = try screen(escapes: escapes)
            if condition(last) { return last }
            usleep(20_000)
        } while Date() < deadline
        Issue.record("timed out after \(TestTime.deadline(timeout)) s waiting for \(what); screen:\n\(last)", sourceLocation: sourceLocation)
        return last
    }

    /// Waits until the screen shows `text` more times than it did in `before`.
    @discardableResult
    func waitForNew(_ text: String, after before: String, timeout: TimeInterval = 5,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let count = before.occurrences(of: text)
        return try waitFor("another \"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) {
            $0.occurrences(of: text) > count
        }
    }

    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
        // The socket file outlives the server.
        let socketDirectory = (ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp") + "/tmux-\(getuid())"
        try? FileManager.default.removeItem(atPath: socketDirectory + "/" + socket)
    }
}

extension String {
    func occurrences(of needle: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        return components(separatedBy: needle).count - 1
    }

    /// The last non-blank line.
    var lastLine: String { split(separator: "\n").last.map(String.init) ?? "" }
}

/// Single-quotes for sh.
func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// Runs a program and waits for it, without Foundation's Process. The tmux client forks the
/// tmux server, which lives on: Foundation's Process on Linux learns that a child ended when a
/// socket it hands the child closes, and the server keeps that socket (and any pipe, and any
/// descriptor of a test running alongside) open. Here the child gets /dev/null, an optional
/// stdout pipe, and nothing else (posix_spawn_file_actions_addclosefrom_np, glibc 2.34+), with
/// no signals blocked.
enum Spawn {
    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    #if os(Linux)
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let closeFrom: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }

    static func run(_ path: String, _ arguments: [String], captureOutput: Bool) throws -> String {
        var fds: [Int32] = [-1, -1]
        if captureOutput {
            guard pipe(&fds) == 0 else { throw Failed(description: "pipe failed") }
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if captureOutput {
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if let closeFrom { _ = closeFrom(&actions, 3) }

        // Test threads (libdispatch workers) block signals, and a child inherits the mask: tmux's
        // kill-server, which signals itself with SIGTERM, would then do nothing.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        if captureOutput { close(fds[1]) }
        guard rc == 0 else {
            if captureOutput { close(fds[0]) }
            throw Failed(description: "posix_spawn \(path): \(String(cString: strerror(rc)))")
        }
        var output: [UInt8] = []
        if captureOutput {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                output += buffer[0..<n]
            }
            close(fds[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }
    #else
    static func run(_ path: String, _ arguments: [String], captureOutput: Bool) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = captureOutput ? pipe : FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = captureOutput ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
    #endif
}
