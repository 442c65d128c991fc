import TelegramBotAPI

/// Answers what people type after the bot's name in any chat (inline mode).
public protocol InlineQueryAnswering: Sendable {
    func answer(_ query: InlineQuery) async -> AnswerInlineQuery
}
