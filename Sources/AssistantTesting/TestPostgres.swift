import Foundation
import Synchronization

/// A fresh, empty PostgreSQL database for a test, on one throwaway server per test process.
///
/// The server starts on the first call (however many tests make that call at once), from
/// Debian's `postgresql` package (`/usr/lib/postgresql/<highest>/bin`; `TEST_POSTGRES_BIN`
/// names another folder), in a folder under /tmp, on a free loopback port, and is stopped
/// and removed when the test process exits. When it cannot start, `makeDatabase()` throws
/// with the server's log: a test that needs PostgreSQL fails, it is never skipped.
public enum TestPostgres {
    /// The server every `makeDatabase()` shares: started once, lazily (a static `let` is
    /// initialised once, whichever thread comes first), never stopped before exit. A test
    /// that stops or restarts "the database" owns a `TestPostgresServer` of its own instead.
    private static let shared = Task<TestPostgresServer, any Error> {
        let server = try TestPostgresServer()
        try await server.start()
        return server
    }

    /// The shared server, started if this is the first call.
    public static func sharedServer() async throws -> TestPostgresServer {
        try await shared.value
    }

    /// A new empty database on the shared server:
    /// `postgres://postgres@127.0.0.1:PORT/test_…?sslmode=disable`.
    public static func makeDatabase() async throws -> String {
        let server = try await sharedServer()
        return try await server.createDatabase(
            "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
    }

    /// Runs `sql` with psql against `url` (a `postgres://` URL) and returns its output:
    /// unaligned, tuples only (`select 1` gives "1\n"). Throws when psql fails.
    public static func psql(_ sql: String, url: String) async throws -> String {
        try await PostgresTools.psql(sql, target: url)
    }
}

/// A PostgreSQL server a test owns: its own folder under /tmp and its own loopback port,
/// which it keeps across `stop()` and `start()` (so that "the database went down and came
/// back" can be tested against a client that keeps its URL). The first `start()` runs
/// `initdb`; data survives `stop()`. `remove()` — or the last reference going, or the test
/// process exiting — stops it at once and deletes the folder.
///
/// As root, `initdb`, `pg_ctl` and `psql` run as the `postgres` user (`runuser`), which
/// owns the folder: PostgreSQL refuses to run as root.
public final class TestPostgresServer: Sendable {
    /// The folder this server owns: the cluster in `data/`, the server's log, its socket.
    public let folder: String
    public var dataDirectory: String { folder + "/data" }
    public var logFile: String { folder + "/log" }

    private struct State {
        var port: Int
        /// Once the server has started on `port`, the port is this server's for good.
        var portConfirmed = false
        var removed = false
    }
    private let state: Mutex<State>

    /// How `stop` ends the server (pg_ctl's modes): `fast` rolls back open transactions and
    /// closes connections cleanly; `immediate` quits at once, like a crash (recovery runs at
    /// the next start; commits of the last moments may be lost, since the server runs with
    /// `fsync=off` and `synchronous_commit=off`).
    public enum StopMode: String, Sendable {
        case fast, immediate
    }

    /// Makes the folder and picks a port; nothing runs until `start()`.
    public init() throws {
        _ = PostgresTools.sweepOnce
        let folder = "/tmp/ca-pg-\(UUID().uuidString.lowercased())"
        guard mkdir(folder, 0o700) == 0 else {
            throw TestPostgresError("cannot create \(folder): errno \(errno)")
        }
        do {
            // Who made it: a later test process removes the folder if this one died without
            // its exit handler (a crash), see `PostgresTools.sweep`.
            try "\(getpid())\n".write(toFile: folder + "/owner", atomically: false, encoding: .utf8)
            if let owner = PostgresTools.runAs {
                guard chown(folder, owner.uid, owner.gid) == 0 else {
                    throw TestPostgresError("cannot give \(folder) to the postgres user: errno \(errno)")
                }
            }
            self.folder = folder
            state = Mutex(State(port: try PostgresTools.reservePort()))
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
        PostgresTools.register(folder)
    }

    deinit { remove() }

    /// The loopback port the server listens on (the same after a restart).
    public var port: Int { state.withLock { $0.port } }

    /// `postgres://postgres@127.0.0.1:PORT/DATABASE?sslmode=disable`.
    public func url(database: String = "postgres") -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Initialises the cluster the first time, then starts the server and waits until it
    /// accepts connections (`pg_ctl -w`, at most 30 s). Throws with the log's tail.
    public func start() async throws {
        try check()
        let tools = try PostgresTools.binaries()
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") {
            let result = try await PostgresTools.run(
                tools + "/initdb",
                ["-D", dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"])
            guard result.status == 0 else {
                throw TestPostgresError("initdb failed (exit \(result.status)):\n\(result.output)")
            }
        }
        // A port found free can be taken before the server binds it: the first start tries
        // a few; a restart keeps its port (the point of restarting).
        for attempt in 1...5 {
            let port = self.port
            let options = [
                "-c listen_addresses=127.0.0.1", "-p \(port)", "-k \(folder)", "-c fsync=off",
                "-c synchronous_commit=off", "-c max_connections=300",
            ].joined(separator: " ")
            let before = PostgresTools.logSize(logFile)
            let result = try await PostgresTools.run(
                tools + "/pg_ctl", ["-D", dataDirectory, "-l", logFile, "-w", "-t", "30", "-o", options, "start"])
            if result.status == 0 {
                state.withLock { $0.portConfirmed = true }
                return
            }
            let log = PostgresTools.logTail(logFile, from: before)
            let portTaken = log.contains("could not bind") || log.contains("Address already in use")
            let mayMove = state.withLock { !$0.portConfirmed }
            if portTaken && mayMove && attempt < 5 {
                let next = try PostgresTools.reservePort()
                state.withLock { $0.port = next }
                PostgresTools.release(port)
                continue
            }
            throw TestPostgresError(
                "PostgreSQL did not start on 127.0.0.1:\(port) (pg_ctl exit \(result.status)):\n\(result.output)\n"
                    + "--- \(logFile) ---\n\(log)")
        }
    }

    /// Stops the server (`pg_ctl stop`, waiting until it has exited). The folder, the data
    /// and the port stay: `start()` brings the same database back.
    public func stop(_ mode: StopMode = .fast) async throws {
        try check()
        let tools = try PostgresTools.binaries()
        let result = try await PostgresTools.run(
            tools + "/pg_ctl", ["-D", dataDirectory, "-m", mode.rawValue, "-w", "-t", "30", "stop"])
        guard result.status == 0 else {
            throw TestPostgresError(
                "pg_ctl stop failed (exit \(result.status)):\n\(result.output)\n--- \(logFile) ---\n"
                    + PostgresTools.logTail(logFile))
        }
    }

    /// Creates an empty database `name` (letters, digits, `_`) and returns its URL.
    @discardableResult
    public func createDatabase(_ name: String) async throws -> String {
        guard !name.isEmpty, name.count <= 63,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { throw TestPostgresError("not a plain database name: \(name)") }
        _ = try await psql("CREATE DATABASE \"\(name)\"")
        return url(database: name)
    }

    /// Runs `sql` with psql on `database` and returns its output (unaligned, tuples only).
    public func psql(_ sql: String, database: String = "postgres") async throws -> String {
        try check()
        return try await PostgresTools.psql(sql, target: url(database: database))
    }

    /// The last lines of the server's log, for a failure's message.
    public func logTail() -> String {
        PostgresTools.logTail(logFile)
    }

    /// Stops the server at once if it runs and deletes the folder. Later calls do nothing;
    /// any other method then throws.
    public func remove() {
        let (wasRemoved, port) = state.withLock { state in
            defer { state.removed = true }
            return (state.removed, state.port)
        }
        guard !wasRemoved else { return }
        PostgresTools.stopAndDelete(folder)
        PostgresTools.unregister(folder)
        PostgresTools.release(port)
    }

    private func check() throws {
        if state.withLock({ $0.removed }) { throw TestPostgresError("this TestPostgresServer was removed") }
    }
}

/// Why PostgreSQL could not be started or used; the message carries the tool's output and
/// the server log's tail.
public struct TestPostgresError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Finding and running PostgreSQL's tools, ports, and the clean-up at exit.
enum PostgresTools {
    /// The folders of servers not yet removed: stopped and deleted when the process exits.
    private static let live = Mutex<Set<String>>([])
    /// Ports handed to a server of this process (two servers picking the same port at once).
    private static let reserved = Mutex<Set<Int>>([])

    private static let atExit: Void = {
        atexit {
            for folder in PostgresTools.live.withLock({ $0 }) { PostgresTools.stopAndDelete(folder) }
        }
    }()

    static func register(_ folder: String) {
        _ = atExit
        live.withLock { _ = $0.insert(folder) }
    }

    static func unregister(_ folder: String) {
        live.withLock { _ = $0.remove(folder) }
    }

    /// The folder with `initdb`, `pg_ctl` and `psql`: `TEST_POSTGRES_BIN`, else the highest
    /// version under /usr/lib/postgresql (Debian's layout; not whatever is in /usr/local/bin).
    static func binaries() throws -> String {
        if let folder = ProcessInfo.processInfo.environment["TEST_POSTGRES_BIN"], !folder.isEmpty { return folder }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { name in Double(name).map { (name, $0) } }
            .filter { FileManager.default.isExecutableFile(atPath: "\(root)/\($0.0)/bin/pg_ctl") }
            .sorted { $0.1 > $1.1 }
        guard let newest = versions.first else {
            throw TestPostgresError(
                "PostgreSQL is not installed: no \(root)/*/bin/pg_ctl (apt-get install postgresql; make deps does)")
        }
        return "\(root)/\(newest.0)/bin"
    }

    /// The `postgres` user the tools run as when this process is root (PostgreSQL refuses
    /// root); nil when not root.
    static let runAs: (uid: uid_t, gid: gid_t)? = {
        guard geteuid() == 0 else { return nil }
        guard let entry = getpwnam("postgres") else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }()

    /// Runs a PostgreSQL tool, as the `postgres` user when root, with a plain environment.
    static func run(_ tool: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "PGCONNECT_TIMEOUT": "10"]
        // In "/": as another user the tools cannot read a private current directory (a
        // clone under /root) and say so in their output.
        guard geteuid() == 0 else {
            return try await runTool(arguments, executable: tool, environment: environment, directory: "/")
        }
        guard runAs != nil else {
            throw TestPostgresError("running as root, and there is no postgres user to run PostgreSQL as")
        }
        guard let runuser = ["/usr/sbin/runuser", "/sbin/runuser"].first(where: FileManager.default.isExecutableFile)
        else { throw TestPostgresError("running as root, and runuser (util-linux) is not installed") }
        return try await runTool(
            ["-u", "postgres", "--", tool] + arguments, executable: runuser, environment: environment, directory: "/")
    }

    static func psql(_ sql: String, target: String) async throws -> String {
        let result = try await run(
            try binaries() + "/psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", target, "-c", sql])
        guard result.status == 0 else {
            throw TestPostgresError("psql failed (exit \(result.status)) on \(target): \(sql)\n\(result.output)")
        }
        return result.output
    }

    /// A loopback port nothing is bound to, below the kernel's ephemeral range (where the
    /// other tests' servers get their ports from `bind(0)`), not handed out before in this
    /// process, and outside 18000–18999 (`make demo`, `make cluster`).
    static func reservePort() throws -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 20000..<32000)
            guard isFree(port) else { continue }
            if reserved.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw TestPostgresError("no free loopback port found for PostgreSQL")
    }

    static func release(_ port: Int) {
        reserved.withLock { _ = $0.remove(port) }
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    static func logSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The last 40 lines of the log (from byte `offset` on, when given).
    static func logTail(_ path: String, from offset: Int = 0) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(no log at \(path))" }
        let text = String(decoding: data.dropFirst(min(offset, data.count)), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(40).joined(separator: "\n")
    }

    /// Synchronously, for `deinit` and the exit handler: what `pg_ctl -m immediate stop`
    /// does (SIGQUIT to the postmaster named in postmaster.pid, then wait for that file to
    /// go), SIGKILL after 10 s, then delete the folder.
    static func stopAndDelete(_ folder: String) {
        let pidFile = folder + "/data/postmaster.pid"
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ pid_t($0.trimmingCharacters(in: .whitespaces)) }),
            pid > 0, isPostgres(pid)
        {
            kill(pid, SIGQUIT)
            var waited = 0
            while FileManager.default.fileExists(atPath: pidFile) && isPostgres(pid) && waited < 1000 {
                usleep(10_000)
                waited += 1
            }
            if isPostgres(pid) && FileManager.default.fileExists(atPath: pidFile) { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Whether `pid` is a live (not zombie) postgres process.
    private static func isPostgres(_ pid: pid_t) -> Bool {
        isAlive(pid) { $0 == "postgres" || $0 == "postmaster" }
    }

    /// Whether `pid` runs and has not exited (a zombie has: where nothing reaps orphans, as
    /// in some containers, an exited process stays one), and its name passes `named`.
    /// Without /proc, whether the pid exists.
    private static func isAlive(_ pid: pid_t, named: (Substring) -> Bool = { _ in true }) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return FileManager.default.fileExists(atPath: "/proc") ? false : kill(pid, 0) == 0
        }
        // "pid (comm) S …": the name in parentheses, then the state.
        guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return false }
        let rest = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces)
        return named(stat[stat.index(after: open)..<close]) && !rest.hasPrefix("Z") && !rest.hasPrefix("X")
    }

    /// Once per process: servers left by test processes that died without their exit
    /// handler (their owner pid is gone) are stopped and deleted.
    static let sweepOnce: Void = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for name in names where name.hasPrefix("ca-pg-") {
            let folder = "/tmp/" + name
            guard let text = try? String(contentsOfFile: folder + "/owner", encoding: .utf8),
                let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                owner != getpid(), !isAlive(owner)
            else { continue }
            stopAndDelete(folder)
        }
    }()
}
