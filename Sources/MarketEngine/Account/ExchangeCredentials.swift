/// An exchange API key pair (and OKX's passphrase). Its description never shows the
/// secret parts, so a credential logged by mistake gives nothing away.
public struct ExchangeCredentials: Sendable, CustomStringConvertible {
    public var apiKey: String
    public var secret: String
    public var passphrase: String?

    public init(apiKey: String, secret: String, passphrase: String? = nil) {
        self.apiKey = apiKey
        self.secret = secret
        self.passphrase = passphrase
    }

    public var description: String { "credentials(key: \(apiKey.prefix(4))****)" }
}
