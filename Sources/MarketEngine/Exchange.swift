/// The exchanges the market engine reads. The market-engine issue adds their adapters.
public enum Exchange: String, Sendable, CaseIterable, Codable {
    case binance
    case bybit
    case okx

    public var displayName: String {
        switch self {
        case .binance: "Binance"
        case .bybit: "Bybit"
        case .okx: "OKX"
        }
    }

    /// Accepts the names people type: `binance`, `Bybit`, `OKX`.
    public init?(name: some StringProtocol) {
        self.init(rawValue: name.lowercased())
    }
}
