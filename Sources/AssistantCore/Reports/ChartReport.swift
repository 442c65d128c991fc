import MarketEngine

/// `/chart` as data: the candles to draw. The picture is the report's rendering
/// (`ChartRenderer`, through a `ChartDrawer`).
public enum ChartReport: Sendable {
    public struct Candles: Sendable {
        public var pair: String
        public var exchange: Exchange
        public var interval: Interval
        /// Oldest first; never empty.
        public var candles: [Candle]
    }

    case candles(Candles)
    /// Local mode: a picture cannot travel in a webhook response.
    case localMode
    case noCandles(pair: String)
}
