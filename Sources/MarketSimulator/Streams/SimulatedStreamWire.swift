import Foundation

/// A symbol a stream client subscribed to, as the simulator's universe names it.
struct StreamSubscription: Hashable, Sendable {
    var base: String
    var perp: Bool
    /// A liquidation channel: of `base`, or of every symbol when `base` is `*`.
    var liquidations = false

    static let everyLiquidation = StreamSubscription(base: "*", perp: true, liquidations: true)

    func covers(liquidationOf base: String) -> Bool { liquidations && (self.base == "*" || self.base == base) }
}

/// A liquidation a test pushes (`POST /_sim/liquidations`): on every venue that streams them,
/// or on one exchange's.
public struct SimulatedLiquidation: Sendable, Codable, Equatable {
    /// `binance`, `bybit`, `okx`, `gate`; nil: all four.
    public var exchange: String?
    public var base: String
    /// The position liquidated: `long` or `short`.
    public var side: String
    public var price: Double
    /// Coins.
    public var quantity: Double

    public init(exchange: String? = nil, base: String, side: String, price: Double, quantity: Double) {
        self.exchange = exchange
        self.base = base
        self.side = side
        self.price = price
        self.quantity = quantity
    }

    public var isLong: Bool { side == "long" }
}

/// What one client message asked for, and the frames that answer it.
struct StreamRequest: Sendable {
    var subscribe: [StreamSubscription] = []
    var unsubscribe: [StreamSubscription] = []
    var replies: [String] = []
}

/// How the simulator speaks one venue's public stream: reading the client's subscribe,
/// unsubscribe and ping messages, and writing the frames an exchange pushes, in its real
/// shapes (the codecs of the engine read them as they read the exchange's own).
protocol SimulatedStreamWire: Sendable {
    /// The path after the venue's prefix (`/stream`, `/v5/public/linear`).
    var path: String { get }
    /// `refuse`: the subscription is refused (an unknown symbol, or a scripted fault).
    func read(_ text: String, now: Int64, universe: SimulatedUniverse, refuse: Bool) -> StreamRequest
    /// The frames that push `market` to a subscriber of `subscription` (none for a
    /// liquidation subscription).
    func frames(_ subscription: StreamSubscription, market: SimulatedMarket, now: Int64) -> [String]
    /// The frames that push `liquidation` to a subscriber of a liquidation channel;
    /// `contractValue` turns coins into the venue's contracts where it counts in contracts.
    func liquidationFrames(_ liquidation: SimulatedLiquidation, contractValue: Double, now: Int64) -> [String]
}

extension SimulatedStreamWire {
    func liquidationFrames(_ liquidation: SimulatedLiquidation, contractValue: Double, now: Int64) -> [String] { [] }
}

extension SimulatedStreamWire {
    /// `BTC` for `BTCUSDT`, `btcusdt`, `BTC-USDT`, `BTC-USDT-SWAP`, `BTC_USDT`, when the
    /// universe lists it (and its perpetual, for a perpetual).
    func base(of symbol: String, perp: Bool, in universe: SimulatedUniverse, at now: Int64) -> String? {
        var name = symbol.uppercased()
        if name.hasSuffix("-SWAP") { name.removeLast(5) }
        for suffix in ["-USDT", "_USDT", "USDT"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            guard let market = universe.market(name, at: now), !perp || market.hasPerp else { return nil }
            return name
        }
        return nil
    }
}

extension StreamSubscription {
    var usdt: String { base + "USDT" }
    var dashed: String { base + "-USDT" }
    var underscored: String { base + "_USDT" }
}

/// A JSON object from a client's message, or nil.
func jsonObject(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
}
