import MarketEngine

/// `/price` as data: one exchange's snapshot, or every exchange's. Encoded as the value it
/// holds, so `/api/v1/price` sends a `PriceSnapshot` or a `PriceComparisonReport`.
public enum PriceReport: Sendable, Codable {
    case one(PriceSnapshot)
    case every(PriceComparisonReport)

    public static func make(engine: MarketEngine, symbol: String, exchanges: CommandGrammar.ExchangeChoice)
        async throws(MarketFailure) -> PriceReport
    {
        switch exchanges {
        case .one(let exchange): .one(try await engine.price(symbol, on: exchange))
        case .all: .every(await PriceComparisonReport.make(engine: engine, symbol: symbol))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .one(let snapshot): try container.encode(snapshot)
        case .every(let comparison): try container.encode(comparison)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let comparison = try? container.decode(PriceComparisonReport.self) {
            self = .every(comparison)
        } else {
            self = .one(try container.decode(PriceSnapshot.self))
        }
    }
}
