import MarketEngine

/// `/analysis` as data: the measures, each nil when its input could not be had, and the
/// signals they give (the renderer words them).
public struct AnalysisReport: Sendable, Codable {
    /// Price against every EMA known.
    public enum Trend: String, Sendable, Codable {
        case up, down, mixed
    }

    /// What stands out, in the order the reading names them.
    public enum Signal: String, Sendable, Codable, CaseIterable {
        case trendUp, trendDown, trendMixed
        case overbought, oversold
        case highVolume
        case netBuyers, netSellers
        case openInterestBuilding, openInterestUnwinding
        case highFunding, negativeFunding
    }

    public var pair: String
    public var exchange: Exchange
    public var interval: Interval
    public var price: Double
    /// Period in bars (20, 50, 200) → EMA of spot closes.
    public var ema: [Int: Double]
    public var trend: Trend?
    public var rsi: Double?
    /// Where the price sits in the 24 h low–high range, 0–100.
    public var rangePosition: Double?
    public var low24h: Double?
    public var high24h: Double?
    public var volumeRatio: Double?
    public var cvdDelta: Double?
    public var openInterestChange24h: Double?
    /// False where the exchange publishes no open-interest history (Bitget, MEXC), so that
    /// the missing change is explained rather than left out.
    public var hasOpenInterestHistory = true
    public var fundingRate: Double?
    public var fundingIntervalHours: Double?
    public var basisPercent: Double?
    public var signals: [Signal]
    public var time: Int64

    public static func make(engine: MarketEngine, symbol: String, exchange: Exchange, interval: Interval)
        async throws(MarketFailure) -> AnalysisReport
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
        let price: PriceSnapshot
        do { price = try await snapshot } catch { throw MarketFailure(error) }
        let candles = (try? await series.get()) ?? []
        let closes = candles.map(\.close)
        let last = price.spot?.last ?? closes.last ?? 0
        var report = AnalysisReport(
            pair: price.pair, exchange: exchange, interval: interval, price: last, ema: [:], signals: [],
            time: price.time)
        report.hasOpenInterestHistory = engine.hasOpenInterestHistory(exchange)

        for period in [20, 50, 200] {
            if let value = Indicators.ema(closes, period: period).last { report.ema[period] = value }
        }
        if !report.ema.isEmpty {
            let above = report.ema.values.filter { last > $0 }.count
            let trend: Trend = above == report.ema.count ? .up : above == 0 ? .down : .mixed
            report.trend = trend
            let signal: Signal =
                switch trend {
                case .up: .trendUp
                case .down: .trendDown
                case .mixed: .trendMixed
                }
            report.signals.append(signal)
        }
        report.rsi = Indicators.rsi(closes)
        if let rsi = report.rsi, rsi >= 70 || rsi <= 30 {
            report.signals.append(rsi >= 70 ? .overbought : .oversold)
        }
        if let spot = price.spot {
            report.low24h = spot.low
            report.high24h = spot.high
            report.rangePosition = Indicators.rangePosition(price: spot.last, low: spot.low, high: spot.high)
        }
        report.volumeRatio = VolumeSpike.measure(candles)?.ratioToMean
        if let ratio = report.volumeRatio, ratio >= 2 { report.signals.append(.highVolume) }
        report.cvdDelta = VolumeDelta.cumulative(candles: Array(candles.suffix(24)))?.last
        if let delta = report.cvdDelta {
            report.signals.append(delta >= 0 ? .netBuyers : .netSellers)
        }
        if let history = try? await interest.get(), history.count > 24, let now = history.last {
            report.openInterestChange24h = Statistics.percentChange(
                from: history[history.count - 25].base, to: now.base)
            if let change = report.openInterestChange24h, abs(change) >= 5 {
                report.signals.append(change > 0 ? .openInterestBuilding : .openInterestUnwinding)
            }
        }
        if let funding = price.funding {
            report.fundingRate = funding.fundingRate
            report.fundingIntervalHours = funding.fundingIntervalHours
            if funding.fundingRate >= 0.0003 { report.signals.append(.highFunding) }
            if funding.fundingRate < 0 { report.signals.append(.negativeFunding) }
        }
        report.basisPercent = price.basisPercent
        return report
    }
}
