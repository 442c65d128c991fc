/// One of the exchanges' public market-data WebSocket services: what a connection is
/// opened to. An exchange with one service for both markets (OKX, Bitget) is one venue;
/// the others have one per market. MEXC's spot stream is protobuf only and stays on REST.
public enum StreamVenue: String, Sendable, CaseIterable, Hashable, Codable {
    case binanceSpot = "binance-spot"
    case binanceFutures = "binance-futures"
    case bybitSpot = "bybit-spot"
    case bybitLinear = "bybit-linear"
    case okx
    case bitget
    case gateSpot = "gate-spot"
    case gateFutures = "gate-futures"
    case mexcFutures = "mexc-futures"

    public var exchange: Exchange {
        switch self {
        case .binanceSpot, .binanceFutures: .binance
        case .bybitSpot, .bybitLinear: .bybit
        case .okx: .okx
        case .bitget: .bitget
        case .gateSpot, .gateFutures: .gate
        case .mexcFutures: .mexc
        }
    }

    /// The venue that streams `market` of `exchange`; nil where it is not streamed (MEXC spot).
    public static func serving(_ exchange: Exchange, _ market: Market) -> StreamVenue? {
        switch (exchange, market) {
        case (.binance, .spot): .binanceSpot
        case (.binance, .perp): .binanceFutures
        case (.bybit, .spot): .bybitSpot
        case (.bybit, .perp): .bybitLinear
        case (.okx, _): .okx
        case (.bitget, _): .bitget
        case (.gate, .spot): .gateSpot
        case (.gate, .perp): .gateFutures
        case (.mexc, .perp): .mexcFutures
        case (.mexc, .spot): nil
        }
    }

    /// How README and the log name it.
    public var displayName: String {
        switch self {
        case .binanceSpot: "Binance spot"
        case .binanceFutures: "Binance USDⓈ-M futures"
        case .bybitSpot: "Bybit spot"
        case .bybitLinear: "Bybit linear (USDT perpetuals)"
        case .okx: "OKX (spot and swaps)"
        case .bitget: "Bitget (spot and USDT futures)"
        case .gateSpot: "Gate spot"
        case .gateFutures: "Gate USDT futures"
        case .mexcFutures: "MEXC contract (USDT perpetuals)"
        }
    }

    /// The setting that sets the base URL (README, "Settings").
    public var settingName: String {
        switch self {
        case .binanceSpot: "BINANCE_SPOT_WS_URL"
        case .binanceFutures: "BINANCE_FUTURES_WS_URL"
        case .bybitSpot: "BYBIT_SPOT_WS_URL"
        case .bybitLinear: "BYBIT_LINEAR_WS_URL"
        case .okx: "OKX_WS_URL"
        case .bitget: "BITGET_WS_URL"
        case .gateSpot: "GATE_SPOT_WS_URL"
        case .gateFutures: "GATE_FUTURES_WS_URL"
        case .mexcFutures: "MEXC_FUTURES_WS_URL"
        }
    }

    /// The exchange's own base URL; the codec adds its path.
    public var defaultBaseURL: String {
        switch self {
        case .binanceSpot: "wss://stream.binance.com:9443"
        case .binanceFutures: "wss://fstream.binance.com"
        case .bybitSpot, .bybitLinear: "wss://stream.bybit.com"
        case .okx: "wss://ws.okx.com:8443"
        case .bitget: "wss://ws.bitget.com"
        case .gateSpot: "wss://api.gateio.ws"
        case .gateFutures: "wss://fx-ws.gateio.ws"
        case .mexcFutures: "wss://contract.mexc.com"
        }
    }

    /// Every venue's setting pointed at the simulator's stream listener `base`
    /// (`ws://127.0.0.1:PORT` → `ws://127.0.0.1:PORT/ws-sim/<venue>`): what `market-sim
    /// --env-file` writes and the system tests set, so that no stream leaves loopback.
    public static func simulatorSettings(at base: String) -> [(name: String, value: String)] {
        allCases.map { ($0.settingName, base + $0.simulatorPrefix) }
    }

    /// Where the simulator serves this venue: `ws://127.0.0.1:PORT` + this + the codec's path.
    public var simulatorPrefix: String { "/ws-sim/" + rawValue }

    /// The codec that speaks this venue's protocol.
    public var codec: any StreamCodec {
        switch self {
        case .binanceSpot: BinanceStreamCodec(futures: false)
        case .binanceFutures: BinanceStreamCodec(futures: true)
        case .bybitSpot: BybitStreamCodec(linear: false)
        case .bybitLinear: BybitStreamCodec(linear: true)
        case .okx: OKXStreamCodec()
        case .bitget: BitgetStreamCodec()
        case .gateSpot: GateStreamCodec(futures: false)
        case .gateFutures: GateStreamCodec(futures: true)
        case .mexcFutures: MEXCStreamCodec()
        }
    }
}
