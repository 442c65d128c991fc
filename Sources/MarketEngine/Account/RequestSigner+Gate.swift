import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension RequestSigner {
    /// Gate API v4: hex HMAC-SHA512 of `METHOD\n/api/v4/path\nquery\nhex(SHA512(body))\ntimestamp`.
    /// `path` is the whole request path (`/api/v4/futures/usdt/positions`), `query` the query
    /// string exactly as sent, without the `?` (Gate compares it unencoded: a percent-encoded
    /// comma no longer matches), and `timestamp` the `Timestamp` header, in seconds.
    public static func gate(method: String, path: String, query: String, body: String, timestamp: Int64, secret: String)
        -> String
    {
        let bodyHash = hex(SHA512.hash(data: Data(body.utf8)))
        let payload = "\(method.uppercased())\n\(path)\n\(query)\n\(bodyHash)\n\(timestamp)"
        return hex(
            HMAC<SHA512>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }
}
