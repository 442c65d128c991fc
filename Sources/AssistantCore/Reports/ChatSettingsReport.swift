import MarketEngine

/// `/settings` as data: what happened to the request and the chat's settings after it.
public struct ChatSettingsReport: Sendable, Codable, Equatable {
    public enum Outcome: Sendable, Codable, Equatable {
        /// No change asked: the current settings.
        case shown
        case saved
        /// Not a chat (a button under an inline-mode message).
        case noChat
        case unknownSetting(String)
        case unknownExchange(String)
        case unknownLanguage(String)
        /// A known setting without its one value.
        case incomplete
        /// The store refused the change; nothing was saved.
        case notSaved
        /// `/settings quiet` with words it cannot read.
        case quietProblem(ScheduleProblem)
    }

    public var outcome: Outcome
    /// The chat's choice after the request; nil means the default (Binance).
    public var exchange: Exchange?
    /// The chat's language after the request; nil means each sender's own (`auto`).
    public var language: Language?
    /// The chat's quiet hours after the request; nil: none (or not kept here).
    public var quiet: QuietHours?

    public init(outcome: Outcome, preferences: ChatPreferences, quiet: QuietHours? = nil) {
        self.quiet = quiet
        self.outcome = outcome
        self.exchange = preferences.exchange
        self.language = preferences.language
    }
}
