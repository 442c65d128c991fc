import MarketEngine
import TelegramBotAPI

/// `/analysis SYMBOL [interval] [exchange]`: trend (EMA 20/50/200), momentum (RSI 14), 24 h
/// range position, volume against its average, CVD direction, OI change, funding and basis,
/// then a short plain-language reading of those signals. Not advice.
public struct AnalysisCommand: ReportCommand {
    public let descriptor = CommandCatalog.analysis
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> AnalysisReport {
        let arguments = CommandArguments(invocation)
        let symbol = try CommandGrammar.symbol(arguments[0])
        let interval = try CommandGrammar.interval(arguments[1], default: .h4)
        return try await AnalysisReport.make(
            engine: engine, symbol: symbol, exchange: arguments.exchange, interval: interval)
    }

    func render(_ report: AnalysisReport, in language: Language) -> Reply {
        Reply(html: AnalysisRenderer.render(report, in: language))
    }
}
