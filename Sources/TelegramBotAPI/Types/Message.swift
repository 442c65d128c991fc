/// A message, channel post or the message a callback button was attached to.
///
/// Optional wherever Telegram may omit a field: channel posts have no `from`, a callback's
/// "inaccessible" message has `date` 0 and nothing but `chat` and `message_id`.
public struct Message: Codable, Sendable, Equatable {
    public var messageID: Int64
    public var messageThreadID: Int64?
    public var from: User?
    public var senderChat: Chat?
    public var date: Int64
    public var chat: Chat
    public var text: String?
    public var entities: [MessageEntity]?
    public var isTopicMessage: Bool?

    public init(
        messageID: Int64,
        messageThreadID: Int64? = nil,
        from: User? = nil,
        senderChat: Chat? = nil,
        date: Int64,
        chat: Chat,
        text: String? = nil,
        entities: [MessageEntity]? = nil,
        isTopicMessage: Bool? = nil
    ) {
        self.messageID = messageID
        self.messageThreadID = messageThreadID
        self.from = from
        self.senderChat = senderChat
        self.date = date
        self.chat = chat
        self.text = text
        self.entities = entities
        self.isTopicMessage = isTopicMessage
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id"
        case messageThreadID = "message_thread_id"
        case from
        case senderChat = "sender_chat"
        case date
        case chat
        case text
        case entities
        case isTopicMessage = "is_topic_message"
    }
}

/// A span of a message's text; `offset` and `length` count UTF-16 code units.
public struct MessageEntity: Codable, Sendable, Equatable {
    public var type: String
    public var offset: Int
    public var length: Int

    public init(type: String, offset: Int, length: Int) {
        self.type = type
        self.offset = offset
        self.length = length
    }
}
