import TelegramBotAPI

/// A command with where it came from, as handed to a handler.
public struct CommandInvocation: Sendable {
    public var command: ParsedCommand
    /// The chat to answer in; nil for a button under an inline-mode message.
    public var chat: Chat?
    public var sender: User?
    /// The chat's `/settings`, loaded by the dispatcher.
    public var preferences: ChatPreferences
    /// What to answer in: the chat's `/settings language`, else the sender's.
    public var language: Language

    public init(
        command: ParsedCommand, chat: Chat?, sender: User?, preferences: ChatPreferences = ChatPreferences(),
        language: Language? = nil
    ) {
        self.command = command
        self.chat = chat
        self.sender = sender
        self.preferences = preferences
        self.language = language ?? .resolved(chosen: preferences.language, languageCode: sender?.languageCode)
    }

    public var arguments: [String] { command.arguments }
}
