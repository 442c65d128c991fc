extension MarketFailure {
    /// The failure with every one of `secrets` cut out of the exchange's own words (its
    /// error message, a garbled body's excerpt): an exchange that echoes the key it was sent
    /// must not have it shown in a reply, the JSON API or a log.
    public func redacting(_ secrets: [String]) -> MarketFailure {
        func scrub(_ text: String) -> String {
            // Short values would cut ordinary words; no key, secret or passphrase is that short.
            secrets.filter { $0.count >= 6 }.reduce(text) { $0.replacing($1, with: "[redacted]") }
        }
        var copy = self
        switch reason {
        case .rejected(let code, let message): copy.reason = .rejected(code: scrub(code), message: scrub(message))
        case .badResponse(let detail): copy.reason = .badResponse(scrub(detail))
        default: break
        }
        return copy
    }
}

extension ExchangeCredentials {
    /// What a failure's text must never show.
    var secrets: [String] { [apiKey, secret] + (passphrase.map { [$0] } ?? []) }
}
