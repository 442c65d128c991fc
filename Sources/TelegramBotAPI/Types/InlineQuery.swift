/// What a person types after the bot's name in any chat (`@BotName btc`), when inline mode
/// is enabled with @BotFather. Answered with `answerInlineQuery`.
public struct InlineQuery: Codable, Sendable, Equatable {
    public var id: String
    public var from: User
    public var query: String
    public var offset: String

    public init(id: String, from: User, query: String, offset: String = "") {
        self.id = id
        self.from = from
        self.query = query
        self.offset = offset
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decodeIdentifier(forKey: .id)
        self.from = try container.decode(User.self, forKey: .from)
        self.query = try container.decode(String.self, forKey: .query)
        self.offset = try container.decodeIfPresent(String.self, forKey: .offset) ?? ""
    }

    enum CodingKeys: String, CodingKey {
        case id, from, query, offset
    }
}
