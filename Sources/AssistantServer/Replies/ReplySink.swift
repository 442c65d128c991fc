import TelegramBotAPI

/// Where replies go when they are not returned inline in a webhook response.
public protocol ReplySink: Sendable {
    /// Delivers one call, retrying what can be retried; false when it was given up.
    /// Returns when the call was delivered, refused for good, or the task was cancelled.
    func deliver(_ method: BotMethod) async -> Bool

    /// Sends a call once, ignoring failure: for "typing…", which is worthless late.
    func deliverOnce(_ method: BotMethod) async

    /// False when replies can only travel inline (local mode, no bot token).
    var canSend: Bool { get }

    /// One paced try, its outcome told apart so that the caller can keep the message and
    /// hold only its chat (the alert outbox).
    func attempt(_ method: BotMethod) async -> SendOutcome
}

extension ReplySink {
    public func attempt(_ method: BotMethod) async -> SendOutcome {
        await deliver(method) ? .sent : .refused("not delivered")
    }
}
