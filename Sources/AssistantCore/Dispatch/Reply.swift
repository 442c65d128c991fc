import TelegramBotAPI

/// What a handler answers: Telegram HTML (already escaped) and optional buttons.
/// The dispatcher splits it into messages of at most 4096 characters.
public struct Reply: Sendable, Equatable {
    public var html: String
    public var keyboard: InlineKeyboardMarkup?

    public init(html: String, keyboard: InlineKeyboardMarkup? = nil) {
        self.html = html
        self.keyboard = keyboard
    }
}
