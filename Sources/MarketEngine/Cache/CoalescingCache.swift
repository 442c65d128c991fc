import Synchronization

/// A TTL cache that also merges identical in-flight loads: 100 concurrent requests for a
/// cold key cause one upstream call, and all 100 get its result. Failures are not cached
/// (the rate-limit guard keeps retries polite). Bounded: beyond `capacity` entries the ones
/// closest to expiry go first.
///
/// An expired value is kept `staleGrace` longer, for one case: when its exchange's request
/// budget is spent (or the exchange banned us), the last value answers, and the reading's
/// own time tells the reader its age — better than no answer, and it costs the exchange
/// nothing.
///
/// A lock rather than an actor: a hit is answered on the caller's thread without
/// suspending, which is what almost every command sees once the cache is warm. The clock is
/// injected so that expiry is tested by moving a test clock.
public final class CoalescingCache<C: Clock>: Sendable where C.Duration == Duration {
    private struct Entry {
        let value: any Sendable
        let expires: C.Instant
    }

    private struct State {
        var entries: [CacheKey: Entry] = [:]
        var inFlight: [CacheKey: Task<any Sendable, any Error>] = [:]
        var hits = 0
        var misses = 0
    }

    private enum Lookup {
        case hit(any Sendable)
        case wait(Task<any Sendable, any Error>, started: Bool)
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let metrics: EngineMetrics
    private let clock: C
    private let staleGrace: Duration

    public init(
        capacity: Int = 2048, metrics: EngineMetrics = EngineMetrics(), clock: C, staleGrace: Duration = .seconds(600)
    ) {
        self.capacity = capacity
        self.metrics = metrics
        self.clock = clock
        self.staleGrace = staleGrace
    }

    /// The value stored under `key` if it is still fresh; never loads.
    public func cached<Value: Sendable>(_ key: CacheKey, as type: Value.Type = Value.self) -> Value? {
        let now = clock.now
        let stored = state.withLock { state -> (any Sendable)? in
            guard let entry = state.entries[key], entry.expires > now else { return nil }
            state.hits += 1
            return entry.value
        }
        guard let value = stored as? Value else { return nil }
        metrics.cache(.hit)
        return value
    }

    /// The fresh value under `key`, or the result of `load` (shared with every concurrent
    /// caller of the same key), stored for `ttl`.
    public func value<Value: Sendable>(
        _ key: CacheKey, ttl: Duration, load: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let now = clock.now
        let lookup = state.withLock { state -> Lookup in
            if let entry = state.entries[key], entry.expires > now {
                state.hits += 1
                return .hit(entry.value)
            }
            state.misses += 1
            if let running = state.inFlight[key] { return .wait(running, started: false) }
            let task = Task<any Sendable, any Error> { try await load() }
            state.inFlight[key] = task
            return .wait(task, started: true)
        }
        let task: Task<any Sendable, any Error>
        switch lookup {
        case .hit(let value):
            metrics.cache(.hit)
            guard let typed = value as? Value else { throw CacheTypeMismatch(key: key) }
            return typed
        case .wait(let running, let started):
            metrics.cache(started ? .miss : .coalesced)
            task = running
        }
        do {
            let value = try await task.value
            finish(key, task: task, value: value, ttl: ttl)
            guard let typed = value as? Value else { throw CacheTypeMismatch(key: key) }
            return typed
        } catch let error as CacheTypeMismatch {
            throw error
        } catch {
            let grace = staleGrace
            let stale = state.withLock { state -> (any Sendable)? in
                if state.inFlight[key] == task { state.inFlight[key] = nil }
                guard Self.allowsStale(error), let entry = state.entries[key],
                    entry.expires.advanced(by: grace) > clock.now
                else { return nil }
                return entry.value
            }
            if let typed = stale as? Value {
                metrics.cache(.stale)
                return typed
            }
            throw error
        }
    }

    private func finish(_ key: CacheKey, task: Task<any Sendable, any Error>, value: any Sendable, ttl: Duration) {
        let now = clock.now
        let expires = now.advanced(by: ttl)
        state.withLock { state in
            guard state.inFlight[key] == task else { return }  // another waiter already stored it
            state.inFlight[key] = nil
            state.entries[key] = Entry(value: value, expires: expires)
            if state.entries.count > capacity { Self.evict(&state.entries, capacity: capacity, now: now) }
        }
    }

    /// Only a refusal to ask (budget spent, banned) is answered from an expired value: any
    /// other failure (a symbol gone, a timeout) is news the reader should get.
    private static func allowsStale(_ error: any Error) -> Bool {
        guard let failure = error as? MarketFailure, case .rateLimited = failure.reason else { return false }
        return true
    }

    private static func evict(_ entries: inout [CacheKey: Entry], capacity: Int, now: C.Instant) {
        entries = entries.filter { $0.value.expires > now }
        guard entries.count > capacity else { return }
        // Closest to expiry first; one sort instead of a scan per removed entry.
        let doomed = entries.sorted { $0.value.expires < $1.value.expires }.prefix(entries.count - capacity)
        for (key, _) in doomed { entries[key] = nil }
    }

    public var count: Int { state.withLock { $0.entries.count } }
    public var hits: Int { state.withLock { $0.hits } }
    public var misses: Int { state.withLock { $0.misses } }

    /// Drops entries past their expiry and grace (the janitor calls this periodically).
    public func purgeExpired() {
        let now = clock.now
        let grace = staleGrace
        state.withLock { state in state.entries = state.entries.filter { $0.value.expires.advanced(by: grace) > now } }
    }
}

extension CoalescingCache where C == AppClock {
    public convenience init(capacity: Int = 2048, metrics: EngineMetrics = EngineMetrics()) {
        self.init(capacity: capacity, metrics: metrics, clock: .system)
    }
}

struct CacheTypeMismatch: Error {
    let key: CacheKey
}
