#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A number as exchanges send it: usually a JSON string (`"60755.18"`), sometimes a
/// number, sometimes `""` for "none". Decodes all three; `value` is nil for empty.
struct WireNumber: Decodable, Sendable {
    let value: Double?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            if text.isEmpty {
                value = nil
            } else if let number = Double(text), number.isFinite {
                value = number
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not a number: \(text.prefix(20))")
            }
        } else {
            let number = try container.decode(Double.self)
            guard number.isFinite else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not finite")
            }
            value = number
        }
    }

    /// Nil when the number is not representable (`Int64(_:)` would stop the process on
    /// `1e300` from a misbehaving exchange).
    var int64: Int64? { value.flatMap { Int64(exactly: $0.rounded(.towardZero)) } }
}

/// Decodes a body, mapping any decoding failure to "answered garbage" for that exchange.
func decodeBody<T: Decodable>(_ type: T.Type, from bytes: [UInt8], exchange: Exchange) throws(MarketFailure) -> T {
    do {
        return try JSONDecoder().decode(T.self, from: Data(bytes))
    } catch {
        if bytes.isEmpty { throw .badResponse(exchange, reason: "empty body") }
        if bytes.first != UInt8(ascii: "{") && bytes.first != UInt8(ascii: "[") {
            throw .badResponse(exchange, reason: "not JSON")
        }
        throw .badResponse(exchange, reason: "unexpected JSON shape")
    }
}

/// A value that must be present and numeric.
func required(_ number: WireNumber?, _ field: String, _ exchange: Exchange) throws(MarketFailure) -> Double {
    guard let value = number?.value else { throw .badResponse(exchange, reason: "missing \(field)") }
    return value
}

/// A Binance kline cell: a number (times, counts) or a numeric string (prices, volumes).
struct KlineField: Decodable, Sendable {
    let value: Double?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
        } else {
            value = Double(try container.decode(String.self))
        }
    }

    /// Nil for NaN or a number beyond Int64, as `int64` above.
    var integer: Int64? { value.flatMap { Int64(exactly: $0.rounded(.towardZero)) } }

    func number(_ exchange: Exchange) throws(MarketFailure) -> Double {
        guard let value, value.isFinite else { throw .badResponse(exchange, reason: "non-numeric kline field") }
        return value
    }
}
