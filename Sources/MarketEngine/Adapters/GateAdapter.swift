/// Stub: replaced by the Gate adapter.
public struct GateAdapter: ExchangeAdapter {
    public let exchange = Exchange.gate
    let gateway: ExchangeGateway

    public init(gateway: ExchangeGateway) {
        self.gateway = gateway
    }

    private var missing: MarketFailure { .badResponse(exchange, reason: "not built yet") }
    public func instruments(_ market: Market) async throws -> [Instrument] { throw missing }
    public func ticker(_ instrument: Instrument) async throws -> Ticker { throw missing }
    public func tickers(_ market: Market, instruments: [String: Instrument]) async throws -> [Ticker] { throw missing }
    public func perpTicker(_ instrument: Instrument) async throws -> PerpTicker { throw missing }
    public func candles(_ instrument: Instrument, interval: Interval, limit: Int) async throws -> [Candle] {
        throw missing
    }
    public func trades(_ instrument: Instrument, limit: Int) async throws -> [Trade] { throw missing }
    public func openInterest(_ instrument: Instrument) async throws -> OpenInterest { throw missing }
    public func openInterestHistory(_ instrument: Instrument, period: Interval, limit: Int) async throws
        -> [OpenInterest]
    { throw missing }
}
