import MarketEngine
import TelegramBotAPI

/// `/volume SYMBOL [interval] [exchange]`: the last closed bar's volume against the 20
/// before it, spot and perp, flagged as a spike at or above the threshold.
public struct VolumeCommand: CommandHandler {
    public let descriptor = CommandCatalog.volume
    let engine: MarketEngine
    let threshold: Double

    public init(engine: MarketEngine, threshold: Double = 2) {
        self.engine = engine
        self.threshold = threshold
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation.arguments)
        guard let symbol = arguments.rest.first else { return Reply(html: "Usage: \(HTML.escape(descriptor.usage))") }
        guard let interval = arguments.interval(at: 1, default: .h1) else {
            return Reply(
                html: "Unknown interval. Use one of \(Interval.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let exchange = arguments.exchange
        async let spot = Result { try await measure(symbol, exchange, .spot, interval) }
        async let perp = Result { try await measure(symbol, exchange, .perp, interval) }
        let results = [(Market.spot, await spot), (Market.perp, await perp)]
        if case .failure(let error) = results[0].1, case .failure = results[1].1 {
            return Reply(html: failureLine(error))
        }

        var pair = symbol.uppercased()
        var lines: [String] = []
        var barTime: Int64 = 0
        for (market, result) in results {
            let label = market == .spot ? "Spot" : "Perp"
            switch result {
            case .success(let (instrument, spike)):
                pair = instrument.pair
                guard let spike else {
                    lines.append("\(label): not enough closed bars")
                    continue
                }
                barTime = spike.candleTime
                let z = spike.zScore.map { " · z \(NumberFormat.fixed($0, 1))" } ?? ""
                let flag = spike.isSpike(threshold: threshold) ? " · 🔺 <b>spike</b>" : ""
                lines.append(
                    "\(label) \(NumberFormat.compactUSD(spike.quoteVolume)) · \(NumberFormat.fixed(spike.ratioToMean, 2))× mean · \(NumberFormat.fixed(spike.ratioToMedian, 2))× median\(z) · price \(NumberFormat.percent(spike.priceChangePercent))\(flag)"
                )
            case .failure(let error):
                lines.append("\(label): \(failureLine(error))")
            }
        }
        return Reply(
            html: "<b>\(HTML.escape(pair)) volume</b> · \(exchange.displayName) · \(interval.rawValue)\n"
                + lines.joined(separator: "\n")
                + "\n<i>last closed bar opened \(NumberFormat.timeOfDay(milliseconds: barTime)); spike at ≥ \(NumberFormat.fixed(threshold, 1))× the mean of the previous 20</i>"
        )
    }

    private func measure(_ symbol: String, _ exchange: Exchange, _ market: Market, _ interval: Interval) async throws
        -> (Instrument, VolumeSpike?)
    {
        let instrument = try await engine.resolve(symbol, on: exchange, market: market)
        let candles = try await engine.candles(instrument, interval: interval, limit: 23)
        return (instrument, VolumeSpike.measure(candles))
    }
}
