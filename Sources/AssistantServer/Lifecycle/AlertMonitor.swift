import AssistantCore
import CoreMetrics
import Logging
import MarketEngine
import ServiceLifecycle
import TelegramBotAPI

/// One evaluation of every alert and the delivery of what fired: what the alert service
/// runs each `ALERT_CHECK_INTERVAL_S`, and what tests run on their own clock.
public final class AlertMonitor: Sendable {
    let stores: Stores
    let evaluator: AlertEvaluator
    let outbox: AlertOutbox
    let sink: any ReplySink
    let logger: Logger
    /// Passes, their timings and the readings' "now" are on it.
    let clock: AppClock
    private let duration: Timer
    private let watched: Gauge
    private let firedCount: Counter
    private let sentCount: Counter

    public init(
        stores: Stores, engine: MarketEngine, sink: any ReplySink, logger: Logger,
        metrics: any MetricsFactory = NOOPMetricsHandler.instance, clock: AppClock
    ) {
        duration = Timer(label: "crypto_assistant_alert_pass_duration_seconds", dimensions: [], factory: metrics)
        watched = Gauge(label: "crypto_assistant_alerts", dimensions: [], factory: metrics)
        firedCount = Counter(label: "crypto_assistant_alerts_fired_total", dimensions: [], factory: metrics)
        sentCount = Counter(label: "crypto_assistant_alert_messages_sent_total", dimensions: [], factory: metrics)
        self.stores = stores
        self.evaluator = AlertEvaluator(readings: AlertReadings(engine: engine))
        self.outbox = AlertOutbox(alerts: stores.alerts, fired: stores.firedAlerts)
        self.sink = sink
        self.logger = logger
        self.clock = clock
    }

    /// What one pass did.
    public struct Pass: Sendable, Equatable {
        public var evaluated = 0
        public var fired = 0
        public var sent = 0
    }

    /// Delivers what an earlier pass (or a process that died) journaled, evaluates every
    /// alert, journals and claims those that fire, and delivers them.
    @discardableResult
    public func pass() async -> Pass {
        let started = clock.now
        var result = Pass()
        defer {
            duration.recordNanoseconds(clock.elapsed(since: started).wholeNanoseconds)
            watched.record(result.evaluated)
            firedCount.increment(by: result.fired)
            sentCount.increment(by: result.sent)
        }
        do {
            result.sent += try await outbox.deliver(send)
            let alerts = try await stores.alerts.allRecords().compactMap(Alert.init(record:))
            result.evaluated = alerts.count
            let byID = Dictionary(alerts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let fired = await evaluator.evaluate(alerts, now: clock.wallMilliseconds)
            result.fired = try await outbox.fire(
                fired.compactMap { alert in byID[alert.alertID].map { ($0.chatID, alert) } })
            if result.fired > 0 { result.sent += try await outbox.deliver(send) }
        } catch {
            logger.warning("alert pass failed; the next pass tries again", metadata: ["error": "\(error)"])
        }
        return result
    }

    /// Runs a pass every `interval` until graceful shutdown or cancellation (the pipeline's
    /// background work, on the replica that leads alert evaluation).
    public func run(every interval: Duration) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await pass()
            try? await cancelWhenGracefulShutdown { try await self.clock.sleep(for: interval) }
        }
    }

    @Sendable private func send(_ chatID: Int64, _ alert: FiredAlert) async -> AlertOutbox.Delivery {
        let reply = AlertRenderer.fired(alert)
        if await sink.deliver(.sendMessage(SendMessage(chatID: chatID, text: reply.html, replyMarkup: reply.keyboard)))
        {
            return .sent
        }
        if Task.isCancelled { return .later }
        logger.warning("alert message refused by Telegram; dropped", metadata: ["chat": "\(chatID)"])
        return .refused
    }
}
