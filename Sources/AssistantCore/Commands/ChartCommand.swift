import MarketEngine
import TelegramBotAPI

/// `/chart [SYMBOL] [interval] [exchange]`: the last 120 candles of the spot pair as a PNG
/// drawn by the `ChartDrawer` the server hands in, sent with `sendPhoto` after an
/// "upload_photo" chat action. Charts of the same candles are drawn once (`ChartCache`).
public struct ChartCommand: ReportCommand {
    public let descriptor = CommandCatalog.chart
    let engine: MarketEngine
    /// False in local mode: a picture cannot travel inline in a webhook response.
    let canDeliver: Bool
    let drawer: (any ChartDrawer)?
    let cache = ChartCache()
    public static let candles = 120

    /// Without a `drawer`, `/chart` says that charts cannot be drawn here.
    public init(engine: MarketEngine, canDeliver: Bool, drawer: (any ChartDrawer)?) {
        self.engine = engine
        self.canDeliver = canDeliver
        self.drawer = drawer
    }

    public var isSlow: Bool { true }
    public var chatAction: String { "upload_photo" }

    func report(_ invocation: CommandInvocation) async throws -> ChartReport {
        guard canDeliver else { return .localMode }
        let arguments = CommandArguments(invocation)
        let exchange = arguments.exchange
        let interval = try CommandGrammar.interval(arguments[1], default: .h1)
        let instrument = try await engine.resolve(arguments[0] ?? "BTC", on: exchange, market: .spot)
        let candles = try await engine.candles(instrument, interval: interval, limit: Self.candles)
        guard !candles.isEmpty else { return .noCandles(pair: instrument.pair) }
        return .candles(.init(pair: instrument.pair, exchange: exchange, interval: interval, candles: candles))
    }

    func render(_ report: ChartReport, in language: Language) -> Reply {
        ChartRenderer.render(report, in: language, drawer: drawer, cache: cache)
    }
}
