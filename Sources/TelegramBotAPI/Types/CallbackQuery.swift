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
}
