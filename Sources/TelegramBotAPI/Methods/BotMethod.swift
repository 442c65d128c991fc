/// A Bot API call the bot makes in answer to an update: sent through the client, or
/// returned as the body of the webhook response.
public enum BotMethod: Sendable, Equatable {
    case sendMessage(SendMessage)
    case answerCallbackQuery(AnswerCallbackQuery)
    case sendChatAction(SendChatAction)
    case editMessageText(EditMessageText)
    case answerInlineQuery(AnswerInlineQuery)
    case sendPhoto(SendPhoto)

    public var name: String {
        switch self {
        case .sendMessage: "sendMessage"
        case .answerCallbackQuery: "answerCallbackQuery"
        case .sendChatAction: "sendChatAction"
        case .editMessageText: "editMessageText"
        case .answerInlineQuery: "answerInlineQuery"
        case .sendPhoto: "sendPhoto"
        }
    }

    /// The chat the call writes to, for pacing; nil for calls Telegram does not rate per chat.
    public var chatID: Int64? {
        switch self {
        case .sendMessage(let m): m.chatID
        case .sendChatAction(let m): m.chatID
        case .editMessageText(let m): m.chatID
        case .sendPhoto(let m): m.chatID
        case .answerCallbackQuery, .answerInlineQuery: nil
        }
    }

    /// The text a person would read, for the CLI and logs at debug level.
    public var text: String? {
        switch self {
        case .sendMessage(let m): m.text
        case .editMessageText(let m): m.text
        case .answerCallbackQuery(let m): m.text
        case .answerInlineQuery(let m): m.results.first?.messageText
        case .sendPhoto(let m): m.caption
        case .sendChatAction: nil
        }
    }

    /// Whether the call can be the body of a webhook response (a file upload cannot).
    public var canBeWebhookReply: Bool {
        if case .sendPhoto = self { return false }
        return true
    }

    /// The call's parameters as a JSON object, for a request to the Bot API.
    public func parametersJSON() -> [UInt8] {
        var writer = JSONWriter()
        writeJSON(into: &writer, withMethodName: false)
        return writer.bytes
    }

    /// The call as a webhook response body: the parameters plus `"method"`.
    public func webhookResponseJSON() -> [UInt8] {
        var writer = JSONWriter()
        writeJSON(into: &writer, withMethodName: true)
        return writer.bytes
    }
}
