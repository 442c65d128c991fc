import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension RequestSigner {
    /// MEXC spot v3: Binance's scheme, lower-case hex HMAC-SHA256 of the query string
    /// (followed directly by the body, without `&`, when there is one), sent as `signature`
    /// with the key in `X-MEXC-APIKEY`.
    public static func mexcSpot(payload: String, secret: String) -> String {
        binance(payload: payload, secret: secret)
    }

    /// MEXC contract v1: hex HMAC-SHA256 of access key + `Request-Time` (ms) + the parameter
    /// string, sent in the `Signature` header. For a GET the parameter string is the business
    /// parameters sorted by key (`mexcParameterString`); for a POST, the JSON body.
    public static func mexcContract(accessKey: String, requestTime: Int64, parameters: String, secret: String)
        -> String
    {
        binance(payload: accessKey + String(requestTime) + parameters, secret: secret)
    }

    /// The contract API's GET parameter string: sorted by key, values URL-encoded. The query
    /// sent must be this very string, so the exchange and we sign the same bytes.
    static func mexcParameterString(_ parameters: [(String, String)]) -> String {
        ExchangeGateway.queryString(parameters.sorted { $0.0 < $1.0 })
    }
}
