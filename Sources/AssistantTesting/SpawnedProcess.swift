import Foundation
import Synchronization

/// A child process started with `posix_spawn`, for tests that run the binary, nginx or a
/// tool. Not Foundation's `Process`: on Linux its `run()` scans `/proc/self/fd` copying 256
/// bytes per entry, past the end of `readdir`'s buffer (swift-corelibs-foundation#5472,
/// fixed after Swift 6.3). When the buffer ends next to an unmapped page the whole test
/// process dies in `memmove` — it did once in CI, and AddressSanitizer reports the
/// overflow on every run of the suite.
public final class SpawnedProcess: Sendable {
    public let processIdentifier: pid_t
    private let state = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))

    /// Starts `executable` with `arguments` (argv[0] is the executable), its standard output
    /// and error on `output`, standard input from /dev/null, no other inherited descriptor,
    /// and default signal handling. `environment` nil inherits this process's environment;
    /// `directory` nil, this process's current directory.
    public init(
        _ executable: String, arguments: [String], environment: [String: String]?, output: Int32,
        directory: String? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let directory {
            guard let addChdir = Self.addChdir else { throw POSIXError(.ENOSYS) }
            _ = addChdir(&actions, directory)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        // Another test's pipe inherited by this child would hold that pipe open.
        if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The test process ignores or blocks signals (the in-process servers handle SIGTERM
        // themselves); a child must start with the defaults, as a shell would start it.
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigemptyset(&allSignals)
        for number in 1..<SIGSYS where number != SIGKILL && number != SIGSTOP { sigaddset(&allSignals, number) }
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let pairs = environment.map { $0.map { "\($0.key)=\($0.value)" } }
        let envp = pairs.map { $0.map { strdup($0) } + [nil] }
        defer { for pointer in envp ?? [] { free(pointer) } }

        var pid: pid_t = 0
        let result =
            envp.map { posix_spawn(&pid, executable, &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        processIdentifier = pid
        reapOnExit()
    }

    /// glibc 2.34+ has it; the Glibc module does not import it.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? =
        {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            else { return nil }
            return unsafeBitCast(
                symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        }()

    /// glibc 2.29+ has it; the Glibc module does not import it.
    private static let addChdir:
        (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
            else { return nil }
            return unsafeBitCast(
                symbol,
                to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)
                    .self)
        }()

    /// True once the child has exited and been reaped (its pid is then no longer ours).
    public var hasExited: Bool { state.withLock { $0.status != nil } }

    /// The exit status, or the signal's number when a signal ended it (as `Process` reports).
    public func status() async -> Int32 {
        await withCheckedContinuation { continuation in
            let known = state.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    /// One thread blocked in `waitpid` per child: nothing else in the test process reaps.
    private func reapOnExit() {
        let pid = processIdentifier
        let reaper = Thread { [self] in
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            let endingSignal = raw & 0x7f
            let status = endingSignal == 0 ? (raw >> 8) & 0xff : endingSignal
            let waiters = state.withLock { state in
                state.status = status
                defer { state.waiters = [] }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: status) }
        }
        reaper.start()
    }
}

/// Runs a program to completion and returns its exit status and output (both streams, in
/// a temporary file), in `directory` when given.
public func runTool(
    _ arguments: [String], executable: String = "/usr/bin/env", environment: [String: String]? = nil,
    directory: String? = nil
) async throws -> (status: Int32, output: String) {
    let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("ca-out-\(UUID().uuidString)").path
    let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard output >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    let process: SpawnedProcess
    do {
        defer { close(output) }
        process = try SpawnedProcess(
            executable, arguments: arguments, environment: environment, output: output, directory: directory)
    }
    let status = await process.status()
    return (status, try String(contentsOfFile: outputPath, encoding: .utf8))
}
