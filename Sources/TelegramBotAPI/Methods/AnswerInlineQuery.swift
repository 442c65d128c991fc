/// Parameters of `answerInlineQuery`: at most 50 results, each with an id unique among them.
public struct AnswerInlineQuery: Codable, Sendable, Equatable {
    public var inlineQueryID: String
    public var results: [InlineQueryResultArticle]
    /// Seconds Telegram may serve these results again for the same query.
    public var cacheTime: Int?
    /// Results depend on who asks (not shared between users in Telegram's cache).
    public var isPersonal: Bool?

    public init(
        inlineQueryID: String, results: [InlineQueryResultArticle], cacheTime: Int? = nil, isPersonal: Bool? = nil
    ) {
        self.inlineQueryID = inlineQueryID
        self.results = results
        self.cacheTime = cacheTime
        self.isPersonal = isPersonal
    }

    enum CodingKeys: String, CodingKey {
        case inlineQueryID = "inline_query_id"
        case results
        case cacheTime = "cache_time"
        case isPersonal = "is_personal"
    }
}

/// A result shown in the inline list; picking it sends `messageText` to the chat.
public struct InlineQueryResultArticle: Codable, Sendable, Equatable {
    public var type = "article"
    /// 1–64 bytes, unique among the answer's results.
    public var id: String
    public var title: String
    public var description: String?
    /// Telegram HTML.
    public var messageText: String
    public var parseMode: String?

    public init(id: String, title: String, description: String? = nil, messageText: String, parseMode: String? = "HTML")
    {
        self.id = id
        self.title = title
        self.description = description
        self.messageText = messageText
        self.parseMode = parseMode
    }

    enum CodingKeys: String, CodingKey {
        case type, id, title, description
        case inputMessageContent = "input_message_content"
    }

    enum ContentKeys: String, CodingKey {
        case messageText = "message_text"
        case parseMode = "parse_mode"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        let content = try container.nestedContainer(keyedBy: ContentKeys.self, forKey: .inputMessageContent)
        messageText = try content.decode(String.self, forKey: .messageText)
        parseMode = try content.decodeIfPresent(String.self, forKey: .parseMode)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(description, forKey: .description)
        var content = container.nestedContainer(keyedBy: ContentKeys.self, forKey: .inputMessageContent)
        try content.encode(messageText, forKey: .messageText)
        try content.encodeIfPresent(parseMode, forKey: .parseMode)
    }
}
