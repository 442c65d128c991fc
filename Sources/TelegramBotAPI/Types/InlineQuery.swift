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
}
