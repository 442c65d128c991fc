import MarketEngine
import TelegramBotAPI

/// `/volscan [interval] [threshold] [exchange]`: the top perps by 24 h volume scanned for a
/// volume spike on the last closed bar, at most `concurrency` requests at a time.
public struct VolumeScanCommand: CommandHandler {
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

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation.arguments)
        guard let interval = arguments.interval(at: 0, default: .h1) else {
            return Reply(
                html: "Unknown interval. Use one of \(Interval.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let threshold = arguments.rest.count > 1 ? Double(arguments.rest[1]) : 2
        guard let threshold, threshold > 0, threshold < 1000 else {
            return Reply(html: "Threshold must be a number above 0, e.g. 2.5.")
        }
        let exchange = arguments.exchange
        let top: [Ticker]
        do {
            top = try await engine.top(.volume, on: exchange, market: .perp, count: universe)
        } catch {
            return Reply(html: failureLine(error))
        }
        let engine = self.engine
        let measured = await boundedFanOut(top.map(\.instrument), limit: concurrency) { instrument in
            (instrument, VolumeSpike.measure(try await engine.candles(instrument, interval: interval, limit: 23)))
        }
        let spikes = measured.compactMap { $0 }.compactMap { instrument, spike in spike.map { (instrument, $0) } }
            .filter { $0.1.isSpike(threshold: threshold) }
            .sorted { $0.1.ratioToMean > $1.1.ratioToMean }
        let failed = measured.count { $0 == nil }
        var lines = [
            "<b>Volume spikes ≥ \(NumberFormat.fixed(threshold, 1))×</b> · top \(top.count) \(exchange.displayName) perps · \(interval.rawValue)"
        ]
        for (index, (instrument, spike)) in spikes.prefix(20).enumerated() {
            lines.append(
                "\(index + 1). <b>\(HTML.escape(instrument.base))</b> \(NumberFormat.fixed(spike.ratioToMean, 1))× · \(NumberFormat.compactUSD(spike.quoteVolume)) · price \(NumberFormat.percent(spike.priceChangePercent))"
            )
        }
        if spikes.isEmpty { lines.append("No spikes on the last closed bar.") }
        if failed > 0 { lines.append("⚠️ \(failed) symbol(s) could not be read from \(exchange.displayName)") }
        return Reply(html: lines.joined(separator: "\n"))
    }
}
