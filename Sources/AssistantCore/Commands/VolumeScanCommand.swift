import MarketEngine
import TelegramBotAPI

/// `/volscan [interval] [threshold] [exchange]`: the top perps by 24 h volume scanned for a
/// volume spike on the last closed bar, at most `concurrency` requests at a time.
public struct VolumeScanCommand: ReportCommand {
    public let descriptor = CommandCatalog.volscan
    let engine: MarketEngine
    let universe: Int
    let concurrency: Int

    public init(engine: MarketEngine, universe: Int = 50, concurrency: Int = 8) {
        self.engine = engine
        self.universe = universe
        self.concurrency = concurrency
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> VolumeScanReport {
        let arguments = CommandArguments(invocation)
        let interval = try CommandGrammar.interval(arguments[0], default: .h1)
        let threshold = try CommandGrammar.threshold(arguments[1])
        return try await VolumeScanReport.make(
            engine: engine, exchange: arguments.exchange, interval: interval, threshold: threshold,
            universe: universe, concurrency: concurrency)
    }

    func render(_ report: VolumeScanReport, in language: Language) -> Reply {
        Reply(html: VolumeScanRenderer.render(report, in: language))
    }
}
