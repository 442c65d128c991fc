import CoreMetrics
import MarketEngine
import Synchronization

/// Counts of what happened to updates and replies, and how long each command took. Kept
/// here for tests and `/healthz`, and mirrored to swift-metrics for `/metrics`.
public final class PipelineCounters: Sendable {
    public enum Counter: String, CaseIterable, Sendable {
        case received, accepted, duplicate, ignored
        case rejectedUnauthorized = "rejected_unauthorized"
        case rejectedForbidden = "rejected_forbidden"
        case rejectedMalformed = "rejected_malformed"
        case rejectedTooLarge = "rejected_too_large"
        case overloaded
        /// Acknowledged and dropped: the chat held its share of the queue (`MAX_QUEUED_PER_CHAT`).
        case shed = "dropped_chat_queue_full"
        /// Acknowledged and skipped: an update (it has an `update_id`) with a field this
        /// version cannot read.
        case skippedUnreadable = "skipped_unreadable"
        case storeFailed = "store_failed"
        case repliesInline = "replies_inline"
        case repliesSent = "replies_sent"
        case repliesFailed = "replies_failed"
        case replyRetries = "reply_retries"
        /// Replicas: not sent, the chat's lease or the leadership having passed to another
        /// replica (`SendFence`), which sends instead.
        case repliesFenced = "replies_fenced"
        /// Connections closed because a complete request did not arrive in time (slow clients).
        case slowConnectionsClosed = "slow_connections_closed"
        /// Replicas: journaled here for a chat another replica holds, which answers it.
        case handedOver = "handed_over"
        /// Replicas: chats taken over from a replica whose lease lapsed (it died or hung).
        case leaseTakeovers = "lease_takeovers"

        /// The Prometheus name and labels this count is exported under.
        var metric: (label: String, dimensions: [(String, String)]) {
            switch self {
            case .received, .accepted, .duplicate, .ignored: ("crypto_assistant_updates_\(rawValue)_total", [])
            case .rejectedUnauthorized: ("crypto_assistant_updates_rejected_total", [("reason", "unauthorized")])
            case .rejectedForbidden: ("crypto_assistant_updates_rejected_total", [("reason", "forbidden")])
            case .rejectedMalformed: ("crypto_assistant_updates_rejected_total", [("reason", "malformed")])
            case .rejectedTooLarge: ("crypto_assistant_updates_rejected_total", [("reason", "too_large")])
            case .overloaded: ("crypto_assistant_updates_rejected_total", [("reason", "overloaded")])
            case .shed: ("crypto_assistant_updates_dropped_total", [("reason", "chat_queue_full")])
            case .skippedUnreadable: ("crypto_assistant_updates_dropped_total", [("reason", "unreadable")])
            case .storeFailed: ("crypto_assistant_updates_rejected_total", [("reason", "store_failed")])
            case .repliesInline: ("crypto_assistant_replies_total", [("outcome", "inline")])
            case .repliesSent: ("crypto_assistant_replies_total", [("outcome", "sent")])
            case .repliesFailed: ("crypto_assistant_replies_total", [("outcome", "failed")])
            case .repliesFenced: ("crypto_assistant_replies_total", [("outcome", "fenced")])
            case .replyRetries: ("crypto_assistant_reply_retries_total", [])
            case .slowConnectionsClosed: ("crypto_assistant_connections_closed_total", [("reason", "request_timeout")])
            case .handedOver: ("crypto_assistant_updates_handed_over_total", [])
            case .leaseTakeovers: ("crypto_assistant_chat_lease_takeovers_total", [])
            }
        }
    }

    static let commandDurationLabel = "crypto_assistant_command_duration_seconds"

    private let values: Mutex<[Counter: Int]> = Mutex([:])
    private let exported: [Counter: CoreMetrics.Counter]
    private let factory: any MetricsFactory
    private let timers = Mutex<[String: Timer]>([:])

    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.factory = factory
        var exported: [Counter: CoreMetrics.Counter] = [:]
        for counter in Counter.allCases {
            let (label, dimensions) = counter.metric
            exported[counter] = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
        }
        self.exported = exported
    }

    public func add(_ counter: Counter, _ amount: Int = 1) {
        values.withLock { $0[counter, default: 0] += amount }
        exported[counter]?.increment(by: amount)
    }

    public func value(_ counter: Counter) -> Int {
        values.withLock { $0[counter, default: 0] }
    }

    public var snapshot: [Counter: Int] { values.withLock { $0 } }

    /// Time from dispatch to replies ready, per command (`none` for text that is not one).
    public func recordCommand(_ command: String, duration: Duration) {
        let timer = timers.withLock { timers in
            if let existing = timers[command] { return existing }
            let made = Timer(label: Self.commandDurationLabel, dimensions: [("command", command)], factory: factory)
            timers[command] = made
            return made
        }
        timer.recordNanoseconds(duration.wholeNanoseconds)
    }
}
