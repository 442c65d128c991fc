/// Parameters of `sendPhoto` with the picture uploaded (multipart/form-data): never a
/// webhook reply, which cannot carry a file.
public struct SendPhoto: Sendable, Equatable {
    public var chatID: Int64
    public var messageThreadID: Int64?
    /// PNG bytes (Telegram takes up to 10 MB).
    public var photo: [UInt8]
    /// Telegram HTML, up to 1024 characters.
    public var caption: String?
    public var parseMode: String?
    public var replyMarkup: InlineKeyboardMarkup?

    public init(
        chatID: Int64, messageThreadID: Int64? = nil, photo: [UInt8], caption: String? = nil,
        parseMode: String? = "HTML", replyMarkup: InlineKeyboardMarkup? = nil
    ) {
        self.chatID = chatID
        self.messageThreadID = messageThreadID
        self.photo = photo
        self.caption = caption
        self.parseMode = parseMode
        self.replyMarkup = replyMarkup
    }
}
