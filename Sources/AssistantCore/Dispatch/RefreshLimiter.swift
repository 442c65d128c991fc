/// At most one refresh per message per `interval`, so that a person pressing "↻ refresh"
/// cannot make the bot hammer an exchange (the cache would absorb most of it, not all:
/// candles and scans read more than one endpoint).
public struct RefreshLimiter: Sendable {
    private let limiter: IntervalLimiter<MessageKey>
    public var interval: Int64 { limiter.interval }

    struct MessageKey: Hashable {
        var chatID: Int64
        var messageID: Int64
    }

    /// `intervalMilliseconds`: between two refreshes of one message.
    public init(intervalMilliseconds: Int64 = 5_000) {
        self.limiter = IntervalLimiter(intervalMilliseconds: intervalMilliseconds)
    }

    /// True (and the time noted) when the message may be refreshed at `now` (ms since 1970).
    public func allow(chatID: Int64, messageID: Int64, now: Int64) -> Bool {
        limiter.allow(MessageKey(chatID: chatID, messageID: messageID), now: now)
    }
}
