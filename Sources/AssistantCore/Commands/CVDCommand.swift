import MarketEngine
import TelegramBotAPI

/// `/cvd SYMBOL [interval] [bars] [exchange]`: cumulative volume delta, spot and perp.
/// Binance from kline taker-buy volume (exact per bar); the other exchanges from their recent
/// public trades (their candles carry no taker split), as many as each gives, and the reply
/// says which and how many.
public struct CVDCommand: ReportCommand {
    public let descriptor = CommandCatalog.cvd
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> CVDReport {
        let arguments = CommandArguments(invocation)
        let symbol = try CommandGrammar.symbol(arguments[0])
        let interval = try CommandGrammar.interval(arguments[1], default: .h1)
        let bars = try CommandGrammar.bars(arguments[2])
        return try await CVDReport.make(
            engine: engine, symbol: symbol, exchange: arguments.exchange, interval: interval, bars: bars)
    }

    func render(_ report: CVDReport, in language: Language) -> Reply {
        Reply(html: CVDRenderer.render(report, in: language))
    }
}
