/// Why market data could not be had. Every case names the exchange (or the input) so the
/// reply can say exactly what failed; none carries a URL or a key.
public enum MarketError: Error, Sendable, Equatable, CustomStringConvertible {
    case timedOut(Exchange)
    /// Told to back off (429/418, Bybit 10006, OKX 50011) until `untilEpochSeconds`.
    case rateLimited(Exchange, untilEpochSeconds: Int64)
    /// Connection refused or reset, or an HTTP error status.
    case unavailable(Exchange, reason: String)
    /// A body that is not the JSON the exchange documents.
    case badResponse(Exchange, reason: String)
    /// The exchange answered with its own error code.
    case rejected(Exchange, code: String, message: String)
    case unknownSymbol(String, suggestions: [String])
    case notListed(String, Exchange, Market)

    public var exchange: Exchange? {
        switch self {
        case .timedOut(let e), .rateLimited(let e, _), .unavailable(let e, _), .badResponse(let e, _),
            .rejected(let e, _, _), .notListed(_, let e, _):
            e
        case .unknownSymbol: nil
        }
    }

    public var description: String {
        switch self {
        case .timedOut(let exchange): "\(exchange.displayName) did not answer in time"
        case .rateLimited(let exchange, let until):
            "\(exchange.displayName) is rate-limiting us until \(UTCClock.timeOfDay(epochSeconds: until)) UTC"
        case .unavailable(let exchange, let reason): "\(exchange.displayName) is unavailable (\(reason))"
        case .badResponse(let exchange, let reason): "\(exchange.displayName) answered garbage (\(reason))"
        case .rejected(let exchange, let code, let message):
            "\(exchange.displayName) refused the request (\(code): \(message))"
        case .unknownSymbol(let input, let suggestions):
            "Unknown symbol \(input)"
                + (suggestions.isEmpty ? "" : ". Did you mean \(suggestions.joined(separator: ", "))?")
        case .notListed(let pair, let exchange, let market):
            "\(pair) has no \(market.rawValue) market on \(exchange.displayName)"
        }
    }
}
