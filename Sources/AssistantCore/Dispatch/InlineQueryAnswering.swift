import TelegramBotAPI

/// Answers what people type after the bot's name in any chat (inline mode).
public protocol InlineQueryAnswering: Sendable {
    /// The cards in `language`: the person who typed the query's.
    func answer(_ query: InlineQuery, in language: Language) async -> AnswerInlineQuery
}
