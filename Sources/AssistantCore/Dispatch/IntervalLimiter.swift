import Synchronization

/// At most one event per key per `interval`: a refresh per message, a "too many messages"
/// notice per chat. Remembers at most `capacity` keys; beyond it the oldest half is forgotten
/// (so a flood of distinct keys costs bounded memory, at worst one early repeat each).
public final class IntervalLimiter<Key: Hashable & Sendable>: Sendable {
    /// Milliseconds between two events of one key.
    public let interval: Int64
    let capacity: Int
    private let last = Mutex<[Key: Int64]>([:])

    public init(intervalMilliseconds: Int64, capacity: Int = 10_000) {
        self.interval = intervalMilliseconds
        self.capacity = capacity
    }

    /// True (and the time noted) when `key` may have its event at `now` (ms since 1970).
    public func allow(_ key: Key, now: Int64) -> Bool {
        last.withLock { last in
            if let previous = last[key], now - previous < interval { return false }
            if last.count >= capacity {
                let cutoff = last.values.sorted()[last.count / 2]
                last = last.filter { $0.value > cutoff }
            }
            last[key] = now
            return true
        }
    }
}
