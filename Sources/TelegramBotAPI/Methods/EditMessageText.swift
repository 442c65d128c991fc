/// Parameters of `editMessageText`, used to refresh a message in place from a button.
public struct EditMessageText: Codable, Sendable, Equatable {
    public var chatID: Int64
    public var messageID: Int64
    public var text: String
    public var parseMode: String?
    public var replyMarkup: InlineKeyboardMarkup?

    public init(
        chatID: Int64,
        messageID: Int64,
        text: String,
        parseMode: String? = "HTML",
        replyMarkup: InlineKeyboardMarkup? = nil
    ) {
        self.chatID = chatID
        self.messageID = messageID
        self.text = text
        self.parseMode = parseMode
        self.replyMarkup = replyMarkup
    }

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
        case messageID = "message_id"
        case text
        case parseMode = "parse_mode"
        case replyMarkup = "reply_markup"
    }
}
