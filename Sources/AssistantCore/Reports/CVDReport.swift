import MarketEngine

/// `/cvd` as data: cumulative volume delta for spot and perp, and where it came from.
public struct CVDReport: Sendable, Codable {
    public struct Reading: Sendable, Codable {
        public var base: String
        /// Base units: taker buys minus taker sells over the window.
        public var delta: Double
        public var lastBarDelta: Double?
        public var priceChangePercent: Double
        public var divergesFromPrice: Bool
        public var source: Source
    }

    /// Where a reading's taker split came from: Binance's klines carry it per bar, the
    /// others' candles do not, so their recent public trades are counted instead.
    public struct Source: Sendable, Codable, Hashable {
        public enum Kind: String, Sendable, Codable {
            case klines, trades
        }

        public var kind: Kind
        /// Bars or trades counted.
        public var count: Int
        /// The bars' interval (klines).
        public var interval: Interval?
        /// The first trade's time in milliseconds (trades).
        public var since: Int64?
    }

    public var pair: String
    public var exchange: Exchange
    public var spot: Reading?
    public var perp: Reading?
    /// Why a market's part is missing.
    public var failures: [Market: MarketFailure]

    public static func make(engine: MarketEngine, symbol: String, exchange: Exchange, interval: Interval, bars: Int)
        async throws(MarketFailure) -> CVDReport
    {
        @Sendable func read(_ market: Market) async throws -> MarketPart<Reading> {
            let instrument = try await engine.resolve(symbol, on: exchange, market: market)
            if exchange == .binance {
                let candles = try await engine.candles(instrument, interval: interval, limit: bars)
                guard let first = candles.first, let last = candles.last,
                    let series = VolumeDelta.cumulative(candles: candles)
                else { throw MarketFailure.badResponse(exchange, reason: "no taker volume in klines") }
                let change = Statistics.percentChange(from: first.open, to: last.close) ?? 0
                let delta = series.last ?? 0
                return MarketPart(
                    instrument: instrument,
                    value: Reading(
                        base: instrument.base, delta: delta,
                        lastBarDelta: series.count > 1
                            ? series[series.count - 1] - series[series.count - 2] : series.last,
                        priceChangePercent: change,
                        divergesFromPrice: VolumeDelta.diverges(priceChangePercent: change, delta: delta),
                        source: Source(kind: .klines, count: bars, interval: interval))
                )
            }
            let trades = try await engine.trades(instrument, limit: 1000)
            guard let first = trades.first, let last = trades.last else {
                throw MarketFailure.badResponse(exchange, reason: "no recent trades")
            }
            let change = Statistics.percentChange(from: first.price, to: last.price) ?? 0
            let delta = VolumeDelta.cumulative(trades: trades)
            return MarketPart(
                instrument: instrument,
                value: Reading(
                    base: instrument.base, delta: delta, lastBarDelta: nil, priceChangePercent: change,
                    divergesFromPrice: VolumeDelta.diverges(priceChangePercent: change, delta: delta),
                    source: Source(kind: .trades, count: trades.count, since: first.time)
                )
            )
        }
        async let spot = Result { try await read(.spot) }
        async let perp = Result { try await read(.perp) }
        let parts = try MarketParts(spot: await spot, perp: await perp)
        return CVDReport(
            pair: parts.pair ?? symbol.uppercased(), exchange: exchange, spot: parts.spot, perp: parts.perp,
            failures: parts.failures)
    }
}
