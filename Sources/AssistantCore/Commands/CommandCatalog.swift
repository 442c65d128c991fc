import MarketEngine

/// Every command the bot has, in the order `/help` lists them, and the one place the
/// handlers are put together: `serve`, `poll` and `ask` all answer with `handlers(…)`.
public enum CommandCatalog {
    public static let start = CommandDescriptor(
        name: "start", usage: "/start")
    public static let help = CommandDescriptor(
        name: "help", usage: "/help")
    public static let price = CommandDescriptor(
        name: "price", usage: "/price [SYMBOL] [exchange|all]", isRefreshable: true, offersChart: true)
    public static let top10 = CommandDescriptor(
        name: "top10", usage: "/top10 [volume|gainers|losers] [spot|perp]", isRefreshable: true)
    public static let analysis = CommandDescriptor(
        name: "analysis", usage: "/analysis SYMBOL [interval]", isRefreshable: true,
        offersChart: true)
    public static let volume = CommandDescriptor(
        name: "volume", usage: "/volume SYMBOL [interval]",
        isRefreshable: true)
    public static let cvd = CommandDescriptor(
        name: "cvd", usage: "/cvd SYMBOL [interval] [bars]",
        isRefreshable: true)
    public static let volscan = CommandDescriptor(
        name: "volscan", usage: "/volscan [interval] [threshold]",
        isRefreshable: true)
    public static let openInterest = CommandDescriptor(
        name: "oi", usage: "/oi SYMBOL", isRefreshable: true)
    public static let liquidations = CommandDescriptor(
        name: "liquidations", usage: "/liquidations [SYMBOL]", isRefreshable: true)
    public static let chart = CommandDescriptor(
        name: "chart", usage: "/chart [SYMBOL] [interval] [exchange]", drawsCharts: true)
    public static let balance = CommandDescriptor(
        name: "balance", usage: "/balance", isPrivate: true)
    public static let positions = CommandDescriptor(
        name: "positions", usage: "/positions",
        isPrivate: true)
    public static let pnl = CommandDescriptor(
        name: "pnl", usage: "/pnl [today|7d|30d]",
        isPrivate: true)

    public static let alert = CommandDescriptor(
        name: "alert",
        usage:
            "/alert SYMBOL above|below PRICE | move PCT% WINDOW | funding above|below RATE% | oi PCT% WINDOW"
            + " | liquidations above USDT WINDOW | position … [every 1h] [for 7d]")
    public static let alerts = CommandDescriptor(
        name: "alerts", usage: "/alerts")
    public static let watch = CommandDescriptor(
        name: "watch", usage: "/watch [SYMBOL…] | /watch remove SYMBOL…")
    public static let digest = CommandDescriptor(
        name: "digest", usage: "/digest HH:MM [TIMEZONE] | off | now")

    public static let settings = CommandDescriptor(
        name: "settings",
        usage:
            "/settings [exchange NAME|default] [language en|ru|es|zh|auto] [quiet HH:MM-HH:MM [TIMEZONE] [silent|hold]|off]"
    )

    /// Every command, in `/help` order (the menu `webhook set` registers).
    public static let descriptors: [CommandDescriptor] = [
        start, help, price, top10, analysis, volume, cvd, volscan, openInterest, liquidations, chart, alert, alerts,
        watch, digest, balance,
        positions,
        pnl, settings,
    ]

    /// Every command over the process's services: the market commands over `engine`, the
    /// account commands over `accounts` (with the equity snapshots for `/pnl 7d`), `/chart`
    /// drawn by `charts`, and `/settings` over `preferences`. `extra` handlers replace ones of the same name or are
    /// added after them (tests add slow or gated commands).
    public static func handlers(
        engine: MarketEngine, accounts: AccountService, preferences: any ChatPreferencesStore,
        snapshots: EquitySnapshotter?, alerts: AlertOptions? = nil, charts: (any ChartDrawer)? = nil,
        extra: [any CommandHandler] = []
    ) -> [any CommandHandler] {
        let watchlist = alerts?.stores.map { Watchlist(store: $0.watchlists) }
        return handlers(
            extra: marketHandlers(engine: engine, watchlist: watchlist)
                + (alerts.map {
                    [ChartCommand(engine: engine, canDeliver: $0.canDeliver, drawer: charts)]
                        + alertHandlers(engine: engine, options: $0)
                } ?? [])
                + accountHandlers(service: accounts, snapshots: snapshots)
                + [SettingsCommand(store: preferences, quietHours: alerts?.stores?.quietHours)]
                + extra)
    }

    /// Where alerts are kept and whether they can be delivered.
    public struct AlertOptions: Sendable {
        public var store: any ChatRecordStore
        /// Alerts per chat at most.
        public var limit: Int
        /// False in local mode (no bot token): `/alert` says so instead of accepting one.
        public var canDeliver: Bool
        /// Who administers groups (who may delete others' alerts there); nil: not checked.
        public var administrators: (any ChatAdministrators)?
        /// The server's own positions, for position alerts (nil: no exchange has keys).
        public var positions: PositionWatch?
        /// Who may set position alerts: the chats account commands answer.
        public var accessPolicy: AccessPolicy
        /// The chats' watchlists, digests, quiet hours and sent alerts: with them come `/watch`,
        /// `/digest`, `/settings quiet` and `/price` without a symbol.
        public var stores: Stores?

        public init(
            store: any ChatRecordStore, limit: Int, canDeliver: Bool, administrators: (any ChatAdministrators)? = nil,
            positions: PositionWatch? = nil, accessPolicy: AccessPolicy = .denyAll, stores: Stores? = nil
        ) {
            self.stores = stores
            self.positions = positions
            self.accessPolicy = accessPolicy
            self.administrators = administrators
            self.store = store
            self.limit = limit
            self.canDeliver = canDeliver
        }
    }

    /// `/alert` and `/alerts`.
    public static func alertHandlers(engine: MarketEngine, options: AlertOptions) -> [any CommandHandler] {
        let readings = AlertReadings(engine: engine, positions: options.positions)
        let keeping: [any CommandHandler] =
            options.stores.map { stores in
                [
                    WatchCommand(watchlist: Watchlist(store: stores.watchlists), engine: engine),
                    DigestCommand(stores: stores, engine: engine, canDeliver: options.canDeliver),
                ]
            } ?? []
        return [
            AlertCommand(
                store: options.store, readings: readings, limit: options.limit, canDeliver: options.canDeliver,
                deleting: AlertDeletePermission(administrators: options.administrators),
                accessPolicy: options.accessPolicy),
            AlertsCommand(
                store: options.store, readings: readings,
                deleting: AlertDeletePermission(administrators: options.administrators)),
        ] + keeping
    }

    /// The market commands over one engine (`/price` without a symbol shows the chat's
    /// `watchlist`).
    public static func marketHandlers(engine: MarketEngine, watchlist: Watchlist? = nil) -> [any CommandHandler] {
        [
            PriceCommand(engine: engine, watchlist: watchlist), Top10Command(engine: engine),
            AnalysisCommand(engine: engine),
            VolumeCommand(engine: engine), CVDCommand(engine: engine), VolumeScanCommand(engine: engine),
            OpenInterestCommand(engine: engine), LiquidationsCommand(engine: engine),
        ]
    }

    /// The account commands over the configured exchange keys.
    public static func accountHandlers(service: AccountService, snapshots: EquitySnapshotter? = nil)
        -> [any CommandHandler]
    {
        [
            BalanceCommand(service: service, snapshots: snapshots), PositionsCommand(service: service),
            PnLCommand(service: service, snapshots: snapshots),
        ]
    }

    /// `/start` and `/help`, listing themselves and `handlers`, followed by `handlers` (a
    /// later handler of the same name replaces an earlier one).
    public static func handlers(extra handlers: [any CommandHandler] = []) -> [any CommandHandler] {
        var unique: [any CommandHandler] = []
        for handler in handlers {
            if let index = unique.firstIndex(where: { $0.descriptor.name == handler.descriptor.name }) {
                unique[index] = handler
            } else {
                unique.append(handler)
            }
        }
        let help = HelpReport([start, help] + unique.map(\.descriptor))
        return [StartCommand(help: help), HelpCommand(help: help)] + unique
    }
}
