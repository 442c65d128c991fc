import Synchronization

/// Counts of what happened to updates and replies, for `/healthz` and, later, `/metrics`.
public final class PipelineCounters: Sendable {
    public enum Counter: String, CaseIterable, Sendable {
        case received, accepted, duplicate, ignored
        case rejectedUnauthorized = "rejected_unauthorized"
        case rejectedMalformed = "rejected_malformed"
        case rejectedTooLarge = "rejected_too_large"
        case overloaded
        case storeFailed = "store_failed"
        case repliesInline = "replies_inline"
        case repliesSent = "replies_sent"
        case repliesFailed = "replies_failed"
        case replyRetries = "reply_retries"
    }

    private let values: Mutex<[Counter: Int]> = Mutex([:])

    public init() {}

    public func add(_ counter: Counter, _ amount: Int = 1) {
        values.withLock { $0[counter, default: 0] += amount }
    }

    public func value(_ counter: Counter) -> Int {
        values.withLock { $0[counter, default: 0] }
    }

    public var snapshot: [Counter: Int] { values.withLock { $0 } }
}
