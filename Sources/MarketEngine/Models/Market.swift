/// Spot, or the USDT-margined perpetual swap of the same pair.
public enum Market: String, Sendable, CaseIterable, Codable {
    case spot
    case perp
}
