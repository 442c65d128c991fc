/// The answer of `getWebhookInfo`. Telegram never returns the secret token.
public struct WebhookInfo: Codable, Sendable, Equatable {
    public var url: String
    public var hasCustomCertificate: Bool
    public var pendingUpdateCount: Int
    public var ipAddress: String?
    public var lastErrorDate: Int64?
    public var lastErrorMessage: String?
    public var lastSynchronizationErrorDate: Int64?
    public var maxConnections: Int?
    public var allowedUpdates: [String]?

    public init(
        url: String,
        hasCustomCertificate: Bool = false,
        pendingUpdateCount: Int = 0,
        ipAddress: String? = nil,
        lastErrorDate: Int64? = nil,
        lastErrorMessage: String? = nil,
        lastSynchronizationErrorDate: Int64? = nil,
        maxConnections: Int? = nil,
        allowedUpdates: [String]? = nil
    ) {
        self.url = url
        self.hasCustomCertificate = hasCustomCertificate
        self.pendingUpdateCount = pendingUpdateCount
        self.ipAddress = ipAddress
        self.lastErrorDate = lastErrorDate
        self.lastErrorMessage = lastErrorMessage
        self.lastSynchronizationErrorDate = lastSynchronizationErrorDate
        self.maxConnections = maxConnections
        self.allowedUpdates = allowedUpdates
    }

    enum CodingKeys: String, CodingKey {
        case url
        case hasCustomCertificate = "has_custom_certificate"
        case pendingUpdateCount = "pending_update_count"
        case ipAddress = "ip_address"
        case lastErrorDate = "last_error_date"
        case lastErrorMessage = "last_error_message"
        case lastSynchronizationErrorDate = "last_synchronization_error_date"
        case maxConnections = "max_connections"
        case allowedUpdates = "allowed_updates"
    }
}
