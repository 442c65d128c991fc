/// A TTL cache that also merges identical in-flight loads: 100 concurrent requests for a
/// cold key cause one upstream call, and all 100 get its result. Failures are not cached
/// (the rate-limit guard keeps retries polite). Bounded: beyond `capacity` entries the ones
/// closest to expiry go first.
public actor CoalescingCache {
    private struct Entry {
        let value: any Sendable
        let expires: ContinuousClock.Instant
    }

    private var entries: [String: Entry] = [:]
    private var inFlight: [String: Task<any Sendable, any Error>] = [:]
    private let capacity: Int
    private let metrics: EngineMetrics
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(capacity: Int = 2048, metrics: EngineMetrics = EngineMetrics()) {
        self.capacity = capacity
        self.metrics = metrics
    }

    public func value<Value: Sendable>(
        _ key: String, ttl: Duration, load: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let now = ContinuousClock.now
        if let entry = entries[key], entry.expires > now, let value = entry.value as? Value {
            hits += 1
            metrics.cache(.hit)
            return value
        }
        misses += 1
        let task: Task<any Sendable, any Error>
        if let running = inFlight[key] {
            task = running
            metrics.cache(.coalesced)
        } else {
            task = Task { try await load() }
            inFlight[key] = task
            metrics.cache(.miss)
        }
        do {
            let value = try await task.value
            finish(key, task: task, value: value, ttl: ttl)
            guard let typed = value as? Value else { throw CacheTypeMismatch(key: key) }
            return typed
        } catch {
            if inFlight[key] == task { inFlight[key] = nil }
            throw error
        }
    }

    private func finish(_ key: String, task: Task<any Sendable, any Error>, value: any Sendable, ttl: Duration) {
        guard inFlight[key] == task else { return }  // another waiter already stored it
        inFlight[key] = nil
        entries[key] = Entry(value: value, expires: ContinuousClock.now + ttl)
        if entries.count > capacity { evict() }
    }

    private func evict() {
        let now = ContinuousClock.now
        entries = entries.filter { $0.value.expires > now }
        while entries.count > capacity, let oldest = entries.min(by: { $0.value.expires < $1.value.expires }) {
            entries[oldest.key] = nil
        }
    }

    public var count: Int { entries.count }

    /// Drops expired entries (the janitor calls this periodically).
    public func purgeExpired() {
        let now = ContinuousClock.now
        entries = entries.filter { $0.value.expires > now }
    }
}

struct CacheTypeMismatch: Error {
    let key: String
}
