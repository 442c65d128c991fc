import AssistantCore
import AsyncHTTPClient
import ChartDrawing
import Logging
import MarketEngine
import NIOCore
import ServiceLifecycle
import TelegramBotAPI
import UnixSignals

/// The parts shared by `serve` and `poll`: one HTTP client, the store, the dispatcher, the
/// reply sink and the pipeline, built once from `Settings`.
public struct AppComponents: Sendable {
    /// Knobs that are not settings: tests use them to run the real parts faster.
    public struct Options: Sendable {
        public var extraHandlers: [any CommandHandler]
        public var pacerPolicy: PacingPolicy
        /// The one clock every part is given (a test's `TestClock`, or the system's).
        public var clock: AppClock

        public init(
            extraHandlers: [any CommandHandler] = [], pacerPolicy: PacingPolicy = .telegram, clock: AppClock = .system
        ) {
            self.extraHandlers = extraHandlers
            self.pacerPolicy = pacerPolicy
            self.clock = clock
        }
    }

    public let settings: Settings
    public let httpClient: HTTPClient
    public let botClient: BotAPIClient?
    public let stores: Stores
    /// The PostgreSQL store when `DATABASE_URL` is set (several replicas); nil on SQLite.
    public let postgres: PostgresStore?
    /// Who runs the work that must run once (maintenance, polling).
    public let leadership: any Leadership
    public let equitySnapshotter: EquitySnapshotter
    public let engine: MarketEngine
    public let accounts: AccountService
    public let dispatcher: Dispatcher
    public let pipeline: UpdatePipeline
    /// Where replies go that are not returned inline (the Bot API, or nowhere in local mode).
    public let sink: any ReplySink
    /// Alert evaluation and delivery; nil in local mode (nothing could deliver them).
    public let alertMonitor: AlertMonitor?
    /// Chats whose alerts are paused (the bot was blocked there), on every replica.
    public let alertPauses: AlertPauses
    /// Whether Telegram accepts the bot token (`/readyz` reports it).
    public let botAPIStatus: BotAPIStatus
    public let counters: PipelineCounters
    public let metrics: ServerMetrics
    public let clock: AppClock
    public let logger: Logger

    /// Builds every part from `settings`, each by a function of its own below.
    public static func assemble(settings: Settings, logger: Logger, options: Options = Options()) async throws
        -> AppComponents
    {
        let clock = options.clock
        let metrics = ServerMetrics(clock: clock)
        let (stores, postgres) = try store(settings, metrics: metrics, clock: clock, logger: logger)
        let httpClient = HTTPClient.makeOutbound()
        let counters = PipelineCounters(factory: metrics.factory)
        let botClient = settings.botToken.map {
            BotAPIClient(httpClient: httpClient, baseURL: settings.telegramAPIURL, token: $0)
        }
        let engineMetrics = EngineMetrics(factory: metrics.factory)
        let engine = MarketEngine(
            http: httpClient, settings: settings, metrics: engineMetrics, clock: clock,
            streams: MarketStreams(settings: settings, metrics: engineMetrics, clock: clock, logger: logger),
            logger: logger)
        let accounts = AccountService(engine: engine, credentials: settings.exchangeCredentials)
        let equitySnapshotter = EquitySnapshotter(store: stores.equity, accounts: accounts)
        let positions = Self.positionWatch(settings, accounts: accounts, engine: engine)
        let dispatcher = Self.dispatcher(
            settings: settings, engine: engine, accounts: accounts, stores: stores, snapshots: equitySnapshotter,
            positions: positions,
            botUsername: await botUsername(settings, botClient, logger: logger),
            administrators: botClient.map { BotAPIChatAdministrators(client: $0, clock: clock, logger: logger) },
            extraHandlers: options.extraHandlers, logger: logger)
        let botAPIStatus = BotAPIStatus()
        let sink = replySink(
            botClient, postgres: postgres, policy: options.pacerPolicy, counters: counters, status: botAPIStatus,
            clock: clock, logger: logger)
        let alertPauses = AlertPauses(store: stores.pausedChats, clock: clock, logger: logger)
        let pipeline = UpdatePipeline(
            dispatcher: dispatcher, sink: sink,
            chats: chats(settings, stores: stores, postgres: postgres, clock: clock, logger: logger),
            limits: .init(
                maxConcurrent: settings.maxConcurrentUpdates, maxQueued: settings.maxQueuedUpdates,
                maxQueuedPerChat: settings.maxQueuedPerChat),
            inlineBudget: inlineBudget(settings), alertPauses: alertPauses, counters: counters, clock: clock,
            logger: logger)
        let alertMonitor =
            sink.canSend
            ? AlertMonitor(
                stores: stores, engine: engine, sink: sink, logger: logger, pauses: alertPauses,
                metrics: metrics.factory, clock: clock,
                deliveryBudget: .seconds(Int64(max(settings.alertCheckIntervalSeconds, 1))), positions: positions)
            : nil
        return AppComponents(
            settings: settings, httpClient: httpClient, botClient: botClient, stores: stores, postgres: postgres,
            leadership: postgres?.leadership ?? SoleLeadership(), equitySnapshotter: equitySnapshotter, engine: engine,
            accounts: accounts, dispatcher: dispatcher, pipeline: pipeline, sink: sink, alertMonitor: alertMonitor,
            alertPauses: alertPauses, botAPIStatus: botAPIStatus, counters: counters, metrics: metrics, clock: clock,
            logger: logger)
    }

    /// PostgreSQL when `DATABASE_URL` is set (several replicas), else the SQLite file.
    static func store(_ settings: Settings, metrics: ServerMetrics, clock: AppClock, logger: Logger) throws -> (
        Stores, PostgresStore?
    ) {
        guard let url = settings.databaseURL else {
            return (try SQLiteStore(path: settings.databasePath, clock: clock).stores, nil)
        }
        let postgres = try PostgresStore(
            url: url, owner: "\(settings.effectiveInstanceName)/\(UInt32.random(in: 0...UInt32.max))",
            leaseSeconds: settings.chatLeaseSeconds, options: .init(poolSize: settings.databasePoolSize),
            metrics: metrics.factory, clock: clock, logger: logger)
        return (postgres.stores, postgres)
    }

    /// `BOT_USERNAME`, else what `getMe` says (nil when neither is known).
    static func botUsername(_ settings: Settings, _ botClient: BotAPIClient?, logger: Logger) async -> String? {
        if let username = settings.botUsername { return username }
        guard let botClient else { return nil }
        do {
            return try await botClient.getMe().username
        } catch {
            logger.warning(
                "getMe failed; commands addressed to any @bot are accepted until BOT_USERNAME is set",
                metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The Bot API, paced for this process or (PostgreSQL) for every replica; nowhere in local mode.
    static func replySink(
        _ botClient: BotAPIClient?, postgres: PostgresStore?, policy: PacingPolicy, counters: PipelineCounters,
        status: BotAPIStatus, clock: AppClock, logger: Logger
    ) -> any ReplySink {
        guard let botClient else { return LocalReplySink(logger: logger) }
        let pacer: any SendLimiter = postgres?.sendLimiter(policy: policy) ?? SendPacer(policy: policy, clock: clock)
        return BotAPIReplySink(
            client: botClient, pacer: pacer, counters: counters, clock: clock, status: status, logger: logger)
    }

    /// This process's lanes, or PostgreSQL's chat leases when replicas share the journal.
    static func chats(
        _ settings: Settings, stores: Stores, postgres: PostgresStore?, clock: AppClock, logger: Logger
    ) -> any ChatCoordinator {
        guard let postgres else { return LocalChats(journal: stores.journal, logger: logger) }
        return LeasedChats(
            journal: postgres.journal, leaseSeconds: settings.chatLeaseSeconds, clock: clock, logger: logger)
    }

    /// What position alerts read: the accounts' positions, at most once per
    /// `POSITION_CHECK_INTERVAL_S`; nil when no exchange has keys.
    static func positionWatch(_ settings: Settings, accounts: AccountService, engine: MarketEngine) -> PositionWatch? {
        guard !accounts.configured.isEmpty else { return nil }
        return PositionWatch(
            account: accounts, engine: engine, interval: .seconds(Int64(max(settings.positionCheckIntervalSeconds, 1))))
    }

    /// Every command over the process's services, as `serve`, `poll` and `ask` answer.
    public static func dispatcher(
        settings: Settings, engine: MarketEngine, accounts: AccountService, stores: Stores,
        snapshots: EquitySnapshotter, positions: PositionWatch? = nil, botUsername: String?,
        administrators: (any ChatAdministrators)? = nil, extraHandlers: [any CommandHandler] = [], logger: Logger
    ) -> Dispatcher {
        let accessPolicy = AccessPolicy(adminIDs: settings.adminChatIDs)
        return Dispatcher(
            handlers: CommandCatalog.handlers(
                engine: engine, accounts: accounts, preferences: stores.preferences, snapshots: snapshots,
                alerts: .init(
                    store: stores.alerts, limit: settings.alertsPerChat, canDeliver: !settings.isLocalMode,
                    administrators: administrators, positions: positions, accessPolicy: accessPolicy, stores: stores),
                charts: CandleChart(), extra: extraHandlers),
            botUsername: botUsername, accessPolicy: accessPolicy,
            preferences: stores.preferences, logger: logger, clock: engine.clock,
            inline: InlinePriceCards(engine: engine, watchlist: Watchlist(store: stores.watchlists)),
            requestBudget: settings.chatRequestsPerMinute == 0
                ? nil : ChatRequestBudget(requestsPerMinute: settings.chatRequestsPerMinute, clock: engine.clock))
    }

    /// How long a webhook request waits for its reply: in local mode replies leave only
    /// inline, so as long as Telegram would wait; nil when every reply goes through the Bot API.
    static func inlineBudget(_ settings: Settings) -> Duration? {
        if settings.isLocalMode { return .seconds(50) }
        guard settings.inlineReplyBudgetMilliseconds > 0 else { return nil }
        return .milliseconds(settings.inlineReplyBudgetMilliseconds)
    }

    /// Whether the store can be written now (always, for SQLite; PostgreSQL may be down).
    public var storeIsAvailable: @Sendable () -> Bool {
        guard let database = postgres?.database else { return { true } }
        return { database.isAvailable }
    }

    /// Returns once the store can be used (at once for SQLite; PostgreSQL once its schema is
    /// made); false when shutdown came first.
    func waitForStore() async -> Bool {
        guard let database = postgres?.database else { return true }
        return await database.waitUntilReady()
    }

    /// A service group for the pipeline and its transports. Services stop in reverse order:
    /// `transport` first (polling stops fetching), then the pipeline drains, and only then
    /// `listeners` close, so that a webhook request arriving during the drain is answered
    /// (503 once intake has stopped, which Telegram retries) rather than refused. The
    /// database's pool starts first and stops last: the drain still writes to it.
    func serviceGroup(listeners: [any Service] = [], transport: [any Service], signals: [UnixSignal]) -> ServiceGroup {
        let database: [any Service] = postgres.map { [$0.service] } ?? []
        let services =
            database + listeners + [
                PipelineService(components: self), CacheJanitorService(cache: engine.cache, clock: clock),
            ]
            + transport
        var configuration = ServiceGroupConfiguration(
            services: services.map {
                // Named explicitly: the lifecycle logs each service's name.
                .init(service: $0, serviceName: String(describing: type(of: $0)))
            },
            gracefulShutdownSignals: signals,
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(settings.shutdownGraceSeconds)
        configuration.maximumCancellationDuration = .seconds(5)
        return ServiceGroup(configuration: configuration)
    }

    /// Runs the group to its end, then releases the HTTP client whatever happened.
    func run(_ group: ServiceGroup) async throws {
        do {
            try await group.run()
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// Releases the HTTP client and closes the store (checkpointing its write-ahead log).
    public func shutdown() async {
        engine.streams?.stop()
        try? await httpClient.shutdown()
        do {
            try stores.close()
        } catch {
            logger.warning("store close failed", metadata: ["error": "\(error)"])
        }
    }
}
