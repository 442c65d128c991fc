import Synchronization

/// Whether the process takes traffic: false during start-up and from the first moment of
/// shutdown, so a load balancer stops sending before the listener closes.
public final class Readiness: Sendable {
    private let ready = Atomic<Bool>(false)
    public let startedAt = ContinuousClock.now

    public init() {}

    public var isReady: Bool { ready.load(ordering: .acquiring) }

    public func markReady() { ready.store(true, ordering: .releasing) }
    public func markStopping() { ready.store(false, ordering: .releasing) }
}
