/// A forced close of a position, as an exchange's liquidation stream reports it.
public struct Liquidation: Sendable, Equatable, Codable {
    /// The position that was liquidated (not the side of the closing order).
    public enum Side: String, Sendable, Equatable, Codable {
        case long, short
    }

    public var exchange: Exchange
    public var base: String
    public var side: Side
    public var price: Double
    /// Coins.
    public var quantity: Double
    /// Milliseconds since 1970.
    public var time: Int64

    public init(exchange: Exchange, base: String, side: Side, price: Double, quantity: Double, time: Int64) {
        self.exchange = exchange
        self.base = base
        self.side = side
        self.price = price
        self.quantity = quantity
        self.time = time
    }

    /// USDT.
    public var notional: Double { price * quantity }
}
