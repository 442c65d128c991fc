/// The exchanges the market engine reads, in the order every "all exchanges" view lists them.
public enum Exchange: String, Sendable, CaseIterable, Codable {
    case binance
    case bybit
    case okx
    case bitget
    case gate
    case mexc

    public var displayName: String {
        switch self {
        case .binance: "Binance"
        case .bybit: "Bybit"
        case .okx: "OKX"
        case .bitget: "Bitget"
        case .gate: "Gate"
        case .mexc: "MEXC"
        }
    }

    /// Accepts the names people type: `binance`, `Bybit`, `OKX`, `gate`, `gateio`, `gate.io`.
    public init?(name: some StringProtocol) {
        let lowered = name.lowercased()
        if lowered == "gateio" || lowered == "gate.io" {
            self = .gate
            return
        }
        self.init(rawValue: lowered)
    }
}
