/// One exchange's public market data, in the unified models. Adapters translate wire
/// formats only; caching, coalescing and symbol resolution live in `MarketEngine`.
public protocol ExchangeAdapter: Sendable {
    var exchange: Exchange { get }
    /// Every live USDT-quoted and other pair of the market (perps: linear perpetuals only).
    func instruments(_ market: Market) async throws -> [Instrument]
    func ticker(_ instrument: Instrument) async throws -> Ticker
    /// All tickers of a market in one request; unknown symbols are skipped.
    func tickers(_ market: Market, instruments: [String: Instrument]) async throws -> [Ticker]
    func perpTicker(_ instrument: Instrument) async throws -> PerpTicker
    /// The last `limit` bars, oldest first; the newest may still be forming.
    func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle]
    /// Recent public trades, oldest first: at most `limit`, and fewer where the exchange's
    /// own maximum is lower (the adapter clamps the request to it).
    func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade]
    func openInterest(_ instrument: Instrument) async throws -> OpenInterest
    /// Whether the exchange publishes open interest over time; without it `/oi` shows the
    /// current amount and no changes, and the engine asks nothing.
    var hasOpenInterestHistory: Bool { get }
    /// Open interest at the end of each `period`, oldest first.
    func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws -> [OpenInterest]
    /// Every perpetual's funding and open interest from the exchange's bulk endpoints, by
    /// symbol; empty where it has none (the readings are then made per symbol).
    func perpReadings(instruments: [String: Instrument]) async throws -> [String: PerpReading]
    /// Coins open, without their value: what an alert compares (one request where
    /// `openInterest` needs a second for the mark price).
    func openInterestCoins(_ instrument: Instrument) async throws -> Double
}

extension ExchangeAdapter {
    public var hasOpenInterestHistory: Bool { true }

    public func perpReadings(instruments: [String: Instrument]) async throws -> [String: PerpReading] { [:] }

    public func openInterestCoins(_ instrument: Instrument) async throws -> Double {
        try await openInterest(instrument).base
    }
}
