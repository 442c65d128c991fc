import AssistantCore
import CoreMetrics
import Logging
import MarketEngine
import PostgresNIO
import ServiceLifecycle

/// The PostgreSQL database at `DATABASE_URL`, for several replicas: one implementation per
/// store protocol (`stores`), the shared send limits, leader election, and `service` — the
/// pool and the schema monitor, to run in the service group (started first, stopped last).
public final class PostgresStore: Sendable {
    public let database: PostgresDatabase
    public let journal: PostgresUpdateJournal
    public let preferences: PostgresChatPreferencesStore
    public let equity: PostgresEquityHistoryStore
    public let alerts: PostgresChatRecordStore
    public let firedAlerts: PostgresChatRecordStore
    public let pausedChats: PostgresChatRecordStore
    public let watchlists: PostgresChatRecordStore
    public let digests: PostgresChatRecordStore
    public let quietHours: PostgresChatRecordStore
    public let alertLog: PostgresChatRecordStore
    public let leadership: PostgresLeadership

    /// `owner`: this process's name in the chat leases (unique per process).
    public init(
        url: DatabaseURL, owner: String, leaseSeconds: Int, options: PostgresDatabase.Options = .init(),
        metrics: any MetricsFactory, clock: AppClock = .system, logger: Logger
    ) throws {
        database = try PostgresDatabase(url: url, options: options, metrics: metrics, clock: clock, logger: logger)
        let held = HeldChats()
        journal = PostgresUpdateJournal(database: database, owner: owner, leaseSeconds: leaseSeconds, held: held)
        preferences = PostgresChatPreferencesStore(database: database, held: held)
        equity = PostgresEquityHistoryStore(database: database)
        alerts = PostgresChatRecordStore(database: database, kind: "alert")
        firedAlerts = PostgresChatRecordStore(database: database, kind: "alert-fired")
        pausedChats = PostgresChatRecordStore(database: database, kind: "alerts-paused")
        watchlists = PostgresChatRecordStore(database: database, kind: "watch")
        digests = PostgresChatRecordStore(database: database, kind: "digest")
        quietHours = PostgresChatRecordStore(database: database, kind: "quiet")
        alertLog = PostgresChatRecordStore(database: database, kind: "alert-log")
        leadership = PostgresLeadership(
            database: database, owner: owner, staleAfter: .seconds(Int64(leaseSeconds)), metrics: metrics,
            logger: logger)
    }

    public var stores: Stores {
        Stores(
            journal: journal, preferences: preferences, equity: equity, alerts: alerts, firedAlerts: firedAlerts,
            pausedChats: pausedChats, watchlists: watchlists, digests: digests, quietHours: quietHours,
            alertLog: alertLog,
            close: {})
    }

    /// Telegram's limits for the bot as a whole, shared with the other replicas.
    public func sendLimiter(policy: PacingPolicy) -> PostgresSendLimiter {
        PostgresSendLimiter(database: database, policy: policy, leaseSeconds: journal.leaseSeconds)
    }

    /// Forgets chats that have not sent for a day (the leader's hourly pass).
    public func pruneSendSchedule() async throws {
        try await PostgresSendLimiter.prune(in: database)
    }

    /// The pool and the monitor (schema, then pings) until graceful shutdown.
    public var service: some Service { PostgresStoreService(database: database) }
}

struct PostgresStoreService: Service {
    let database: PostgresDatabase

    func run() async throws {
        let database = database
        await withDiscardingTaskGroup { group in
            group.addTask { await database.client.run() }
            group.addTask { await database.deadlines.watch() }
            await database.monitor(migrations: PostgresMigrations(logger: database.logger))
            // The pool stops at graceful shutdown by itself (its run() watches for it).
        }
    }
}
