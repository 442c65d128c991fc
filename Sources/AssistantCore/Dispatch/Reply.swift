import TelegramBotAPI

/// What a handler answers: Telegram HTML (already escaped) and optional buttons.
/// The dispatcher splits it into messages of at most 4096 characters.
public struct Reply: Sendable, Equatable {
    public var html: String
    public var keyboard: InlineKeyboardMarkup?
    /// A picture (PNG) sent with `html` as its caption.
    public var photo: [UInt8]?
    /// Plain text for the button that asked, when the reply came from one (the toast of
    /// `answerCallbackQuery`): what the button did, while the message shows the outcome.
    public var notice: String?

    public init(html: String, keyboard: InlineKeyboardMarkup? = nil, photo: [UInt8]? = nil, notice: String? = nil) {
        self.html = html
        self.keyboard = keyboard
        self.photo = photo
        self.notice = notice
    }
}
