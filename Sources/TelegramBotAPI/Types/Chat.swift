/// A private chat, group, supergroup or channel. Ids of supergroups and channels are
/// negative and need more than 32 bits.
public struct Chat: Codable, Sendable, Equatable {
    public var id: Int64
    public var type: String
    public var title: String?
    public var username: String?
    public var firstName: String?

    public init(id: Int64, type: String, title: String? = nil, username: String? = nil, firstName: String? = nil) {
        self.id = id
        self.type = type
        self.title = title
        self.username = username
        self.firstName = firstName
    }

    /// The type of a chat whose `type` is missing, as in the sample update of Telegram's
    /// webhook guide: user ids (private chats) are positive, group and channel ids negative.
    public static func assumedType(id: Int64) -> String {
        id > 0 ? "private" : "group"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? Self.assumedType(id: id)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        username = try container.decodeIfPresent(String.self, forKey: .username)
        firstName = try container.decodeIfPresent(String.self, forKey: .firstName)
    }

    public var isPrivate: Bool { type == "private" }
    public var isGroup: Bool { type == "group" || type == "supergroup" }

    enum CodingKeys: String, CodingKey {
        case id
        case type
        case title
        case username
        case firstName = "first_name"
    }
}
