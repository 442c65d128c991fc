/// Parameters of `setWebhook`.
public struct SetWebhookRequest: Encodable, Sendable {
    public var url: String
    public var secretToken: String
    public var allowedUpdates: [String]
    public var maxConnections: Int
    public var dropPendingUpdates: Bool
    public var ipAddress: String?
    /// A self-signed certificate to upload; Telegram then trusts it for this webhook.
    public var certificatePEM: [UInt8]?

    public init(
        url: String,
        secretToken: String,
        allowedUpdates: [String],
        maxConnections: Int = 40,
        dropPendingUpdates: Bool = false,
        ipAddress: String? = nil,
        certificatePEM: [UInt8]? = nil
    ) {
        self.url = url
        self.secretToken = secretToken
        self.allowedUpdates = allowedUpdates
        self.maxConnections = maxConnections
        self.dropPendingUpdates = dropPendingUpdates
        self.ipAddress = ipAddress
        self.certificatePEM = certificatePEM
    }

    enum CodingKeys: String, CodingKey {
        case url
        case secretToken = "secret_token"
        case allowedUpdates = "allowed_updates"
        case maxConnections = "max_connections"
        case dropPendingUpdates = "drop_pending_updates"
        case ipAddress = "ip_address"
    }
}
