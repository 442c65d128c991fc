import NIOCore

/// One of an exchange's published request limits ("6,000 weight a minute per IP", "20
/// requests per 2 s per endpoint"), kept as a sliding window of what was sent: a request
/// goes out only if the window, with it, stays within `limit`. A token bucket would let
/// a full burst and a window's refill through together (up to twice the limit in one
/// window); the log is exact, and at most `limit` entries long.
public struct RequestBudget: Sendable {
    /// The weight allowed per window (already below the published figure by a margin).
    public let limit: Int
    public let window: Duration
    private var sent = CircularBuffer<(at: AppClock.Instant, weight: Int)>()
    private var total = 0

    public init(limit: Int, window: Duration) {
        precondition(limit > 0)
        self.limit = limit
        self.window = window
    }

    /// Weight sent in the window ending at `now`.
    public mutating func spent(at now: AppClock.Instant) -> Int {
        forget(before: now)
        return total
    }

    /// How long until `weight` fits at `now` (zero: it fits now). Nothing is booked.
    public mutating func wait(for weight: Int, at now: AppClock.Instant) -> Duration {
        forget(before: now)
        let weight = min(weight, limit)  // a request heavier than the whole budget waits for an empty window
        var excess = total + weight - limit
        guard excess > 0 else { return .zero }
        for entry in sent {
            excess -= entry.weight
            if excess <= 0 { return now.duration(to: entry.at.advanced(by: window)) }
        }
        return window
    }

    public mutating func book(_ weight: Int, at now: AppClock.Instant) {
        sent.append((now, weight))
        total += weight
    }

    /// What the exchange says was used in its window (Binance's used weight, Gate's
    /// requests left): when it is more than this process sent (another process on the
    /// address, or a restart), the difference is booked now, so the next requests wait.
    mutating func observe(used: Int, at now: AppClock.Instant) {
        let missing = used - spent(at: now)
        if missing > 0 { book(missing, at: now) }
    }

    private mutating func forget(before now: AppClock.Instant) {
        while let first = sent.first, first.at.advanced(by: window) <= now {
            total -= first.weight
            sent.removeFirst()
        }
    }
}
