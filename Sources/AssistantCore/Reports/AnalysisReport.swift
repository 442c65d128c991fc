import MarketEngine

/// `/analysis` as data: the signals, each nil when its input could not be had, and the
/// plain-language reading of them.
public struct AnalysisReport: Sendable, Codable {
    public var pair: String
    public var exchange: Exchange
    public var interval: Interval
    public var price: Double
    /// Period ("20", "50", "200") → EMA of spot closes.
    public var ema: [String: Double]
    /// "up", "down" or "mixed": price against every EMA known.
    public var trend: String?
    public var rsi: Double?
    /// Where the price sits in the 24 h low–high range, 0–100.
    public var rangePosition: Double?
    public var low24h: Double?
    public var high24h: Double?
    public var volumeRatio: Double?
    public var cvdDelta: Double?
    public var openInterestChange24h: Double?
    public var fundingRate: Double?
    public var fundingIntervalHours: Double?
    public var basisPercent: Double?
    public var reading: [String]
    public var time: Int64

    public static func make(engine: MarketEngine, symbol: String, exchange: Exchange, interval: Interval) async throws
        -> AnalysisReport
    {
        async let snapshot = engine.price(symbol, on: exchange)
        async let series = Result { () async throws -> [Candle] in
            let instrument = try await engine.resolve(symbol, on: exchange, market: .spot)
            return try await engine.candles(instrument, interval: interval, limit: 210)
        }
        async let interest = Result { () async throws -> [OpenInterest] in
            let instrument = try await engine.resolve(symbol, on: exchange, market: .perp)
            return try await engine.openInterestHistory(instrument, period: .h1, limit: 25)
        }
        let price = try await snapshot
        let candles = (try? await series.get()) ?? []
        let closes = candles.map(\.close)
        let last = price.spot?.last ?? closes.last ?? 0
        var report = AnalysisReport(
            pair: price.pair, exchange: exchange, interval: interval, price: last, ema: [:], reading: [],
            time: price.time)

        for period in [20, 50, 200] {
            if let value = Indicators.ema(closes, period: period).last { report.ema[String(period)] = value }
        }
        if !report.ema.isEmpty {
            let above = report.ema.values.filter { last > $0 }.count
            report.trend = above == report.ema.count ? "up" : above == 0 ? "down" : "mixed"
            report.reading.append("trend is \(report.trend!)")
        }
        report.rsi = Indicators.rsi(closes)
        if let rsi = report.rsi, rsi >= 70 || rsi <= 30 {
            report.reading.append("RSI is \(rsi >= 70 ? "overbought" : "oversold")")
        }
        if let spot = price.spot {
            report.low24h = spot.low
            report.high24h = spot.high
            report.rangePosition = Indicators.rangePosition(price: spot.last, low: spot.low, high: spot.high)
        }
        report.volumeRatio = VolumeSpike.measure(candles)?.ratioToMean
        if let ratio = report.volumeRatio, ratio >= 2 { report.reading.append("volume is unusually high") }
        report.cvdDelta = VolumeDelta.cumulative(candles: Array(candles.suffix(24)))?.last
        if let delta = report.cvdDelta {
            report.reading.append(delta >= 0 ? "takers are net buyers" : "takers are net sellers")
        }
        if let history = try? await interest.get(), history.count > 24, let now = history.last {
            report.openInterestChange24h = Statistics.percentChange(
                from: history[history.count - 25].base, to: now.base)
            if let change = report.openInterestChange24h, abs(change) >= 5 {
                report.reading.append(change > 0 ? "open interest is building" : "open interest is unwinding")
            }
        }
        if let funding = price.funding {
            report.fundingRate = funding.fundingRate
            report.fundingIntervalHours = funding.fundingIntervalHours
            if funding.fundingRate >= 0.0003 { report.reading.append("longs pay a high funding rate") }
            if funding.fundingRate < 0 { report.reading.append("shorts pay funding") }
        }
        report.basisPercent = price.basisPercent
        return report
    }
}
