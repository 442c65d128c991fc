#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An account amount sent as a string (most exchanges), as a JSON number (MEXC's contract
/// API; Gate's sizes without `X-Gate-Size-Decimal`) or as null. Decimal, unlike
/// `WireNumber`, because balances are summed and shown to the last unit.
struct WireDecimal: Decodable, Sendable {
    let value: Decimal?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = nil
        } else if let text = try? container.decode(String.self) {
            value = decimal(text)
        } else {
            value = try container.decode(Decimal.self)
        }
    }
}
