/// One venue's protocol: the path of its public stream, the messages that subscribe and
/// unsubscribe instruments and keep the connection alive, and the reading of its frames.
/// Plain values without state: the connection owns the socket and the timing.
public protocol StreamCodec: Sendable {
    var venue: StreamVenue { get }
    /// Added to the base URL (`/stream`, `/v5/public/linear`, `/ws/v5/public`).
    var path: String { get }
    /// Instruments one connection carries at most (each exchange's per-connection cap,
    /// counting every channel an instrument needs).
    var instrumentsPerConnection: Int { get }
    /// Client messages per second the venue accepts on one connection (pings included).
    var messagesPerSecond: Int { get }
    /// The messages that subscribe to everything `instruments` need (ticker; on perpetuals
    /// mark price, funding and open interest where streamed), `id` numbering requests.
    func subscribe(_ instruments: [Instrument], id: Int) -> [String]
    func unsubscribe(_ instruments: [Instrument], id: Int) -> [String]
    /// A message the venue answers (`pong`, an ack): sent when the socket has been quiet,
    /// so that a silent one is told from a quiet one.
    func ping(id: Int, now: Int64) -> String
    /// HTTP headers for the upgrade request (Gate futures asks for decimal sizes).
    var headers: [(String, String)] { get }
    func decode(_ text: String) -> StreamMessage
    /// Whether the venue streams liquidations (Binance futures, Bybit linear, OKX, Gate futures).
    var streamsLiquidations: Bool { get }
    /// Whether its liquidation channel is per instrument (Bybit) rather than the whole market.
    var liquidationsPerInstrument: Bool { get }
    /// The messages that subscribe to liquidations: the whole market's (`instruments`
    /// ignored), or each instrument's where the venue has no market-wide channel.
    func subscribeLiquidations(_ instruments: [Instrument], id: Int) -> [String]
}

extension StreamCodec {
    public var headers: [(String, String)] { [] }
    public var streamsLiquidations: Bool { false }
    public var liquidationsPerInstrument: Bool { false }
    public func subscribeLiquidations(_ instruments: [Instrument], id: Int) -> [String] { [] }
}
