import Synchronization

/// Ends inline-reply waits whose budget ran out, with one timer for all of them.
///
/// A timer per wait (`Task.sleep`, cancelled when the reply came first) kept each cancelled
/// sleep and its task alive until the original deadline: with the 50 s budget of local mode
/// and a thousand updates a second that was tens of thousands of dead timers. Here a wait
/// that ends early only removes its entry, and one sweeper task sleeps until the oldest
/// live deadline. All waits here share one budget and take their deadline under the lock,
/// so deadlines fall in ticket order and the oldest ticket left is always the next due.
final class InlineReplyDeadlines: Sendable {
    private struct Entry {
        let deadline: ContinuousClock.Instant
        let slot: InlineReplySlot
    }

    private struct State {
        var waiting: [UInt64: Entry] = [:]
        var nextTicket: UInt64 = 0
        var oldestTicket: UInt64 = 0
        var sweeping = false
    }

    let budget: Duration
    /// How late a wait may end: a few milliseconds on a budget of hundreds saves wake-ups.
    private let tolerance: Duration
    private let state = Mutex(State())

    init(budget: Duration, tolerance: Duration = .milliseconds(5)) {
        self.budget = budget
        self.tolerance = tolerance
    }

    /// Closes `slot` once the budget has passed, unless `withdraw` is called first.
    func add(_ slot: InlineReplySlot) -> UInt64 {
        let (ticket, startSweeper) = state.withLock { state in
            let ticket = state.nextTicket
            state.nextTicket += 1
            state.waiting[ticket] = Entry(deadline: .now + budget, slot: slot)
            defer { state.sweeping = true }
            return (ticket, !state.sweeping)
        }
        if startSweeper { Task { await self.sweep() } }
        return ticket
    }

    /// Forgets a wait that ended before its deadline.
    func withdraw(_ ticket: UInt64) {
        state.withLock { _ = $0.waiting.removeValue(forKey: ticket) }
    }

    /// Waits still registered (for tests).
    var count: Int { state.withLock { $0.waiting.count } }

    private func sweep() async {
        while true {
            let (expired, next) = state.withLock { state -> ([InlineReplySlot], ContinuousClock.Instant?) in
                let now = ContinuousClock.now
                var expired: [InlineReplySlot] = []
                while state.oldestTicket < state.nextTicket {
                    if let entry = state.waiting[state.oldestTicket] {
                        if entry.deadline > now { return (expired, entry.deadline) }
                        state.waiting[state.oldestTicket] = nil
                        expired.append(entry.slot)
                    }
                    state.oldestTicket += 1
                }
                state.sweeping = false
                return (expired, nil)
            }
            for slot in expired { slot.close() }
            guard let next else { return }
            try? await Task.sleep(until: next, tolerance: tolerance, clock: .continuous)
        }
    }
}
