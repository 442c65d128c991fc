import CoreMetrics
import MarketEngine
import Prometheus

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The process's Prometheus registry: swift-metrics counters and timers from the pipeline
/// and the market engine land here through `factory`; gauges that describe a state
/// (memory, uptime, queue depth) are set when `/metrics` is read.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    public let factory: PrometheusMetricsFactory
    private let clock: AppClock
    private let startedAt: AppClock.Instant
    private let startTime: Double
    private let residentMemory: Prometheus.Gauge
    private let uptime: Prometheus.Gauge
    private let start: Prometheus.Gauge
    private let queueDepth: Prometheus.Gauge
    private let usedWeight: Prometheus.Gauge
    private let gateRemaining: Prometheus.Gauge

    public init(clock: AppClock = .system) {
        self.clock = clock
        startedAt = clock.now
        startTime = Double(clock.wallMilliseconds) / 1000
        var factory = PrometheusMetricsFactory(registry: registry)
        // Cached commands answer in well under a millisecond; the default buckets start at 5 ms.
        factory.durationHistogramBuckets[PipelineCounters.commandDurationLabel] = [
            .microseconds(250), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
            .milliseconds(250), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        let registry = self.registry
        func gauge(_ namespace: String, _ name: String, _ unit: String, _ help: String) -> Prometheus.Gauge {
            registry.makeGauge(
                descriptor: MetricNameDescriptor(namespace: namespace, metricName: name, unitName: unit, helpText: help)
            )
        }
        residentMemory = gauge("process", "resident_memory", "bytes", "Resident memory size in bytes.")
        start = gauge("process", "start_time", "seconds", "Start time of the process since the Unix epoch in seconds.")
        uptime = gauge("crypto_assistant", "uptime", "seconds", "Seconds since the process started.")
        queueDepth = gauge("crypto_assistant", "update_queue", "depth", "Updates accepted and not yet answered.")
        usedWeight = gauge(
            "crypto_assistant", "binance_used", "weight",
            "Binance request weight used in the current minute (X-MBX-USED-WEIGHT-1M), as last seen.")
        gateRemaining = gauge(
            "crypto_assistant", "gate_requests", "remaining",
            "Requests Gate allows in its current window (X-Gate-RateLimit-Requests-Remain), as last seen.")
    }

    /// The text exposition, with the state gauges brought up to date first.
    func exposition(queueDepth depth: Int, binanceUsedWeight: Int?, gateRequestsRemaining: Int? = nil) -> [UInt8] {
        residentMemory.set(Double(ProcessMemory.residentBytes()))
        start.set(startTime)
        uptime.set(clock.elapsed(since: startedAt).seconds)
        queueDepth.set(Double(depth))
        if let binanceUsedWeight { usedWeight.set(Double(binanceUsedWeight)) }
        if let gateRequestsRemaining { gateRemaining.set(Double(gateRequestsRemaining)) }
        return registry.emitToBuffer()
    }
}
