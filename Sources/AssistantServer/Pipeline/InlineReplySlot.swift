import Synchronization
import TelegramBotAPI

/// A one-shot hand-over of a reply from the worker to the webhook request that is waiting
/// for it. Exactly one side wins: either the request takes the reply (and returns it in
/// its response), or the budget runs out first and the worker sends the reply itself.
final class InlineReplySlot: Sendable {
    private enum State {
        case open(CheckedContinuation<BotMethod?, Never>?)
        case offered(BotMethod)
        case closed
    }

    private let state: Mutex<State>

    /// A slot nobody waits on: every offer is refused.
    static var closed: InlineReplySlot { InlineReplySlot(open: false) }

    init(open: Bool = true) {
        state = Mutex(open ? .open(nil) : .closed)
    }

    /// Waits for a reply until `deadlines` closes the slot at the end of its budget; nil
    /// when none came in time.
    func wait(on deadlines: InlineReplyDeadlines) async -> BotMethod? {
        let ticket = deadlines.add(self)
        defer { deadlines.withdraw(ticket) }
        return await withCheckedContinuation { continuation in
            let ready: BotMethod?? = state.withLock { state in
                switch state {
                case .open:
                    state = .open(continuation)
                    return .none
                case .offered(let method):
                    state = .closed
                    return .some(method)
                case .closed:
                    return .some(nil)
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Offers the reply; true when the waiting request took it.
    func offer(_ method: BotMethod) -> Bool {
        let (taken, waiter): (Bool, CheckedContinuation<BotMethod?, Never>?) = state.withLock { state in
            switch state {
            case .open(let continuation?):
                state = .closed
                return (true, continuation)
            case .open(nil):
                state = .offered(method)
                return (true, nil)
            case .offered, .closed:
                return (false, nil)
            }
        }
        waiter?.resume(returning: method)
        return taken
    }

    /// Ends the wait without a reply (budget spent, or the reply will be sent otherwise).
    func close() {
        let waiter: CheckedContinuation<BotMethod?, Never>? = state.withLock { state in
            defer { state = .closed }
            if case .open(let continuation) = state { return continuation }
            return nil
        }
        waiter?.resume(returning: nil)
    }
}
