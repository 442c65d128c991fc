import CoreMetrics
import Synchronization

/// Upstream requests and cache results, counted through swift-metrics. The backend is the
/// factory's: Prometheus in the server, nothing (the default) in tests and `ask`.
public final class EngineMetrics: Sendable {
    public enum CacheResult: String, Sendable {
        /// Served from a fresh entry.
        case hit
        /// Loaded upstream by this request.
        case miss
        /// Joined a load already in flight for the same key.
        case coalesced
        /// Served an expired value: the exchange's budget was spent (or it banned us).
        case stale
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[String: Counter]>([:])
    private let gauges = Mutex<[String: Gauge]>([:])
    /// One counter per cache result, made up front (so each series is there from the
    /// start, at 0): a warm `/price` counts five hits, and building the label key for each
    /// (an array, two strings, a hashed string lookup) cost more than the cache lookups.
    private let hits: Counter
    private let misses: Counter
    private let coalesced: Counter
    private let stale: Counter

    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.factory = factory
        func cacheCounter(_ result: CacheResult) -> Counter {
            Counter(
                label: "crypto_assistant_cache_requests_total", dimensions: [("result", result.rawValue)],
                factory: factory)
        }
        hits = cacheCounter(.hit)
        misses = cacheCounter(.miss)
        coalesced = cacheCounter(.coalesced)
        stale = cacheCounter(.stale)
    }

    /// One HTTP request that left for an exchange; `status` is the HTTP code, or `timeout`
    /// or `error` when no answer came.
    func upstreamRequest(_ exchange: Exchange, status: String) {
        counter("crypto_assistant_upstream_requests_total", [("exchange", exchange.rawValue), ("status", status)])
            .increment()
    }

    /// A request that found its exchange's budget spent: `waited` for room, or `refused`
    /// (the wait would have been too long; the caller was told when to retry).
    func upstreamBudget(_ exchange: Exchange, outcome: String) {
        counter("crypto_assistant_upstream_budget_total", [("exchange", exchange.rawValue), ("outcome", outcome)])
            .increment()
    }

    func cache(_ result: CacheResult) {
        switch result {
        case .hit: hits.increment()
        case .miss: misses.increment()
        case .coalesced: coalesced.increment()
        case .stale: stale.increment()
        }
    }

    /// A frame read from a venue's stream.
    func streamMessage(_ venue: StreamVenue) {
        counter("crypto_assistant_stream_messages_total", [("venue", venue.rawValue)]).increment()
    }

    /// A stream connection lost (closed, silent, failed) and opened again.
    func streamReconnect(_ venue: StreamVenue) {
        counter("crypto_assistant_stream_reconnects_total", [("venue", venue.rawValue)]).increment()
    }

    /// Open connections of a venue, and seconds since its quietest open connection last said anything.
    func streamState(_ venue: StreamVenue, connected: Int, lastMessageAge: Double) {
        gauge("crypto_assistant_stream_connections", venue).record(connected)
        gauge("crypto_assistant_stream_last_message_age_seconds", venue).record(lastMessageAge)
    }

    private func gauge(_ label: String, _ venue: StreamVenue) -> Gauge {
        let key = label + "|" + venue.rawValue
        return gauges.withLock { gauges in
            if let existing = gauges[key] { return existing }
            let made = Gauge(label: label, dimensions: [("venue", venue.rawValue)], factory: factory)
            gauges[key] = made
            return made
        }
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        let key = label + dimensions.map { "|" + $0.1 }.joined()
        return counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = Counter(label: label, dimensions: dimensions, factory: factory)
            counters[key] = made
            return made
        }
    }
}
