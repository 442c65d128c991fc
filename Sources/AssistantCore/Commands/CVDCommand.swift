import MarketEngine
import TelegramBotAPI

/// `/cvd SYMBOL [interval] [bars] [exchange]`: cumulative volume delta, spot and perp.
/// Binance from kline taker-buy volume (exact per bar); Bybit and OKX from their recent
/// public trades (their candles carry no taker split), and the reply says which.
public struct CVDCommand: CommandHandler {
    public let descriptor = CommandCatalog.cvd
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation)
        guard let symbol = arguments.rest.first else { return Reply(html: "Usage: \(HTML.escape(descriptor.usage))") }
        guard let interval = arguments.interval(at: 1, default: .h1) else {
            return Reply(html: CommandArguments.intervalHelp)
        }
        let bars = arguments.rest.count > 2 ? Int(arguments.rest[2]) : 24
        guard let bars, (2...500).contains(bars) else { return Reply(html: "Bars must be a number from 2 to 500.") }
        do {
            let report = try await CVDReport.make(
                engine: engine, symbol: symbol, exchange: arguments.exchange, interval: interval, bars: bars)
            return Reply(html: Self.render(report))
        } catch {
            return Reply(html: failureLine(error))
        }
    }

    static func render(_ report: CVDReport) -> String {
        var lines = ["<b>\(HTML.escape(report.pair)) CVD</b> · \(report.exchange.displayName)"]
        var sources: Set<String> = []
        for (market, reading) in [("spot", report.spot), ("perp", report.perp)] {
            let label = market == "spot" ? "Spot" : "Perp"
            guard let reading else {
                lines.append("\(label): ⚠️ \(HTML.escape(report.failures[market] ?? "no data"))")
                continue
            }
            sources.insert(reading.source)
            var line =
                "\(label) CVD \(signed(reading.delta)) \(HTML.escape(reading.base)) · price \(NumberFormat.percent(reading.priceChangePercent))"
            if let last = reading.lastBarDelta { line += " · last bar \(signed(last))" }
            line +=
                reading.divergesFromPrice
                ? " · ⚠️ <b>diverges from price</b>" : (reading.delta >= 0 ? " · buyers lead" : " · sellers lead")
            lines.append(line)
        }
        lines.append("<i>" + HTML.escape(sources.sorted().joined(separator: "; ")) + "</i>")
        return lines.joined(separator: "\n")
    }

    static func signed(_ value: Double) -> String {
        (value >= 0 ? "+" : "-") + NumberFormat.price(abs(value))
    }
}
