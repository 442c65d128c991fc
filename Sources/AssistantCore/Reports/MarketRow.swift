import MarketEngine

/// One line of a compact table of coins (`/price` with a watchlist, the daily digest): the
/// spot price and its 24 h change, the perpetual's funding and, in the digest, its open
/// interest's 24 h change. A part that could not be read is nil and shows as "—".
public struct MarketRow: Sendable, Codable, Equatable {
    public var base: String
    public var price: Double?
    public var changePercent: Double?
    /// Per funding interval, in percent.
    public var fundingPercent: Double?
    public var openInterestChangePercent: Double?

    public init(
        base: String, price: Double? = nil, changePercent: Double? = nil, fundingPercent: Double? = nil,
        openInterestChangePercent: Double? = nil
    ) {
        self.base = base
        self.price = price
        self.changePercent = changePercent
        self.fundingPercent = fundingPercent
        self.openInterestChangePercent = openInterestChangePercent
    }
}
