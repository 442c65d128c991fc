import MarketEngine

/// `/settings` as data: what happened to the request and the chat's default exchange after it.
public struct ChatSettingsReport: Sendable, Codable, Equatable {
    public enum Outcome: Sendable, Codable, Equatable {
        /// No change asked: the current settings.
        case shown
        case saved
        /// Not a chat (a button under an inline-mode message).
        case noChat
        case unknownSetting(String)
        case unknownExchange(String)
        /// A known setting without its one value.
        case incomplete
        /// The store refused the change; nothing was saved.
        case notSaved
    }

    public var outcome: Outcome
    /// The chat's choice after the request; nil means the default (Binance).
    public var exchange: Exchange?
}
