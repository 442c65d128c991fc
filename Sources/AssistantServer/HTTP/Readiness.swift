import MarketEngine
import Synchronization

/// Whether the process takes traffic: false during start-up, from the first moment of
/// shutdown (so a load balancer stops sending before the listener closes), and while the
/// store it depends on is unavailable (PostgreSQL down: a replica that cannot journal must
/// not be sent updates).
public final class Readiness: Sendable {
    private let ready = Atomic<Bool>(false)
    private let storeCheck: @Sendable () -> Bool
    private let tokenCheck: @Sendable () -> Int?
    private let clock: AppClock
    private let startedAt: AppClock.Instant

    public init(
        storeIsAvailable: @escaping @Sendable () -> Bool = { true },
        tokenRefusal: @escaping @Sendable () -> Int? = { nil },
        clock: AppClock = .system
    ) {
        self.storeCheck = storeIsAvailable
        self.tokenCheck = tokenRefusal
        self.clock = clock
        self.startedAt = clock.now
    }

    /// Time since the process started.
    public var uptime: Duration { clock.elapsed(since: startedAt) }

    public var isReady: Bool { isListening && storeIsAvailable && tokenRefusal == nil }

    /// Telegram's code for refusing the bot token (401, 404) until a call succeeds again:
    /// nothing can be answered meanwhile.
    public var tokenRefusal: Int? { tokenCheck() }

    /// Between start-up and shutdown.
    public var isListening: Bool { ready.load(ordering: .acquiring) }

    public var storeIsAvailable: Bool { storeCheck() }

    public func markReady() { ready.store(true, ordering: .releasing) }
    public func markStopping() { ready.store(false, ordering: .releasing) }
}
