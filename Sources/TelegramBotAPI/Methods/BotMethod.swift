#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Bot API call the bot makes in answer to an update: sent through the client, or
/// returned as the body of the webhook response.
public enum BotMethod: Sendable, Equatable {
    case sendMessage(SendMessage)
    case answerCallbackQuery(AnswerCallbackQuery)
    case sendChatAction(SendChatAction)
    case editMessageText(EditMessageText)

    public var name: String {
        switch self {
        case .sendMessage: "sendMessage"
        case .answerCallbackQuery: "answerCallbackQuery"
        case .sendChatAction: "sendChatAction"
        case .editMessageText: "editMessageText"
        }
    }

    /// The chat the call writes to, for pacing; nil for calls Telegram does not rate per chat.
    public var chatID: Int64? {
        switch self {
        case .sendMessage(let m): m.chatID
        case .sendChatAction(let m): m.chatID
        case .editMessageText(let m): m.chatID
        case .answerCallbackQuery: nil
        }
    }

    /// The text a person would read, for the CLI and logs at debug level.
    public var text: String? {
        switch self {
        case .sendMessage(let m): m.text
        case .editMessageText(let m): m.text
        case .answerCallbackQuery(let m): m.text
        case .sendChatAction: nil
        }
    }

    /// The call's parameters as a JSON object, for a request to the Bot API.
    public func parametersJSON() throws -> [UInt8] {
        let encoder = JSONEncoder()
        return switch self {
        case .sendMessage(let m): Array(try encoder.encode(m))
        case .answerCallbackQuery(let m): Array(try encoder.encode(m))
        case .sendChatAction(let m): Array(try encoder.encode(m))
        case .editMessageText(let m): Array(try encoder.encode(m))
        }
    }

    /// The call as a webhook response body: the parameters plus `"method"`.
    public func webhookResponseJSON() throws -> [UInt8] {
        Array(try JSONEncoder().encode(WebhookReply(method: self)))
    }
}

/// Encodes `method` next to the call's own parameters in one JSON object.
private struct WebhookReply: Encodable {
    let method: BotMethod

    enum Key: String, CodingKey { case method }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(method.name, forKey: .method)
        switch method {
        case .sendMessage(let m): try m.encode(to: encoder)
        case .answerCallbackQuery(let m): try m.encode(to: encoder)
        case .sendChatAction(let m): try m.encode(to: encoder)
        case .editMessageText(let m): try m.encode(to: encoder)
        }
    }
}
