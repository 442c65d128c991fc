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

    struct Reading {
        var instrument: Instrument
        var delta: Double
        var lastBarDelta: Double?
        var priceChangePercent: Double
        var source: String
    }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation.arguments)
        guard let symbol = arguments.rest.first else { return Reply(html: "Usage: \(HTML.escape(descriptor.usage))") }
        guard let interval = arguments.interval(at: 1, default: .h1) else {
            return Reply(
                html: "Unknown interval. Use one of \(Interval.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        let bars = arguments.rest.count > 2 ? Int(arguments.rest[2]) : 24
        guard let bars, (2...500).contains(bars) else { return Reply(html: "Bars must be a number from 2 to 500.") }
        let exchange = arguments.exchange
        async let spot = Result { try await read(symbol, exchange, .spot, interval, bars) }
        async let perp = Result { try await read(symbol, exchange, .perp, interval, bars) }
        let results = [(Market.spot, await spot), (Market.perp, await perp)]
        if case .failure(let error) = results[0].1, case .failure = results[1].1 {
            return Reply(html: failureLine(error))
        }

        var pair = symbol.uppercased()
        var lines: [String] = []
        var sources: Set<String> = []
        for (market, result) in results {
            let label = market == .spot ? "Spot" : "Perp"
            switch result {
            case .success(let reading):
                pair = reading.instrument.pair
                sources.insert(reading.source)
                let base = HTML.escape(reading.instrument.base)
                var line =
                    "\(label) CVD \(signed(reading.delta)) \(base) · price \(NumberFormat.percent(reading.priceChangePercent))"
                if let last = reading.lastBarDelta { line += " · last bar \(signed(last))" }
                line +=
                    VolumeDelta.diverges(priceChangePercent: reading.priceChangePercent, delta: reading.delta)
                    ? " · ⚠️ <b>diverges from price</b>" : (reading.delta >= 0 ? " · buyers lead" : " · sellers lead")
                lines.append(line)
            case .failure(let error):
                lines.append("\(label): \(failureLine(error))")
            }
        }
        return Reply(
            html: "<b>\(HTML.escape(pair)) CVD</b> · \(exchange.displayName)\n" + lines.joined(separator: "\n")
                + "\n<i>"
                + sources.sorted().joined(separator: "; ") + "</i>")
    }

    private func read(_ symbol: String, _ exchange: Exchange, _ market: Market, _ interval: Interval, _ bars: Int)
        async throws
        -> Reading
    {
        let instrument = try await engine.resolve(symbol, on: exchange, market: market)
        if exchange == .binance {
            let candles = try await engine.candles(instrument, interval: interval, limit: bars)
            guard let first = candles.first, let last = candles.last,
                let series = VolumeDelta.cumulative(candles: candles)
            else {
                throw MarketError.badResponse(exchange, reason: "no taker volume in klines")
            }
            let lastBar = series.count > 1 ? series[series.count - 1] - series[series.count - 2] : series.last
            return Reading(
                instrument: instrument, delta: series.last ?? 0, lastBarDelta: lastBar,
                priceChangePercent: Statistics.percentChange(from: first.open, to: last.close) ?? 0,
                source: "Binance: taker-buy volume of the last \(bars) \(interval.rawValue) bars")
        }
        let trades = try await engine.trades(instrument, limit: exchange == .okx ? 500 : 1000)
        guard let first = trades.first, let last = trades.last else {
            throw MarketError.badResponse(exchange, reason: "no recent trades")
        }
        return Reading(
            instrument: instrument, delta: VolumeDelta.cumulative(trades: trades), lastBarDelta: nil,
            priceChangePercent: Statistics.percentChange(from: first.price, to: last.price) ?? 0,
            source:
                "\(exchange.displayName): the last \(trades.count) trades since \(NumberFormat.timeOfDay(milliseconds: first.time)) (no taker split in its candles)"
        )
    }

    private func signed(_ value: Double) -> String {
        (value >= 0 ? "+" : "-") + NumberFormat.price(abs(value))
    }
}
