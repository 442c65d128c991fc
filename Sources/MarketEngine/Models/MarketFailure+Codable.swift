/// A flat JSON object: `{"exchange":"okx","reason":"httpStatus","status":503,"message":"OKX
/// is unavailable (HTTP 503)"}`. `reason` names the case, its data sit in named fields, and
/// `message` is the sentence the bot would show (written, never read back).
extension MarketFailure: Codable {
    enum CodingKeys: String, CodingKey {
        case exchange, reason, message
        case symbol, suggestions, pair, market, connection, until, status, code, detail
    }

    enum Name: String, Codable {
        case unknownSymbol, notListed, timeout, connection, rateLimited, httpStatus, rejected, badResponse, cancelled
        case unexpected
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(exchange, forKey: .exchange)
        try container.encode(description, forKey: .message)
        switch reason {
        case .unknownSymbol(let input, let suggestions):
            try container.encode(Name.unknownSymbol, forKey: .reason)
            try container.encode(input, forKey: .symbol)
            try container.encode(suggestions, forKey: .suggestions)
        case .notListed(let pair, let market):
            try container.encode(Name.notListed, forKey: .reason)
            try container.encode(pair, forKey: .pair)
            try container.encode(market, forKey: .market)
        case .timeout: try container.encode(Name.timeout, forKey: .reason)
        case .connection(let kind):
            try container.encode(Name.connection, forKey: .reason)
            try container.encode(kind, forKey: .connection)
        case .rateLimited(let until):
            try container.encode(Name.rateLimited, forKey: .reason)
            try container.encode(until, forKey: .until)
        case .httpStatus(let status):
            try container.encode(Name.httpStatus, forKey: .reason)
            try container.encode(status, forKey: .status)
        case .rejected(let code, let message):
            try container.encode(Name.rejected, forKey: .reason)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .detail)
        case .badResponse(let detail):
            try container.encode(Name.badResponse, forKey: .reason)
            try container.encode(detail, forKey: .detail)
        case .cancelled: try container.encode(Name.cancelled, forKey: .reason)
        case .unexpected: try container.encode(Name.unexpected, forKey: .reason)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let exchange = try container.decodeIfPresent(Exchange.self, forKey: .exchange)
        let reason: Reason =
            switch try container.decode(Name.self, forKey: .reason) {
            case .unknownSymbol:
                .unknownSymbol(
                    try container.decode(String.self, forKey: .symbol),
                    suggestions: try container.decodeIfPresent([String].self, forKey: .suggestions) ?? [])
            case .notListed:
                .notListed(
                    pair: try container.decode(String.self, forKey: .pair),
                    market: try container.decode(Market.self, forKey: .market))
            case .timeout: .timeout
            case .connection: .connection(try container.decode(Connection.self, forKey: .connection))
            case .rateLimited: .rateLimited(untilEpochSeconds: try container.decode(Int64.self, forKey: .until))
            case .httpStatus: .httpStatus(try container.decode(Int.self, forKey: .status))
            case .rejected:
                .rejected(
                    code: try container.decode(String.self, forKey: .code),
                    message: try container.decode(String.self, forKey: .detail))
            case .badResponse: .badResponse(try container.decode(String.self, forKey: .detail))
            case .cancelled: .cancelled
            case .unexpected: .unexpected
            }
        self.init(reason, exchange: exchange)
    }
}

// Reports key their parts by these: as JSON object keys ("spot", "binance", "24"), not as
// the key-value arrays `Codable` writes for other dictionary keys.
extension Market: CodingKeyRepresentable {}
extension Exchange: CodingKeyRepresentable {}
