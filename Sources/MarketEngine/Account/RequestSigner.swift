import Crypto

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The exchanges' request signatures, as pure functions (known-answer tested); Bitget's,
/// Gate's and MEXC's are in their own files.
public enum RequestSigner {
    /// Binance: lower-case hex HMAC-SHA256 of the exact query string (plus body) sent.
    public static func binance(payload: String, secret: String) -> String {
        hex(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }

    /// Bybit v5: hex HMAC-SHA256 of timestamp + key + recvWindow + query string (or body).
    public static func bybit(timestamp: Int64, apiKey: String, recvWindow: Int, payload: String, secret: String)
        -> String
    {
        binance(payload: "\(timestamp)\(apiKey)\(recvWindow)\(payload)", secret: secret)
    }

    /// OKX v5: base64 HMAC-SHA256 of ISO timestamp + METHOD + path with query + body.
    public static func okx(timestamp: String, method: String, requestPath: String, body: String, secret: String)
        -> String
    {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data((timestamp + method.uppercased() + requestPath + body).utf8),
            using: SymmetricKey(data: Data(secret.utf8)))
        return Data(code).base64EncodedString()
    }

    /// `2020-12-08T09:08:57.715Z` from milliseconds since 1970, as OKX wants it.
    public static func isoTimestamp(milliseconds: Int64) -> String {
        let seconds = milliseconds / 1000
        let days = seconds / 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(UTCClock.timeOfDay(epochSeconds: seconds)).\(pad(milliseconds % 1000, 3))Z"
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, UTC).
    static func civilDate(daysSince1970 days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func hex(_ code: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in code {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
