import CoreMetrics
import Logging
import MarketEngine
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The connection pool to `DATABASE_URL` and what every PostgreSQL store shares: the schema
/// (brought up to date at start-up, retried until the database answers), the database's
/// availability (what `/readyz` reports), and one way to run a statement — with a time
/// limit, counted, and refused at once while the database is known to be down, so that a
/// webhook request gets its 503 in microseconds rather than after a timeout.
public final class PostgresDatabase: Sendable {
    public struct Options: Sendable {
        /// Connections in the pool.
        public var poolSize: Int
        /// A statement (with the wait for a connection) that takes longer fails.
        public var statementTimeout: Duration
        /// How often the database is pinged; also how soon a replica notices it is back.
        public var pingInterval: Duration

        public init(poolSize: Int = 10, statementTimeout: Duration = .seconds(5), pingInterval: Duration = .seconds(1))
        {
            self.poolSize = poolSize
            self.statementTimeout = statementTimeout
            self.pingInterval = pingInterval
        }
    }

    /// The database cannot be used now (down, unreachable, or its schema not yet made).
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String { "the database is unavailable" }
    }

    let url: DatabaseURL
    let options: Options
    let client: PostgresClient
    let logger: Logger
    /// The statements' time limits.
    let deadlines: DeadlineWatch
    /// Statement timings, pings' intervals and rows' times.
    let clock: AppClock
    private let state = Mutex<(migrated: Bool, reachable: Bool)>((false, false))
    private let migrated = OneShot<Bool>()
    private let statements: Counter
    private let failures: Counter
    private let timer: Timer
    private let available: Gauge

    public init(
        url: DatabaseURL, options: Options = Options(), metrics: any MetricsFactory, clock: AppClock = .system,
        logger: Logger
    ) throws {
        self.clock = clock
        deadlines = DeadlineWatch(clock: clock)
        self.url = url
        self.options = options
        self.logger = logger
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: try Self.clientTLS(url.tls))
        configuration.options.maximumConnections = options.poolSize
        configuration.options.connectTimeout = .seconds(5)
        // postgres-nio logs every failed connection attempt as an error at each backoff
        // step; the monitor says once that the database is down and once that it is back.
        var background = logger
        background.logLevel = max(logger.logLevel, .critical)
        client = PostgresClient(configuration: configuration, backgroundLogger: background)
        statements = Counter(label: "crypto_assistant_db_statements_total", dimensions: [], factory: metrics)
        failures = Counter(label: "crypto_assistant_db_failures_total", dimensions: [], factory: metrics)
        timer = Timer(label: "crypto_assistant_db_statement_duration_seconds", dimensions: [], factory: metrics)
        available = Gauge(label: "crypto_assistant_db_available", dimensions: [], factory: metrics)
        Gauge(label: "crypto_assistant_db_pool_size", dimensions: [], factory: metrics).record(options.poolSize)
    }

    /// Whether statements can run: the schema is made and the last ping (or statement) worked.
    public var isAvailable: Bool { state.withLock { $0.migrated && $0.reachable } }

    /// Returns once the schema is made (true), or false if the monitor stopped first.
    public func waitUntilReady() async -> Bool {
        await migrated.wait() ?? false
    }

    /// Runs `body` on the pool within the statement timeout. Fails at once while the
    /// database is known to be down; a connection failure or timeout marks it down until
    /// the next ping succeeds.
    func run<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        guard isAvailable else {
            failures.increment()
            throw Unavailable()
        }
        return try await runUnchecked(body)
    }

    /// Runs a prepared statement; returns its first row.
    func first<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> Statement.Row?
    where Statement.Row: Sendable {
        try await run { client in
            for try await row in try await client.execute(statement) { return row }
            return nil
        }
    }

    private func runUnchecked<T: Sendable>(_ body: @escaping @Sendable (PostgresClient) async throws -> T)
        async throws -> T
    {
        let started = clock.now
        statements.increment()
        let client = client
        let timeout = options.statementTimeout
        do {
            let result = try await deadlines.run(within: timeout) { try await body(client) }
            timer.recordNanoseconds(clock.elapsed(since: started).wholeNanoseconds)
            return result
        } catch {
            failures.increment()
            if Self.meansUnreachable(error) { markReachable(false, error: error) }
            throw error
        }
    }

    /// A server's answer to a bad statement (a constraint, a serialization failure) says the
    /// database is up; anything else (no connection, a timeout, a closed pool) says it is not.
    static func meansUnreachable(_ error: any Error) -> Bool {
        if let error = error as? PSQLError, error.code == .server { return false }
        if error is CancellationError { return false }
        // TimeLimitExceeded (no answer within the statement timeout) says it is unreachable.
        return true
    }

    private func markReachable(_ reachable: Bool, error: (any Error)? = nil) {
        let (changed, migrated) = state.withLock { state in
            defer { state.reachable = reachable }
            return (state.reachable != reachable, state.migrated)
        }
        available.record(reachable && migrated ? 1 : 0)
        guard changed, migrated else { return }
        if reachable {
            logger.notice("database available again", metadata: ["database": "\(url)"])
        } else {
            logger.error(
                "database unavailable: webhook answers 503 and /readyz 503 until it returns",
                metadata: ["database": "\(url)", "error": "\(Self.describe(error))"])
        }
    }

    /// Makes the schema (retrying until the database answers), then pings it every
    /// `pingInterval` until graceful shutdown. Runs beside `client.run()`.
    func monitor(migrations: PostgresMigrations) async {
        var reportedDown = false
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if !state.withLock({ $0.migrated }) {
                do {
                    let version = try await runUnchecked { client in try await migrations.apply(on: client) }
                    state.withLock { $0 = (true, true) }
                    available.record(1)
                    _ = self.migrated.offer(true)
                    logger.notice(
                        "database ready", metadata: ["database": "\(url)", "schema_version": "\(version)"])
                } catch {
                    if !reportedDown {
                        reportedDown = true
                        logger.error(
                            "database unreachable at start-up; retrying (/readyz answers 503 until it connects)",
                            metadata: ["database": "\(url)", "error": "\(Self.describe(error))"])
                    }
                }
            } else {
                do {
                    try await runUnchecked { client in try await client.query("SELECT 1").consume() }
                    markReachable(true)
                } catch {
                    markReachable(false, error: error)
                }
            }
            try? await cancelWhenGracefulShutdown { try await self.clock.sleep(for: self.options.pingInterval) }
        }
        migrated.close()
    }

    /// An error as a line that names neither the password nor the statement's values.
    static func describe(_ error: (any Error)?) -> String {
        guard let error else { return "" }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return "server: \(message)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    static func clientTLS(_ mode: DatabaseURL.TLSMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .require:
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            return .require(tls)
        case .verifyFull: return .require(TLSConfiguration.makeClientConfiguration())
        }
    }

    /// For the leader's own connection (outside the pool).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            tls = .require(try NIOSSLContext(configuration: configuration))
        case .verifyFull: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}

extension PostgresRowSequence {
    /// Reads the rows to the end (for statements whose rows are not needed).
    func consume() async throws {
        for try await _ in self {}
    }
}
