import ServiceLifecycle
import Synchronization

/// Time limits for many short operations at once (the database's statements), kept by one
/// task that looks every `tick` for operations past their deadline, rather than by a timer
/// task per operation: a timer is two more tasks to schedule and a dispatch timer to arm and
/// cancel for every statement, about a tenth of the server's CPU per update on PostgreSQL.
/// A limit is therefore kept within `tick`, which is fine for limits of seconds.
///
/// As with `withTimeLimit`, the caller is not kept waiting for a body that ignores
/// cancellation (a query on a connection the server dropped can wait forever).
final class DeadlineWatch: Sendable {
    private struct Watched {
        var deadline: ContinuousClock.Instant
        var expire: @Sendable () -> Void
    }

    let tick: Duration
    private let watched = Mutex<(next: UInt64, byID: [UInt64: Watched])>((0, [:]))

    init(tick: Duration = .milliseconds(250)) {
        self.tick = tick
    }

    /// Operations under way.
    var count: Int { watched.withLock { $0.byID.count } }

    /// Runs `body` in a task of its own and returns what it returns, or throws
    /// `TimeLimitExceeded` once `expire(at:)` finds `limit` passed. The body is cancelled
    /// when the limit passes or the caller is.
    func run<T: Sendable>(within limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let outcome = OneShot<Result<T, any Error>>()
        let deadline = ContinuousClock.now + limit
        let id = watched.withLock { state in
            defer { state.next &+= 1 }
            state.byID[state.next] = Watched(deadline: deadline) {
                outcome.offer(.failure(TimeLimitExceeded()))
            }
            return state.next
        }
        let work = Task {
            do {
                outcome.offer(.success(try await body()))
            } catch {
                outcome.offer(.failure(error))
            }
        }
        let result = await withTaskCancellationHandler {
            await outcome.wait()
        } onCancel: {
            outcome.offer(.failure(CancellationError()))
        }
        _ = watched.withLock { $0.byID.removeValue(forKey: id) }
        work.cancel()
        return try (result ?? .failure(CancellationError())).get()
    }

    /// Fails the operations whose deadline is at or before `now`.
    func expire(at now: ContinuousClock.Instant) {
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
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.tick) }
            expire(at: .now)
        }
    }
}
