/// Why market data could not be had: the error every engine read throws, and the value a
/// report keeps for a part that is missing. The reason is data (an exchange's status or
/// code, the moment a ban ends), so the JSON API and the reply read the same facts; the
/// words are made only by `description`. None carries a URL or a key.
public struct MarketFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case unknownSymbol(String, suggestions: [String])
        /// The pair exists, but not on this market of this exchange.
        case notListed(pair: String, market: Market)
        case timeout
        /// No HTTP answer at all: refused, dropped, TLS.
        case connection(Connection)
        /// Told to back off (429/418, Bybit 10006, OKX 50011) until then.
        case rateLimited(untilEpochSeconds: Int64)
        /// An HTTP 5xx.
        case httpStatus(Int)
        /// The exchange answered with its own error code.
        case rejected(code: String, message: String)
        /// A body that is not the JSON the exchange documents.
        case badResponse(String)
        case cancelled
        /// Not a market failure at all (a bug): the reply says only that something went wrong.
        case unexpected
    }

    public enum Connection: String, Sendable, Hashable, Codable {
        case refused
        /// Closed or reset before the whole answer arrived.
        case reset
        case tls
        case dns
        case other
    }

    /// Nil only where no exchange was asked (an unknown symbol, an unexpected error).
    public var exchange: Exchange?
    public var reason: Reason

    public init(_ reason: Reason, exchange: Exchange?) {
        self.reason = reason
        self.exchange = exchange
    }

    /// `error` as a failure: itself when it is one, `.cancelled` for cancellation, else
    /// `.unexpected` (its text is not shown: it may name addresses or internals).
    public init(_ error: any Error) {
        switch error {
        case let failure as MarketFailure: self = failure
        case is CancellationError: self.init(.cancelled, exchange: nil)
        default: self.init(.unexpected, exchange: nil)
        }
    }

    /// Dropped connections and server errors may pass on a second try; timeouts are not
    /// retried, so that one slow exchange cannot hold a reply for several timeouts.
    public var isRetryable: Bool {
        switch reason {
        case .connection: true
        case .httpStatus(let status): status >= 500
        default: false
        }
    }

    public var description: String {
        let name = exchange?.displayName ?? "The exchange"
        switch reason {
        case .unknownSymbol(let input, let suggestions):
            return "Unknown symbol \(input)"
                + (suggestions.isEmpty ? "" : ". Did you mean \(suggestions.joined(separator: ", "))?")
        case .notListed(let pair, let market):
            return "\(pair) has no \(market.rawValue) market on \(name)"
        case .timeout: return "\(name) did not answer in time"
        case .connection(let kind): return "\(name) is unavailable (\(kind.words))"
        case .rateLimited(let until):
            return "\(name) is rate-limiting us until \(UTCClock.timeOfDay(epochSeconds: until)) UTC"
        case .httpStatus(let status): return "\(name) is unavailable (HTTP \(status))"
        case .rejected(let code, let message): return "\(name) refused the request (\(code): \(message))"
        case .badResponse(let detail): return "\(name) answered garbage (\(detail))"
        case .cancelled: return "\(name) is unavailable (cancelled)"
        case .unexpected: return "Something went wrong reading market data."
        }
    }
}

extension MarketFailure.Connection {
    var words: String {
        switch self {
        case .refused: "connection refused"
        case .reset: "connection reset"
        case .tls: "TLS error"
        case .dns: "name not resolved"
        case .other: "network error"
        }
    }
}

// The spellings the adapters construct failures with.
extension MarketFailure {
    public static func timedOut(_ exchange: Exchange) -> MarketFailure { .init(.timeout, exchange: exchange) }

    public static func rateLimited(_ exchange: Exchange, untilEpochSeconds until: Int64) -> MarketFailure {
        .init(.rateLimited(untilEpochSeconds: until), exchange: exchange)
    }

    public static func badResponse(_ exchange: Exchange, reason: String) -> MarketFailure {
        .init(.badResponse(reason), exchange: exchange)
    }

    public static func rejected(_ exchange: Exchange, code: String, message: String) -> MarketFailure {
        .init(.rejected(code: code, message: message), exchange: exchange)
    }

    public static func unknownSymbol(_ input: String, suggestions: [String]) -> MarketFailure {
        .init(.unknownSymbol(input, suggestions: suggestions), exchange: nil)
    }

    public static func notListed(_ pair: String, _ exchange: Exchange, _ market: Market) -> MarketFailure {
        .init(.notListed(pair: pair, market: market), exchange: exchange)
    }

    public static func connection(_ exchange: Exchange, _ kind: Connection) -> MarketFailure {
        .init(.connection(kind), exchange: exchange)
    }

    public static func httpStatus(_ exchange: Exchange, _ status: Int) -> MarketFailure {
        .init(.httpStatus(status), exchange: exchange)
    }
}
