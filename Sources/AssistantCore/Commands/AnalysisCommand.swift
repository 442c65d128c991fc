import MarketEngine
import TelegramBotAPI

/// `/analysis SYMBOL [interval] [exchange]`: trend (EMA 20/50/200), momentum (RSI 14), 24 h
/// range position, volume against its average, CVD direction, OI change, funding and basis,
/// then a short plain-language reading of those signals. Not advice.
public struct AnalysisCommand: CommandHandler {
    public let descriptor = CommandCatalog.analysis
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation.arguments)
        guard let symbol = arguments.rest.first else { return Reply(html: "Usage: \(HTML.escape(descriptor.usage))") }
        guard let interval = arguments.interval(at: 1, default: .h4) else {
            return Reply(
                html: "Unknown interval. Use one of \(Interval.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let exchange = arguments.exchange
        let engine = self.engine
        async let snapshot = Result { try await engine.price(symbol, on: exchange) }
        async let series = Result { () async throws -> [Candle] in
            let instrument = try await engine.resolve(symbol, on: exchange, market: .spot)
            return try await engine.candles(instrument, interval: interval, limit: 210)
        }
        async let interest = Result { () async throws -> [OpenInterest] in
            let instrument = try await engine.resolve(symbol, on: exchange, market: .perp)
            return try await engine.openInterestHistory(instrument, period: .h1, limit: 25)
        }
        let price: PriceSnapshot
        do {
            price = try await snapshot.get()
        } catch {
            return Reply(html: failureLine(error))
        }
        var lines = ["<b>\(HTML.escape(price.pair)) analysis</b> · \(exchange.displayName) · \(interval.rawValue)"]
        var reading: [String] = []
        let candles = (try? await series.get()) ?? []
        let closes = candles.map(\.close)
        let last = price.spot?.last ?? closes.last ?? 0

        let known: [(period: Int, value: Double)] = [20, 50, 200].compactMap { period in
            Indicators.ema(closes, period: period).last.map { (period, $0) }
        }
        if !known.isEmpty {
            let above = known.filter { last > $0.value }.count
            let trend = above == known.count ? "above all (uptrend)" : above == 0 ? "below all (downtrend)" : "mixed"
            lines.append(
                "Trend: price \(trend) · "
                    + known.map { "EMA\($0.period) \(NumberFormat.price($0.value))" }.joined(separator: " · "))
            reading.append(above == known.count ? "trend is up" : above == 0 ? "trend is down" : "trend is mixed")
        } else {
            lines.append("Trend: not enough bars")
        }
        if let rsi = Indicators.rsi(closes) {
            let zone = rsi >= 70 ? "overbought" : rsi <= 30 ? "oversold" : "neutral"
            lines.append("Momentum: RSI 14 \(NumberFormat.fixed(rsi, 1)) (\(zone))")
            if zone != "neutral" { reading.append("RSI is \(zone)") }
        }
        if let spot = price.spot,
            let position = Indicators.rangePosition(price: spot.last, low: spot.low, high: spot.high)
        {
            lines.append(
                "24h range: \(NumberFormat.fixed(position, 0))% of low–high (\(NumberFormat.price(spot.low))–\(NumberFormat.price(spot.high)))"
            )
        }
        if let spike = VolumeSpike.measure(candles) {
            lines.append("Volume: last bar \(NumberFormat.fixed(spike.ratioToMean, 2))× its 20-bar mean")
            if spike.ratioToMean >= 2 { reading.append("volume is unusually high") }
        }
        if let series = VolumeDelta.cumulative(candles: Array(candles.suffix(24))), let delta = series.last {
            lines.append("CVD (24 bars): \(delta >= 0 ? "buyers lead" : "sellers lead")")
            reading.append(delta >= 0 ? "takers are net buyers" : "takers are net sellers")
        }
        if let history = try? await interest.get(), history.count > 24, let now = history.last,
            let change = Statistics.percentChange(from: history[history.count - 25].base, to: now.base)
        {
            lines.append("Open interest 24h: \(NumberFormat.percent(change))")
            if abs(change) >= 5 {
                reading.append(change > 0 ? "open interest is building" : "open interest is unwinding")
            }
        }
        if let funding = price.funding {
            var line =
                "Funding \(NumberFormat.percent(funding.fundingRate * 100, decimals: 4)) / \(NumberFormat.fixed(funding.fundingIntervalHours, 0))h"
            if let basis = price.basisPercent { line += " · basis \(NumberFormat.percent(basis, decimals: 3))" }
            lines.append(line)
            if funding.fundingRate >= 0.0003 { reading.append("longs pay a high funding rate") }
            if funding.fundingRate < 0 { reading.append("shorts pay funding") }
        }
        let summary = reading.isEmpty ? "No strong signal." : reading.joined(separator: ", ").capitalizedFirst + "."
        lines.append("<b>Reading:</b> \(HTML.escape(summary)) <i>Data, not advice.</i>")
        lines.append("<i>data at \(NumberFormat.timeOfDay(milliseconds: price.time))</i>")
        return Reply(html: lines.joined(separator: "\n"))
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
