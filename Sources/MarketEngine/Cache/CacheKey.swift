/// What a cache entry holds: the kind of read, where from, and its parameters.
///
/// A struct rather than a string: building `"ticker:\(exchange):…"` for every lookup cost
/// an allocation and a reflection-based description of each enum, about 5% of the CPU of a
/// cached `/price` under load.
public struct CacheKey: Hashable, Sendable {
    public enum Kind: UInt8, Sendable {
        case instruments, ticker, funding, tickers, candles, trades, openInterest, openInterestHistory, perpReadings,
            openInterestCoins
    }

    public let kind: Kind
    public let exchange: Exchange
    public let market: Market?
    public let symbol: String
    /// The interval of candles and open-interest history, if any.
    public let interval: Interval?
    /// How many items were asked for (candles, trades, history); 0 otherwise.
    public let limit: Int

    public init(
        _ kind: Kind, _ exchange: Exchange, market: Market? = nil, symbol: String = "", interval: Interval? = nil,
        limit: Int = 0
    ) {
        self.kind = kind
        self.exchange = exchange
        self.market = market
        self.symbol = symbol
        self.interval = interval
        self.limit = limit
    }
}
