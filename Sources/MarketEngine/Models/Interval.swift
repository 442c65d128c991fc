/// Candle and open-interest intervals the commands accept, with each exchange's spelling.
public enum Interval: String, Sendable, CaseIterable, Codable {
    case m1 = "1m"
    case m5 = "5m"
    case m15 = "15m"
    case m30 = "30m"
    case h1 = "1h"
    case h4 = "4h"
    case d1 = "1d"

    /// Accepts `1h`, `1H`, `60m`, `4h`, `1d`, `D`.
    public init?(text: String) {
        let lowered = text.lowercased()
        switch lowered {
        case "60m", "60": self = .h1
        case "240m", "240": self = .h4
        case "d", "1day", "24h": self = .d1
        default:
            guard let interval = Interval(rawValue: lowered) else { return nil }
            self = interval
        }
    }

    public var milliseconds: Int64 {
        switch self {
        case .m1: 60_000
        case .m5: 300_000
        case .m15: 900_000
        case .m30: 1_800_000
        case .h1: 3_600_000
        case .h4: 14_400_000
        case .d1: 86_400_000
        }
    }

    var binance: String { rawValue }

    var bybit: String {
        switch self {
        case .m1: "1"
        case .m5: "5"
        case .m15: "15"
        case .m30: "30"
        case .h1: "60"
        case .h4: "240"
        case .d1: "D"
        }
    }

    var okx: String {
        switch self {
        case .h1: "1H"
        case .h4: "4H"
        case .d1: "1Dutc"
        default: rawValue
        }
    }
}
