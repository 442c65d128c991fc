/// A Telegram user or bot. `is_bot` is documented as required but real payloads omit it.
public struct User: Codable, Sendable, Equatable {
    public var id: Int64
    public var isBot: Bool?
    public var firstName: String?
    public var lastName: String?
    public var username: String?
    public var languageCode: String?

    public init(
        id: Int64,
        isBot: Bool? = nil,
        firstName: String? = nil,
        lastName: String? = nil,
        username: String? = nil,
        languageCode: String? = nil
    ) {
        self.id = id
        self.isBot = isBot
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.languageCode = languageCode
    }

    enum CodingKeys: String, CodingKey {
        case id
        case isBot = "is_bot"
        case firstName = "first_name"
        case lastName = "last_name"
        case username
        case languageCode = "language_code"
    }
}
