import MarketEngine

/// What a chat chose with `/settings`; absent fields mean the defaults.
public struct ChatPreferences: Sendable, Equatable {
    /// The exchange market commands use when none is named (default Binance).
    public var exchange: Exchange?

    public init(exchange: Exchange? = nil) {
        self.exchange = exchange
    }
}

/// Where chat preferences live (the SQLite store in the server).
public protocol ChatPreferenceStore: Sendable {
    func preferences(for chatID: Int64) async throws -> ChatPreferences
    func setPreferences(_ preferences: ChatPreferences, for chatID: Int64) async throws
}
