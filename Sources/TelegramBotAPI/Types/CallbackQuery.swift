/// A press on an inline keyboard button. Buttons under inline-mode messages carry
/// `inline_message_id` and no `message`.
public struct CallbackQuery: Codable, Sendable, Equatable {
    public var id: String
    public var from: User
    public var message: Message?
    public var inlineMessageID: String?
    public var chatInstance: String?
    public var data: String?

    public init(
        id: String,
        from: User,
        message: Message? = nil,
        inlineMessageID: String? = nil,
        chatInstance: String? = nil,
        data: String? = nil
    ) {
        self.id = id
        self.from = from
        self.message = message
        self.inlineMessageID = inlineMessageID
        self.chatInstance = chatInstance
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case id
        case from
        case message
        case inlineMessageID = "inline_message_id"
        case chatInstance = "chat_instance"
        case data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decodeIdentifier(forKey: .id)
        self.from = try container.decode(User.self, forKey: .from)
        self.message = try container.decodeIfPresent(Message.self, forKey: .message)
        self.inlineMessageID = try container.decodeIfPresent(String.self, forKey: .inlineMessageID)
        self.chatInstance = try container.decodeIfPresent(String.self, forKey: .chatInstance)
        self.data = try container.decodeIfPresent(String.self, forKey: .data)
    }
}

extension KeyedDecodingContainer {
    /// An identifier the Bot API documents as a string; a number is read as its digits
    /// (Telegram's own webhook guide sends `inline_query.id` as one).
    func decodeIdentifier(forKey key: Key) throws -> String {
        if let number = try? decode(Int64.self, forKey: key) { return String(number) }
        return try decode(String.self, forKey: key)
    }
}
