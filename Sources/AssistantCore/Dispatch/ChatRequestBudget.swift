import MarketEngine
import Synchronization

/// Each chat's share of the exchanges: the requests its commands (and, per user, inline
/// queries) sent upstream in the last minute, at most `requestsPerMinute`. Charged after the
/// fact with what the work cost (`RequestTally`), so answers from the cache are free; a chat
/// that has spent its share is told when to try again instead of being answered.
public final class ChatRequestBudget: Sendable {
    public let requestsPerMinute: Int
    /// Chats remembered at most; beyond it those with nothing spent are forgotten.
    static let capacity = 10_000
    private let budgets = Mutex<[Int64: RequestBudget]>([:])
    private let clock: AppClock

    public init(requestsPerMinute: Int, clock: AppClock = .system) {
        precondition(requestsPerMinute > 0)
        self.requestsPerMinute = requestsPerMinute
        self.clock = clock
    }

    /// Whole seconds until `key` (a chat, or a user for inline queries) may spend again; nil
    /// when it may now.
    public func retryAfter(_ key: Int64) -> Int? {
        let now = clock.now
        let wait = budgets.withLock { $0[key]?.wait(for: 1, at: now) } ?? .zero
        guard wait > .zero else { return nil }
        return Int(wait.secondsToWait)
    }

    /// Books what `key`'s work sent upstream.
    public func charge(_ key: Int64, requests: Int) {
        guard requests > 0 else { return }
        let now = clock.now
        budgets.withLock { budgets in
            if budgets[key] == nil, budgets.count >= Self.capacity {
                budgets = budgets.filter { _, budget in
                    var budget = budget
                    return budget.spent(at: now) > 0
                }
            }
            budgets[key, default: RequestBudget(limit: requestsPerMinute, window: .seconds(60))].book(requests, at: now)
        }
    }
}
