import MarketEngine
import TelegramBotAPI

/// `/oi SYMBOL`: open interest of the USDT perpetual on every exchange, in coin and USD, each
/// venue's share, the total, and the change over 1 h, 4 h and 24 h where there is history.
public struct OpenInterestCommand: ReportCommand {
    public let descriptor = CommandCatalog.openInterest
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> OpenInterestReport {
        let arguments = CommandArguments(invocation)
        let symbol = try CommandGrammar.symbol(arguments[0])
        return try await OpenInterestReport.make(engine: engine, symbol: symbol)
    }

    func render(_ report: OpenInterestReport, in language: Language) -> Reply {
        Reply(html: OpenInterestRenderer.render(report, in: language))
    }
}
