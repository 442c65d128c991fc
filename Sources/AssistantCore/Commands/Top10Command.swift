import MarketEngine
import TelegramBotAPI

/// `/top10 [volume|gainers|losers] [spot|perp] [exchange]`: the top 10 USDT pairs from one
/// all-tickers request.
public struct Top10Command: ReportCommand {
    public let descriptor = CommandCatalog.top10
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    func report(_ invocation: CommandInvocation) async throws -> TopReport {
        let arguments = CommandArguments(invocation)
        // The two words in either order: each is a ranking or a market.
        var ranking: String?
        var market: String?
        for word in arguments.rest {
            if TopRanking(rawValue: word.lowercased()) != nil { ranking = word } else { market = word }
        }
        return try await TopReport.make(
            engine: engine, exchange: arguments.exchange, ranking: try CommandGrammar.ranking(ranking),
            market: try CommandGrammar.market(market))
    }

    func render(_ report: TopReport, in language: Language) -> Reply {
        Reply(html: TopRenderer.render(report, in: language))
    }
}
