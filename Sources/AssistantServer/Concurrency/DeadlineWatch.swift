import MarketEngine
import ServiceLifecycle
import Synchronization

/// Time limits for many short operations at once (the database's statements), kept by one
/// task that looks every `tick` for operations past their deadline, rather than by a timer
/// task per operation: a timer is two more tasks to schedule and a dispatch timer to arm and
/// cancel for every statement, about a tenth of the server's CPU per update on PostgreSQL.
/// A limit is therefore kept within `tick`, which is fine for limits of seconds.
///
/// As with `withTimeLimit` (the same `racingExpiry`), the caller is not kept waiting for a
/// body that ignores cancellation (a query on a connection the server dropped can wait forever).
final class DeadlineWatch: Sendable {
    private struct Watched {
        var deadline: AppClock.Instant
        var expire: @Sendable () -> Void
    }

    let tick: Duration
    let clock: AppClock
    private let watched = Mutex<(next: UInt64, byID: [UInt64: Watched])>((0, [:]))

    init(tick: Duration = .milliseconds(250), clock: AppClock) {
        self.tick = tick
        self.clock = clock
    }

    /// Operations under way.
    var count: Int { watched.withLock { $0.byID.count } }

    /// Runs `body` in a task of its own and returns what it returns, or throws
    /// `TimeLimitExceeded` once `expireDue()` finds `limit` passed. The body is cancelled
    /// when the limit passes or the caller is.
    func run<T: Sendable>(within limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let deadline = clock.now.advanced(by: limit)
        return try await racingExpiry(body) { expire in
            let id = watched.withLock { state in
                defer { state.next &+= 1 }
                state.byID[state.next] = Watched(deadline: deadline, expire: expire)
                return state.next
            }
            return { _ = self.watched.withLock { $0.byID.removeValue(forKey: id) } }
        }
    }

    /// Fails the operations whose deadline has come.
    func expireDue() {
        let now = clock.now
        let expired = watched.withLock { state in
            let due = state.byID.filter { $0.value.deadline <= now }
            for id in due.keys { state.byID.removeValue(forKey: id) }
            return due.values.map(\.expire)
        }
        for expire in expired { expire() }
    }

    /// Looks every `tick` until graceful shutdown (or cancellation).
    func watch() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await self.clock.sleep(for: self.tick) }
            expireDue()
        }
    }
}
