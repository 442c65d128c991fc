import MarketEngine

/// Every command the bot announces, in the order `/help` lists them.
///
/// Commands that a later version implements are announced with `ComingSoonCommand`, which
/// says so instead of pretending to work.
public enum CommandCatalog {
    public static let start = CommandDescriptor(
        name: "start", usage: "/start", summary: "Start the bot and see what it can do")
    public static let help = CommandDescriptor(
        name: "help", usage: "/help", summary: "List every command with its usage")
    public static let price = CommandDescriptor(
        name: "price", usage: "/price [SYMBOL] [exchange|all]",
        summary: "Spot and perp price, funding and basis, e.g. /price BTC")
    public static let top10 = CommandDescriptor(
        name: "top10", usage: "/top10 [volume|gainers|losers] [spot|perp]",
        summary: "Top 10 USDT pairs by 24h volume or change")
    public static let analysis = CommandDescriptor(
        name: "analysis", usage: "/analysis SYMBOL [interval]",
        summary: "Trend, momentum, volume, CVD, OI and funding in one view, e.g. /analysis ETH 4h")
    public static let volume = CommandDescriptor(
        name: "volume", usage: "/volume SYMBOL [interval]", summary: "Last candle's volume against the previous 20")
    public static let cvd = CommandDescriptor(
        name: "cvd", usage: "/cvd SYMBOL [interval] [bars]", summary: "Cumulative volume delta, spot and perp")
    public static let volscan = CommandDescriptor(
        name: "volscan", usage: "/volscan [interval] [threshold]", summary: "Scan the top perps for volume spikes")
    public static let openInterest = CommandDescriptor(
        name: "oi", usage: "/oi SYMBOL", summary: "Open interest on Binance, Bybit and OKX")
    public static let balance = CommandDescriptor(
        name: "balance", usage: "/balance", summary: "Account balances (authorized chats only)", isPrivate: true)
    public static let positions = CommandDescriptor(
        name: "positions", usage: "/positions", summary: "Open perpetual positions (authorized chats only)",
        isPrivate: true)
    public static let pnl = CommandDescriptor(
        name: "pnl", usage: "/pnl [today|7d|30d]", summary: "Realised and unrealised PnL (authorized chats only)",
        isPrivate: true)

    public static let settings = CommandDescriptor(
        name: "settings", usage: "/settings [exchange NAME|default]",
        summary: "This chat's default exchange for market commands")

    /// The market commands implemented so far, over one engine.
    public static func marketHandlers(engine: MarketEngine) -> [any CommandHandler] {
        [
            PriceCommand(engine: engine), Top10Command(engine: engine), AnalysisCommand(engine: engine),
            VolumeCommand(engine: engine), CVDCommand(engine: engine), VolumeScanCommand(engine: engine),
            OpenInterestCommand(engine: engine),
        ]
    }

    /// The account commands over the configured exchange keys.
    public static func accountHandlers(service: AccountService, history: (any EquityHistory)? = nil)
        -> [any CommandHandler]
    {
        [
            BalanceCommand(service: service, history: history), PositionsCommand(service: service),
            PnLCommand(service: service, history: history),
        ]
    }

    /// The commands a later issue implements: listed in `/help` as coming soon.
    public static let upcoming: [CommandDescriptor] = [
        price, top10, analysis, volume, cvd, volscan, openInterest, balance, positions, pnl,
    ]

    /// The standard command set: `/start`, `/help` and the upcoming commands. `extra`
    /// handlers replace announced ones with the same name or are added after them.
    public static func handlers(extra: [any CommandHandler] = []) -> [any CommandHandler] {
        var handlers: [any CommandHandler] = upcoming.map { ComingSoonCommand(descriptor: $0) }
        for handler in extra {
            if let index = handlers.firstIndex(where: { $0.descriptor.name == handler.descriptor.name }) {
                handlers[index] = handler
            } else {
                handlers.append(handler)
            }
        }
        let listed = [start, help] + handlers.map(\.descriptor)
        let availability = Dictionary(
            uniqueKeysWithValues: handlers.map { ($0.descriptor.name, $0.isAvailable) })
        let lines = HelpText(descriptors: listed, availability: availability)
        return [StartCommand(help: lines), HelpCommand(help: lines)] + handlers
    }
}
