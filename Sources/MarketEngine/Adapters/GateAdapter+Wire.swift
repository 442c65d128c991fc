/// Gate's answers as they arrive, before they become the engine's models.
extension GateAdapter {
    // MARK: Wire shapes

    struct PairItem: Decodable {
        let id: String
        let base: String
        let quote: String
        let tradeStatus: String?

        enum CodingKeys: String, CodingKey {
            case id, base, quote
            case tradeStatus = "trade_status"
        }
    }

    struct ContractItem: Decodable {
        let name: String
        let quantoMultiplier: WireNumber?
        let inDelisting: Bool?
        let status: String?
        let markPrice: WireNumber?
        let indexPrice: WireNumber?
        let fundingRate: WireNumber?
        let fundingInterval: WireNumber?
        let fundingNextApply: WireNumber?

        enum CodingKeys: String, CodingKey {
            case name, status
            case quantoMultiplier = "quanto_multiplier"
            case inDelisting = "in_delisting"
            case markPrice = "mark_price"
            case indexPrice = "index_price"
            case fundingRate = "funding_rate"
            case fundingInterval = "funding_interval"
            case fundingNextApply = "funding_next_apply"
        }
    }

    struct SpotTickerItem: Decodable {
        let currencyPair: String
        let last: WireNumber
        let changePercentage: WireNumber?
        let high24h: WireNumber?
        let low24h: WireNumber?
        let baseVolume: WireNumber?
        let quoteVolume: WireNumber?

        enum CodingKeys: String, CodingKey {
            case last
            case currencyPair = "currency_pair"
            case changePercentage = "change_percentage"
            case high24h = "high_24h"
            case low24h = "low_24h"
            case baseVolume = "base_volume"
            case quoteVolume = "quote_volume"
        }
    }

    struct FuturesTickerItem: Decodable {
        let contract: String
        let last: WireNumber
        let changePercentage: WireNumber?
        let high24h: WireNumber?
        let low24h: WireNumber?
        let volumeBase: WireNumber?
        let volumeQuote: WireNumber?
        let markPrice: WireNumber?
        let totalSize: WireNumber?
        let fundingRate: WireNumber?

        enum CodingKeys: String, CodingKey {
            case contract, last
            case fundingRate = "funding_rate"
            case changePercentage = "change_percentage"
            case high24h = "high_24h"
            case low24h = "low_24h"
            case volumeBase = "volume_24h_base"
            case volumeQuote = "volume_24h_quote"
            case markPrice = "mark_price"
            case totalSize = "total_size"
        }
    }

    /// A spot candle cell: Gate sends strings (`"true"` for closed too); numbers and
    /// booleans are read as their text so that a change of type is not a failure.
    struct Cell: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.text = text
            } else if let flag = try? container.decode(Bool.self) {
                text = flag ? "true" : "false"
            } else {
                text = String(try container.decode(Double.self))
            }
        }

        var number: Double? { Double(text).flatMap { $0.isFinite ? $0 : nil } }
    }
}
