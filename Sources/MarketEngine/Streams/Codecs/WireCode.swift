/// An error code a venue sends as a string in some frames and a number in others: read
/// either way, so that a refusal is never lost to its code's type (OKX, Bitget).
struct WireCode: Decodable, Sendable {
    var value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else {
            value = String(try container.decode(Int64.self))
        }
    }
}
