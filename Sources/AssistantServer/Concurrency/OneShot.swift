import Synchronization

/// A value that is given at most once, or never (`close`), awaited by any number of
/// waiters. The inline reply of a webhook request (the worker offers it, the request waits
/// for it until its budget closes it) and the listening port (set once the listener is up).
///
/// Waiting is not cancellable: every waiter ends when the value is given or closed, which
/// the owner guarantees (a deadline, a `defer`).
final class OneShot<Value: Sendable>: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Value?, Never>])
        case done(Value?)
    }

    private let state: Mutex<State>

    init() {
        state = Mutex(.waiting([]))
    }

    /// One that was closed from the start: every offer is refused, every wait gets nil.
    static var closed: OneShot { OneShot(done: nil) }

    private init(done value: Value?) {
        state = Mutex(.done(value))
    }

    /// Gives the value; false when it was given or closed before (the value was not taken).
    @discardableResult
    func offer(_ value: Value) -> Bool {
        finish(value)
    }

    /// Ends it without a value; waiters get nil. Nothing happens when it has ended already.
    func close() {
        _ = finish(nil)
    }

    /// The value, once given; nil when closed instead.
    func wait() async -> Value? {
        await withCheckedContinuation { continuation in
            let known: Value?? = state.withLock { state in
                switch state {
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return .none
                case .done(let value):
                    return .some(value)
                }
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    /// The value if it has been given, without waiting.
    var value: Value? {
        state.withLock { state in
            if case .done(let value) = state { return value }
            return nil
        }
    }

    private func finish(_ value: Value?) -> Bool {
        let waiters: [CheckedContinuation<Value?, Never>]? = state.withLock { state in
            guard case .waiting(let waiters) = state else { return nil }
            state = .done(value)
            return waiters
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }
}
