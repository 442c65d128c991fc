/// Parameters of `sendMessage`. Text is Telegram HTML unless `parseMode` is nil.
public struct SendMessage: Codable, Sendable, Equatable {
    public var chatID: Int64
    public var messageThreadID: Int64?
    public var text: String
    public var parseMode: String?
    public var replyMarkup: InlineKeyboardMarkup?
    public var linkPreviewOptions: LinkPreviewOptions?
    /// True: the chat gets the message without a sound. Nil leaves Telegram's default
    /// (audible) and keeps the member off the wire.
    public var disableNotification: Bool?

    public init(
        chatID: Int64,
        messageThreadID: Int64? = nil,
        text: String,
        parseMode: String? = "HTML",
        replyMarkup: InlineKeyboardMarkup? = nil,
        linkPreviewOptions: LinkPreviewOptions? = LinkPreviewOptions(isDisabled: true),
        disableNotification: Bool? = nil
    ) {
        self.chatID = chatID
        self.messageThreadID = messageThreadID
        self.text = text
        self.parseMode = parseMode
        self.replyMarkup = replyMarkup
        self.linkPreviewOptions = linkPreviewOptions
        self.disableNotification = disableNotification
    }

    enum CodingKeys: String, CodingKey {
        case chatID = "chat_id"
        case messageThreadID = "message_thread_id"
        case text
        case parseMode = "parse_mode"
        case replyMarkup = "reply_markup"
        case linkPreviewOptions = "link_preview_options"
        case disableNotification = "disable_notification"
    }
}

public struct LinkPreviewOptions: Codable, Sendable, Equatable {
    public var isDisabled: Bool?

    public init(isDisabled: Bool?) {
        self.isDisabled = isDisabled
    }

    enum CodingKeys: String, CodingKey {
        case isDisabled = "is_disabled"
    }
}
