/// MEXC's answers as they arrive, spot's and contract's, before they become the engine's models.
extension MEXCAdapter {
    /// Spot's error body.
    struct ErrorBody: Decodable {
        let code: Int
        let msg: String
    }

    /// The contract API's envelope. Only `code` tells success from failure: the docs'
    /// history example says `"success":false` with code 0 and rows.
    struct Envelope<Payload: Decodable>: Decodable {
        let code: Int
        let message: String?
        let data: Payload?

        enum CodingKeys: String, CodingKey { case success, code, message, data }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // Required, so that some other JSON object is "unexpected shape", not an error.
            _ = try container.decode(Bool.self, forKey: .success)
            code = try container.decode(Int.self, forKey: .code)
            message = try container.decodeIfPresent(String.self, forKey: .message)
            data = code == 0 ? try container.decode(Payload.self, forKey: .data) : nil
        }
    }

    /// A single object when the request named a symbol, a list when it did not.
    struct OneOrMany<Item: Decodable>: Decodable {
        let items: [Item]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([Item].self) {
                items = list
            } else {
                items = [try container.decode(Item.self)]
            }
        }
    }

    struct ExchangeInfo: Decodable {
        struct Symbol: Decodable {
            let symbol: String
            let status: Status
            let baseAsset: String
            let quoteAsset: String
        }
        let symbols: [Symbol]
    }

    /// `"1"` (online; 2 paused, 3 offline) in current answers, `"ENABLED"` in the docs'
    /// example; read as text whether it comes as a string or a number.
    struct Status: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                text = String(number)
            } else {
                text = try container.decode(String.self)
            }
        }

        var isTrading: Bool { ["1", "ENABLED", "TRADING"].contains(text.uppercased()) }
    }

    struct SpotTicker: Decodable {
        let symbol: String
        let lastPrice: WireNumber
        let priceChangePercent: WireNumber?
        let highPrice: WireNumber?
        let lowPrice: WireNumber?
        let volume: WireNumber?
        let quoteVolume: WireNumber?
        let closeTime: Int64?
    }

    struct Contract: Decodable {
        let symbol: String
        let baseCoin: String
        let quoteCoin: String
        let settleCoin: String
        let contractSize: WireNumber
        let state: Int
        /// 1 perpetual, 2 delivery; absent in older answers, which list perpetuals only.
        let futureType: Int?
    }

    struct ContractTicker: Decodable {
        let symbol: String
        let lastPrice: WireNumber
        let volume24: WireNumber?
        let amount24: WireNumber?
        let holdVol: WireNumber?
        let lower24Price: WireNumber?
        let high24Price: WireNumber?
        let riseFallRate: WireNumber?
        let indexPrice: WireNumber?
        let fairPrice: WireNumber?
        let fundingRate: WireNumber?
        let timestamp: WireNumber?
    }

    struct FundingRate: Decodable {
        let fundingRate: WireNumber
        let collectCycle: WireNumber?
        let nextSettleTime: WireNumber?
        let timestamp: WireNumber?
    }
}
