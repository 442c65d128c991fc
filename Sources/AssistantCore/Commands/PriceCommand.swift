import MarketEngine
import TelegramBotAPI

/// `/price [SYMBOL] [exchange|all]`: spot and perp, funding and basis on one exchange, or
/// the three side by side.
public struct PriceCommand: ReportCommand {
    public let descriptor = CommandCatalog.price
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
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
