import MarketEngine
import TelegramBotAPI

/// `/liquidations [SYMBOL]`: the last hour's liquidations on the exchanges that stream them.
public struct LiquidationsCommand: ReportCommand {
    public let descriptor = CommandCatalog.liquidations
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    func report(_ invocation: CommandInvocation) async throws -> LiquidationsReport {
        let symbol = CommandArguments(invocation)[0]
        return try await LiquidationsReport.make(engine: engine, symbol: symbol)
    }

    func render(_ report: LiquidationsReport, in language: Language) -> Reply {
        Reply(html: LiquidationsRenderer.render(report, in: language))
    }
}
