import MarketEngine
import TelegramBotAPI

/// `/price [SYMBOL] [exchange|all]`: spot and perp, funding and basis on one exchange, or
/// the three side by side. Without a symbol, the chat's watchlist as one table (BTC when it
/// watches nothing).
public struct PriceCommand: ReportCommand {
    public let descriptor = CommandCatalog.price
    let engine: MarketEngine
    let watchlist: Watchlist?

    public init(engine: MarketEngine, watchlist: Watchlist? = nil) {
        self.engine = engine
        self.watchlist = watchlist
    }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation)
        if arguments[0] == nil, !arguments.allExchanges, let watchlist, let chatID = invocation.chat?.id,
            let bases = try? await watchlist.bases(of: chatID), !bases.isEmpty
        {
            let table = await WatchTable.make(bases, on: arguments.exchange, engine: engine)
            return Reply(html: WatchRenderer.render(table, in: invocation.language))
        }
        return await reportReply(invocation)
    }

    func report(_ invocation: CommandInvocation) async throws -> PriceReport {
        let arguments = CommandArguments(invocation)
        return try await PriceReport.make(
            engine: engine, symbol: arguments[0] ?? "BTC", exchanges: arguments.exchangeChoice)
    }

    func render(_ report: PriceReport, in language: Language) -> Reply {
        Reply(html: PriceRenderer.render(report, now: engine.clock.wallMilliseconds, in: language))
    }
}
