/// Where a reply waits for its turn under Telegram's send limits: `SendPacer` in one
/// process, `PostgresSendLimiter` for the bot as a whole when replicas share a database.
public protocol SendLimiter: Sendable {
    /// Waits until a message to `chatID` may go, and books its place.
    func waitTurn(chatID: Int64) async throws
    /// Telegram said "retry after": no message to this chat before that long from now —
    /// nor to any chat when another was refused meanwhile (the bot's limit; returns true).
    @discardableResult
    func hold(chatID: Int64, for delay: Duration) async -> Bool
}

extension SendPacer: SendLimiter {}
