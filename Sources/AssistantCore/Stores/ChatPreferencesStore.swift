import MarketEngine

/// What a chat chose with `/settings`; absent fields mean the defaults.
public struct ChatPreferences: Sendable, Equatable {
    /// The exchange market commands use when none is named (default Binance).
    public var exchange: Exchange?
    /// The language of replies; nil (`auto`) answers each sender in their Telegram language.
    public var language: Language?

    public init(exchange: Exchange? = nil, language: Language? = nil) {
        self.exchange = exchange
        self.language = language
    }

    /// Whether every field is the default (a store may forget the chat).
    public var isDefault: Bool { exchange == nil && language == nil }
}

/// Where chat preferences live. Read on every command, so implementations answer repeated
/// reads from memory.
public protocol ChatPreferencesStore: Sendable {
    /// The chat's preferences; the defaults for a chat that never chose.
    func preferences(for chatID: Int64) async throws -> ChatPreferences
    /// Stores the chat's preferences; all defaults forget the chat.
    func setPreferences(_ preferences: ChatPreferences, for chatID: Int64) async throws
}
