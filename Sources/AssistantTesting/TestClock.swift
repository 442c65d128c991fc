import MarketEngine
import Synchronization

/// A clock that moves only when a test says so, so that bans, budgets and pacing are tested
/// in microseconds instead of slept through.
///
/// A sleeper whose deadline has come is resumed by `advance`; `sleepers(atLeast:)` lets a
/// test wait until the code under test has gone to sleep before it moves the time.
public final class TestClock: Clock, Sendable {
    /// The process clock's instants: a test clock and the `AppClock` made of it agree.
    public typealias Instant = AppClock.Instant

    private struct Sleeper {
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
        var watchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())
    /// The wall-clock time (milliseconds since 1970) at offset zero.
    public let epochMilliseconds: Int64

    /// `epochMilliseconds`: what `wallMilliseconds` says at offset zero.
    public init(epochMilliseconds: Int64 = 1_780_000_000_000) {
        self.epochMilliseconds = epochMilliseconds
    }

    /// This clock as a wall clock (milliseconds since 1970), for parts that show times.
    public var wallMilliseconds: Int64 {
        let (seconds, attoseconds) = now.offset.components
        return epochMilliseconds + seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// How many sleeps are waiting for the time to move.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (due, watchers) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                    if deadline <= state.now { return (true, []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return (false, Self.satisfiedWatchers(&state))
                }
                if due { continuation.resume() }
                for watcher in watchers { watcher.resume() }
            }
        } onCancel: {
            state.withLock { $0.sleepers.removeValue(forKey: id) }?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the time forward and wakes every sleep that is then due, earliest first.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers[id] = nil }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Returns once at least `count` sleeps are waiting.
    public func sleepers(atLeast count: Int) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.watchers.append((count, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// This clock as the process's clock: what the code under test is given.
    public var appClock: AppClock { AppClock(self) }

    private static func satisfiedWatchers(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        let count = state.sleepers.count
        let ready = state.watchers.filter { $0.count <= count }.map(\.continuation)
        state.watchers.removeAll { $0.count <= count }
        return ready
    }
}

extension TestClock: TimeSource {
    public var elapsed: Duration { now.offset }

    public func sleep(untilElapsed deadline: Duration) async throws {
        try await sleep(until: Instant(offset: deadline))
    }
}
