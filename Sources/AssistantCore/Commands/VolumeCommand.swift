import MarketEngine
import TelegramBotAPI

/// `/volume SYMBOL [interval] [exchange]`: the last closed bar's volume against the 20
/// before it, spot and perp, flagged as a spike at or above the threshold.
public struct VolumeCommand: ReportCommand {
    public let descriptor = CommandCatalog.volume
    let engine: MarketEngine
    let threshold: Double

    public init(engine: MarketEngine, threshold: Double = CommandGrammar.defaultThreshold) {
        self.engine = engine
        self.threshold = threshold
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> VolumeReport {
        let arguments = CommandArguments(invocation)
        let symbol = try CommandGrammar.symbol(arguments[0])
        let interval = try CommandGrammar.interval(arguments[1], default: .h1)
        return try await VolumeReport.make(
            engine: engine, symbol: symbol, exchange: arguments.exchange, interval: interval, threshold: threshold)
    }

    func render(_ report: VolumeReport, in language: Language) -> Reply {
        Reply(html: VolumeRenderer.render(report, in: language))
    }
}
