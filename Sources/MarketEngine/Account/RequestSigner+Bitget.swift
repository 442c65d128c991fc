import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension RequestSigner {
    /// Bitget v2: base64 HMAC-SHA256 of the millisecond timestamp + METHOD + path (with
    /// `?query` when there is one) + body, the same string as OKX's but with a numeric
    /// timestamp (https://www.bitget.com/api-doc/common/signature).
    public static func bitget(timestamp: Int64, method: String, requestPath: String, body: String, secret: String)
        -> String
    {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data((String(timestamp) + method.uppercased() + requestPath + body).utf8),
            using: SymmetricKey(data: Data(secret.utf8)))
        return Data(code).base64EncodedString()
    }
}
