import Synchronization

/// At most one refresh per message per `interval`, so that a person pressing "↻ refresh"
/// cannot make the bot hammer an exchange (the cache would absorb most of it, not all:
/// candles and scans read more than one endpoint).
public final class RefreshLimiter: Sendable {
    public let interval: Int64
    /// Messages remembered at most; beyond it the oldest half is forgotten.
    static let capacity = 10_000
    private let last = Mutex<[MessageKey: Int64]>([:])

    struct MessageKey: Hashable {
        var chatID: Int64
        var messageID: Int64
    }

    /// `intervalMilliseconds`: between two refreshes of one message.
    public init(intervalMilliseconds: Int64 = 5_000) {
        self.interval = intervalMilliseconds
    }

    /// True (and the time noted) when the message may be refreshed at `now` (ms since 1970).
    public func allow(chatID: Int64, messageID: Int64, now: Int64) -> Bool {
        let key = MessageKey(chatID: chatID, messageID: messageID)
        return last.withLock { last in
            if let previous = last[key], now - previous < interval { return false }
            if last.count >= Self.capacity {
                let cutoff = last.values.sorted()[last.count / 2]
                last = last.filter { $0.value > cutoff }
            }
            last[key] = now
            return true
        }
    }
}
