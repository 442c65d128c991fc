/// 24-hour statistics of one instrument, in one unit system whatever the exchange.
///
/// Market data is `Double`: prices and volumes are shown with at most 8 significant digits
/// and feed statistics (means, ratios), where binary floating point is exact enough and
/// costs no allocation. Account amounts (issue 4) use `Decimal`.
public struct Ticker: Sendable, Equatable, Codable {
    public var instrument: Instrument
    public var last: Double
    /// Percent (`-3.0` = −3 %), converted from Bybit's fraction and computed for OKX.
    public var changePercent: Double
    public var high: Double
    public var low: Double
    public var baseVolume: Double
    /// Quote currency (USDT) volume: what rankings sort by.
    public var quoteVolume: Double
    /// Milliseconds since 1970 of the exchange's data, or of our read when it sends none.
    public var time: Int64

    public init(
        instrument: Instrument, last: Double, changePercent: Double, high: Double, low: Double, baseVolume: Double,
        quoteVolume: Double, time: Int64
    ) {
        self.instrument = instrument
        self.last = last
        self.changePercent = changePercent
        self.high = high
        self.low = low
        self.baseVolume = baseVolume
        self.quoteVolume = quoteVolume
        self.time = time
    }
}
