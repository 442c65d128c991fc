import Synchronization

/// At most `limit` pieces of work at once; the rest wait in arrival order.
///
/// A lock rather than an actor: a free permit is taken without suspending, so the common
/// case costs no hop to another executor (two per update as an actor).
final class ConcurrencyLimiter: Sendable {
    private struct State {
        var running = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var nextWaiter = 0
    }

    private let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        precondition(limit > 0)
        self.limit = limit
    }

    func acquire() async {
        let acquired = state.withLock { state -> Bool in
            guard state.running < limit else { return false }
            state.running += 1
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                // A permit may have come free between the two locks.
                if state.running < limit {
                    state.running += 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.nextWaiter < state.waiters.count else {
                state.running -= 1
                return nil
            }
            // The permit passes straight to the next waiter; `running` stays the same.
            let waiter = state.waiters[state.nextWaiter]
            state.nextWaiter += 1
            if state.nextWaiter > 64 && state.nextWaiter * 2 > state.waiters.count {
                state.waiters.removeFirst(state.nextWaiter)
                state.nextWaiter = 0
            }
            return waiter
        }
        next?.resume()
    }
}
