import Synchronization
import TelegramBotAPI

/// Ends inline-reply waits whose budget ran out, with one sweeper for all of them.
///
/// A timer per wait (`Task.sleep`, cancelled when the reply came first) kept each cancelled
/// sleep and its task alive until the original deadline: with the 50 s budget of local mode
/// and a thousand updates a second that was tens of thousands of dead timers. Here a wait
/// that ends early only removes its entry, and the sweeper (`run`, a child task of the
/// pipeline) sleeps until the oldest live deadline, or parks while nothing waits.
final class InlineReplyDeadlines<C: Clock>: Sendable where C.Duration == Duration {
    private struct State {
        var queue = DeadlineQueue<C.Instant, OneShot<BotMethod>>()
        /// The sweeper, parked while nothing waits.
        var parkedSweeper: CheckedContinuation<Void, Never>?
        /// Set when the sweeper has stopped: waits added after it get no inline reply.
        var stopped = false
    }

    let budget: Duration
    /// How late a wait may end: a few milliseconds on a budget of hundreds saves wake-ups.
    private let tolerance: Duration
    private let clock: C
    private let state = Mutex(State())

    init(budget: Duration, tolerance: Duration = .milliseconds(5), clock: C) {
        self.budget = budget
        self.tolerance = tolerance
        self.clock = clock
    }

    /// Waits for `reply` until the budget has passed; nil when none came in time.
    func wait(for reply: OneShot<BotMethod>) async -> BotMethod? {
        let ticket = add(reply)
        defer { withdraw(ticket) }
        return await reply.wait()
    }

    /// Closes `reply` once the budget has passed, unless `withdraw` is called first.
    func add(_ reply: OneShot<BotMethod>) -> UInt64? {
        let (ticket, sweeper) = state.withLock { state -> (UInt64?, CheckedContinuation<Void, Never>?) in
            guard !state.stopped else { return (nil, nil) }
            let ticket = state.queue.add(reply, deadline: clock.now.advanced(by: budget))
            defer { state.parkedSweeper = nil }
            return (ticket, state.parkedSweeper)
        }
        if ticket == nil { reply.close() }
        sweeper?.resume()
        return ticket
    }

    /// Forgets a wait that ended before its deadline.
    func withdraw(_ ticket: UInt64?) {
        guard let ticket else { return }
        state.withLock { _ = $0.queue.withdraw(ticket) }
    }

    /// Waits still registered.
    var count: Int { state.withLock { $0.queue.count } }

    /// The sweeper: runs until its task is cancelled, then ends every wait left.
    func run() async {
        while !Task.isCancelled {
            let (expired, next) = state.withLock { $0.queue.expire(at: clock.now) }
            for reply in expired { reply.close() }
            if let next {
                try? await clock.sleep(until: next, tolerance: tolerance)
            } else {
                await park()
            }
        }
        let left = state.withLock { state in
            state.stopped = true
            return state.queue.removeAll()
        }
        for reply in left { reply.close() }
    }

    /// Returns when a wait is added or the task is cancelled.
    private func park() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    guard state.queue.isEmpty, !Task.isCancelled else { return true }
                    state.parkedSweeper = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state in
                defer { state.parkedSweeper = nil }
                return state.parkedSweeper
            }?.resume()
        }
    }
}
