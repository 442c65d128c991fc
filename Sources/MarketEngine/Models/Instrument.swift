/// A tradable pair on one exchange and market, with only the fields the engine uses.
public struct Instrument: Sendable, Hashable, Codable {
    public var exchange: Exchange
    public var market: Market
    /// The exchange's own id: `BTCUSDT` (Binance, Bybit), `BTC-USDT` / `BTC-USDT-SWAP` (OKX).
    public var symbol: String
    public var base: String
    public var quote: String
    /// Base units per contract (OKX swaps: `ctVal`); 1 where sizes are in base units.
    public var contractValue: Double

    public init(
        exchange: Exchange, market: Market, symbol: String, base: String, quote: String, contractValue: Double = 1
    ) {
        self.exchange = exchange
        self.market = market
        self.symbol = symbol
        self.base = base
        self.quote = quote
        self.contractValue = contractValue
    }

    /// `BTC/USDT`, as shown to people.
    public var pair: String { "\(base)/\(quote)" }
}
