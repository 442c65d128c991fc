/// One bar, oldest-first in every array the engine returns (several exchanges send newest first).
public struct Candle: Sendable, Equatable, Codable {
    /// Milliseconds since 1970 of the bar's start.
    public var openTime: Int64
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    /// Base units.
    public var volume: Double
    public var quoteVolume: Double
    /// Base units bought by takers; only Binance klines carry it (field 9).
    public var takerBuyVolume: Double?
    /// False for the bar still forming.
    public var isClosed: Bool

    public init(
        openTime: Int64, open: Double, high: Double, low: Double, close: Double, volume: Double, quoteVolume: Double,
        takerBuyVolume: Double?, isClosed: Bool
    ) {
        self.openTime = openTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.quoteVolume = quoteVolume
        self.takerBuyVolume = takerBuyVolume
        self.isClosed = isClosed
    }
}

/// A public trade with the taker's side: `buy` means the aggressor bought.
public struct Trade: Sendable, Equatable, Codable {
    public enum Side: String, Sendable, Codable { case buy, sell }

    public var price: Double
    /// Base units (OKX swap contracts already multiplied by `ctVal`).
    public var size: Double
    public var takerSide: Side
    public var time: Int64

    public init(price: Double, size: Double, takerSide: Side, time: Int64) {
        self.price = price
        self.size = size
        self.takerSide = takerSide
        self.time = time
    }
}

/// Open interest of a perpetual at one time: base units and USD value.
public struct OpenInterest: Sendable, Equatable, Codable {
    public var time: Int64
    public var base: Double
    public var usd: Double

    public init(time: Int64, base: Double, usd: Double) {
        self.time = time
        self.base = base
        self.usd = usd
    }
}
