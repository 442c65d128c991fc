/// One incoming update, as Telegram POSTs it to the webhook or returns it from `getUpdates`.
///
/// Only the kinds the bot acts on are decoded into fields; every other kind (`my_chat_member`,
/// `message_reaction`, …) still decodes, with its name kept in `kind`, so it can be counted
/// and acknowledged instead of being rejected.
public struct Update: Sendable, Equatable {
    public var updateID: Int64
    public var message: Message?
    public var editedMessage: Message?
    public var channelPost: Message?
    public var editedChannelPost: Message?
    public var callbackQuery: CallbackQuery?
    public var inlineQuery: InlineQuery?
    /// The JSON key that carried the update's payload (`message`, `my_chat_member`, …).
    public var kind: String

    public init(
        updateID: Int64,
        message: Message? = nil,
        editedMessage: Message? = nil,
        channelPost: Message? = nil,
        editedChannelPost: Message? = nil,
        callbackQuery: CallbackQuery? = nil,
        inlineQuery: InlineQuery? = nil,
        kind: String? = nil
    ) {
        self.updateID = updateID
        self.message = message
        self.editedMessage = editedMessage
        self.channelPost = channelPost
        self.editedChannelPost = editedChannelPost
        self.callbackQuery = callbackQuery
        self.inlineQuery = inlineQuery
        self.kind =
            kind
            ?? (message != nil
                ? "message"
                : editedMessage != nil
                    ? "edited_message"
                    : channelPost != nil
                        ? "channel_post"
                        : editedChannelPost != nil
                            ? "edited_channel_post"
                            : callbackQuery != nil ? "callback_query" : inlineQuery != nil ? "inline_query" : "unknown")
    }

    /// The chat the update belongs to, used to keep one chat's updates in order.
    public var chatID: Int64? {
        if let message = message ?? editedMessage ?? channelPost ?? editedChannelPost {
            return message.chat.id
        }
        if let callbackQuery {
            return callbackQuery.message?.chat.id ?? callbackQuery.from.id
        }
        // An inline query has no chat: its sender's queries are kept in order.
        return inlineQuery?.from.id
    }
}

extension Update: Codable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private enum Key: String, CodingKey {
        case updateID = "update_id"
        case message
        case editedMessage = "edited_message"
        case channelPost = "channel_post"
        case editedChannelPost = "edited_channel_post"
        case callbackQuery = "callback_query"
        case inlineQuery = "inline_query"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        self.updateID = try container.decode(Int64.self, forKey: .updateID)
        self.message = try container.decodeIfPresent(Message.self, forKey: .message)
        self.editedMessage = try container.decodeIfPresent(Message.self, forKey: .editedMessage)
        self.channelPost = try container.decodeIfPresent(Message.self, forKey: .channelPost)
        self.editedChannelPost = try container.decodeIfPresent(Message.self, forKey: .editedChannelPost)
        self.callbackQuery = try container.decodeIfPresent(CallbackQuery.self, forKey: .callbackQuery)
        self.inlineQuery = try container.decodeIfPresent(InlineQuery.self, forKey: .inlineQuery)
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        self.kind = keys.first { $0 != Key.updateID.rawValue } ?? "empty"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(updateID, forKey: .updateID)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(editedMessage, forKey: .editedMessage)
        try container.encodeIfPresent(channelPost, forKey: .channelPost)
        try container.encodeIfPresent(editedChannelPost, forKey: .editedChannelPost)
        try container.encodeIfPresent(callbackQuery, forKey: .callbackQuery)
        try container.encodeIfPresent(inlineQuery, forKey: .inlineQuery)
    }
}
