import MarketEngine
import TelegramBotAPI

/// `/chart [SYMBOL] [interval] [exchange]`: the last 120 candles of the spot pair as a PNG
/// (`CandleChart`), sent with `sendPhoto` after an "upload_photo" chat action. Charts of the
/// same candles are drawn once (`ChartCache`); Cairo is loaded with the first chart.
public struct ChartCommand: CommandHandler {
    public let descriptor = CommandCatalog.chart
    let engine: MarketEngine
    /// False in local mode: a picture cannot travel inline in a webhook response.
    let canDeliver: Bool
    let cache = ChartCache()
    public static let candles = 120

    public init(engine: MarketEngine, canDeliver: Bool) {
        self.engine = engine
        self.canDeliver = canDeliver
    }

    public var isSlow: Bool { true }
    public var chatAction: String { "upload_photo" }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        guard canDeliver else {
            return Reply(html: "Charts are sent as pictures, which needs a bot token: this server runs in local mode.")
        }
        let arguments = CommandArguments(invocation)
        do {
            let exchange = arguments.exchange
            let interval = try CommandGrammar.interval(arguments[1], default: .h1)
            let instrument = try await engine.resolve(arguments[0] ?? "BTC", on: exchange, market: .spot)
            let candles = try await engine.candles(instrument, interval: interval, limit: Self.candles)
            guard let last = candles.last else { return Reply(html: "No candles for \(HTML.escape(instrument.pair)).") }
            let title =
                "\(instrument.pair) · \(exchange.displayName) · \(interval.rawValue) · \(NumberFormat.timeOfDay(milliseconds: last.openTime))"
            let key = ChartCache.Key(
                pair: instrument.pair, exchange: exchange.rawValue, interval: interval.rawValue,
                lastOpenTime: last.openTime, lastClose: last.close, lastVolume: last.volume)
            let png: [UInt8]
            if let cached = cache.png(for: key) {
                png = cached
            } else {
                png = try CandleChart.draw(candles, title: title).png
                cache.store(png, for: key)
            }
            let caption =
                "<b>\(HTML.escape(instrument.pair))</b> · \(exchange.displayName) · \(interval.rawValue) · "
                + "last <code>\(NumberFormat.price(last.close))</code>"
            return Reply(html: caption, photo: png)
        } catch let error as ArgumentError {
            return Reply(html: error.showsUsage ? "Usage: \(HTML.escape(descriptor.usage))" : HTML.escape("\(error)"))
        } catch let error as Cairo.Unavailable {
            return Reply(html: HTML.escape(error.description))
        } catch {
            return Reply(html: FailureRenderer.line(MarketFailure(error)))
        }
    }
}
