/// Parameters of `sendChatAction` ("typing…" while a slow command works).
public struct SendChatAction: Codable, Sendable, Equatable {
    public var chatID: Int64
    public var messageThreadID: Int64?
    public var action: String

    public init(chatID: Int64, messageThreadID: Int64? = nil, action: String = "typing") {
        self.chatID = chatID
        self.messageThreadID = messageThreadID
        self.action = action
    }

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
        case messageThreadID = "message_thread_id"
        case action
    }
}
