/// Binance's way of signing a request, which MEXC spot copies: `recvWindow`, `timestamp`
/// and a hex HMAC-SHA256 `signature` of the exact query, the key in a header, errors as
/// `{"code","msg"}` with a 4xx, one code for a timestamp outside the window.
struct QuerySignedRequest: Sendable {
    /// `X-MBX-APIKEY`, `X-MEXC-APIKEY`.
    var keyHeader: String
    /// Binance -1021, MEXC 700003.
    var timestampRefusal: Int
    var recvWindow = 5000

    /// The body of a signed GET. A refused timestamp resynchronises `clock` from `timePath`
    /// (`{"serverTime":…}`) once; each attempt of the gateway is signed anew.
    func get(
        _ gateway: ExchangeGateway, _ path: String, _ parameters: [(String, String)], credentials: ExchangeCredentials,
        clock: ServerClock, timePath: String
    ) async throws -> [UInt8] {
        let exchange = gateway.exchange
        let (keyHeader, window) = (self.keyHeader, String(recvWindow))
        return try await clock.resynchronisingOnce(
            on: gateway.clock,
            serverTime: {
                struct ServerTime: Decodable { let serverTime: Int64 }
                let response = try await gateway.get(timePath)
                return try decodeBody(ServerTime.self, from: try Self.checked(response, exchange), exchange: exchange)
                    .serverTime
            }
        ) { offset in
            let response = try await gateway.get(path, rawQuery: "") {
                let query = ExchangeGateway.queryString(
                    parameters + [
                        ("recvWindow", window), ("timestamp", String(gateway.clock.wallMilliseconds &+ offset)),
                    ])
                let signature = RequestSigner.binance(payload: query, secret: credentials.secret)
                return (query + "&signature=" + signature, [(keyHeader, credentials.apiKey)])
            }
            guard response.status >= 400 else { return .answered(response.body) }
            let failure = Self.refusal(response, exchange)
            if failure.reason.rejectionCode == String(timestampRefusal) { return .timestampRefused(failure) }
            throw failure
        }
    }

    /// The body of a 2xx answer, or the exchange's `{"code","msg"}` as a failure.
    static func checked(_ response: ExchangeResponse, _ exchange: Exchange) throws(MarketFailure) -> [UInt8] {
        guard response.status >= 400 else { return response.body }
        throw refusal(response, exchange)
    }

    /// A 4xx answer's `{"code","msg"}` as the exchange's refusal (or as garbage).
    static func refusal(_ response: ExchangeResponse, _ exchange: Exchange) -> MarketFailure {
        struct ErrorBody: Decodable {
            let code: Int
            let msg: String
        }
        do {
            let error = try decodeBody(ErrorBody.self, from: response.body, exchange: exchange)
            return .rejected(exchange, code: String(error.code), message: error.msg)
        } catch {
            return MarketFailure(error)
        }
    }
}

extension MarketFailure.Reason {
    /// The exchange's own code, for a refusal.
    var rejectionCode: String? {
        if case .rejected(let code, _) = self { code } else { nil }
    }
}
