/// Spot and perpetual of one pair on one exchange, each part present when it could be read.
public struct PriceSnapshot: Sendable, Codable {
    public var exchange: Exchange
    public var pair: String
    public var spot: Ticker?
    public var perp: Ticker?
    public var funding: PerpTicker?
    /// Why a market's part (its list, ticker or funding) is missing, when the reason is not
    /// "not listed".
    public var failures: [Market: MarketFailure]

    public init(
        exchange: Exchange, pair: String, spot: Ticker?, perp: Ticker?, funding: PerpTicker?,
        failures: [Market: MarketFailure]
    ) {
        self.exchange = exchange
        self.pair = pair
        self.spot = spot
        self.perp = perp
        self.funding = funding
        self.failures = failures
    }

    /// Perp mark over spot last, in percent.
    public var basisPercent: Double? {
        guard let spot = spot?.last, spot > 0, let mark = funding?.markPrice else { return nil }
        return (mark / spot - 1) * 100
    }

    /// The newest data time among the parts (ms).
    public var time: Int64 { [spot?.time, perp?.time, funding?.time].compactMap { $0 }.max() ?? 0 }
}
