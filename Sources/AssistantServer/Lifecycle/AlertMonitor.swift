import AssistantCore
import CoreMetrics
import Logging
import MarketEngine
import ServiceLifecycle
import Synchronization
import TelegramBotAPI

/// One evaluation of every alert and the delivery of what fired: what the alert service
/// runs each `ALERT_CHECK_INTERVAL_S`, and what tests run on their own clock.
///
/// Delivery is per chat (`AlertOutbox.deliver`): what Telegram answers for one chat holds
/// only that chat.
/// - 429: the chat waits `retry_after`; 5xx or no answer: it backs off; its messages wait.
/// - 403 (blocked, removed): the chat's alerts pause (`AlertPauses`), kept armed, until it
///   writes again; what fired waits.
/// - `migrate_to_chat_id` (the group became a supergroup): its alerts and settings move to
///   the new chat, and the message is sent there.
/// - 400 (the chat is gone): dropped after `refusalsBeforeDrop` tries, and logged.
/// - 401/404 (the token is refused): nothing is sent or lost; the outbox waits and
///   `/readyz` says why.
///
/// A chat's quiet hours (`Stores.quietHours`) send its alerts without sound (`silent`) or
/// keep them in the outbox until they end and send them as one message (`hold`). Each pass
/// also drops alerts past their `for` lifetime, re-arms repeating ones whose reading went
/// back across their level and posts the daily digests that are due (`DigestPoster`).
public final class AlertMonitor: Sendable {
    let stores: Stores
    let evaluator: AlertEvaluator
    let outbox: AlertOutbox
    let sink: any ReplySink
    let pauses: AlertPauses
    let logger: Logger
    /// Tries of a message Telegram refuses (400) before it is dropped.
    static let refusalsBeforeDrop = 3
    /// How long each of a pass's two deliveries may go on starting messages: what is left
    /// is sent between passes, until the next is due, and the alerts are evaluated at their
    /// interval meanwhile (a backlog of thousands of messages at Telegram's 30 a second held
    /// every evaluation back for minutes).
    let deliveryBudget: Duration
    private let chats = Mutex(ChatHolds())
    /// The engine's streams: the alerts' instruments are subscribed and their ticks evaluated.
    let streams: MarketStreams?
    let readings: AlertReadings
    /// Rings when a tick fired something: the run loop delivers at once.
    private let wake = WakeSignal()
    /// The last delivery ran out of time with messages left: the run loop goes on sending
    /// between passes (10,000 digests at one minute went at half Telegram's pace when only
    /// the passes sent).
    private let backlog = Mutex(false)
    let digests: DigestPoster
    let log: AlertLog

    /// What the monitor remembers between passes about chats that could not be sent to.
    struct ChatHolds {
        /// No message to the chat before then (flood control, back-off).
        var notBefore: [Int64: AppClock.Instant] = [:]
        /// Failed tries in a row, for the back-off.
        var failures: [Int64: Int] = [:]
        /// Refusals per message (chat, alert).
        var refusals: [String: Int] = [:]
        /// Groups that became supergroups.
        var migrated: [Int64: Int64] = [:]
    }
    /// Passes, their timings and the readings' "now" are on it.
    let clock: AppClock
    private let duration: Timer
    private let watched: Gauge
    private let firedCount: Counter
    private let sentCount: Counter

    public init(
        stores: Stores, engine: MarketEngine, sink: any ReplySink, logger: Logger,
        pauses: AlertPauses? = nil, metrics: any MetricsFactory = NOOPMetricsHandler.instance, clock: AppClock,
        deliveryBudget: Duration = .seconds(15), positions: PositionWatch? = nil
    ) {
        self.digests = DigestPoster(stores: stores, engine: engine)
        self.log = AlertLog(store: stores.alertLog)
        self.deliveryBudget = deliveryBudget
        self.pauses = pauses ?? AlertPauses(store: stores.pausedChats, clock: clock, logger: logger)
        duration = Timer(label: "crypto_assistant_alert_pass_duration_seconds", dimensions: [], factory: metrics)
        watched = Gauge(label: "crypto_assistant_alerts", dimensions: [], factory: metrics)
        firedCount = Counter(label: "crypto_assistant_alerts_fired_total", dimensions: [], factory: metrics)
        sentCount = Counter(label: "crypto_assistant_alert_messages_sent_total", dimensions: [], factory: metrics)
        self.stores = stores
        self.streams = engine.streams
        self.readings = AlertReadings(engine: engine, positions: positions)
        self.evaluator = AlertEvaluator(readings: readings)
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
        public var expired = 0
        public var rearmed = 0
        public var digests = 0
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
            let paused = try await pauses.refresh()
            result.sent += try await deliver(skipping: paused)
            let now = clock.wallMilliseconds
            var alerts: [Alert] = []
            for alert in try await stores.alerts.allRecords().compactMap(Alert.init(record:))
            where !paused.contains(alert.chatID) {
                if alert.hasExpired(at: now) {
                    if try await stores.alerts.remove(id: alert.id, chatID: alert.chatID) { result.expired += 1 }
                } else {
                    alerts.append(alert)
                }
            }
            result.evaluated = alerts.count
            if let streams {
                let keys = Set(alerts.map(AlertReadings.key(of:)))
                streams.follow(
                    alerts: await readings.instruments(keys), liquidations: await readings.liquidationInstruments(keys))
            }
            let outcome = await evaluator.evaluate(alerts, now: clock.wallMilliseconds)
            try await outbox.rearm(outcome.rearmed)
            result.rearmed = outcome.rearmed.count
            result.fired = try await outbox.fire(outcome.fired)
            result.digests = try await digests.postDue(skipping: paused)
            if result.fired > 0 || result.digests > 0 { result.sent += try await deliver(skipping: paused) }
        } catch {
            logger.warning("alert pass failed; the next pass tries again", metadata: ["error": "\(error)"])
        }
        return result
    }

    private func deliver(skipping paused: Set<Int64>, until end: AppClock.Instant? = nil) async throws -> Int {
        let now = clock.now
        let held = chats.withLock { holds in
            holds.notBefore = holds.notBefore.filter { $0.value > now }  // holds that ran out go
            return holds.notBefore.keys
        }
        // Quiet hours: `hold` chats wait while quiet and get what waited as one message
        // after; `silent` chats get their alerts without sound while quiet.
        var quietNow: Set<Int64> = []
        var holding: Set<Int64> = []
        for record in try await stores.quietHours.allRecords() {
            guard let hours = QuietHours(payload: record.payload) else { continue }
            if hours.contains(clock.wallSeconds) { quietNow.insert(record.chatID) }
            if hours.mode == .hold { holding.insert(record.chatID) }
        }
        let skipped = paused.union(held).union(holding.intersection(quietNow))
        let (clock, until) = (clock, end ?? now.advanced(by: deliveryBudget))
        let (silent, collected) = (quietNow.subtracting(holding), holding)
        // No message is started once shutdown begins: what is left stays journaled for the
        // next start, and a backlog does not hold the shutdown to its budget.
        let going: @Sendable () -> Bool = { clock.now < until && !Task.isShuttingDownGracefully }
        defer { backlog.withLock { $0 = clock.now >= until } }
        return try await outbox.deliver(
            skipping: { skipped.contains($0) }, collecting: { collected.contains($0) }, while: going
        ) { [self] chat, message, row in
            // With replicas, the leader claims the row by its epoch as it books the send.
            var fence = SendFence.current
            fence?.outboxRow = row
            return await SendFence.$current.withValue(fence) {
                await send(chat, message, silently: silent.contains(chat))
            }
        }
    }

    /// Runs a pass every `interval` until graceful shutdown or cancellation (the pipeline's
    /// background work, on the replica that leads alert evaluation); with streams, evaluates
    /// every tick of the alerts' instruments in between and delivers what they fire at once.
    /// A replica that stops leading stops streaming for alerts.
    public func run(every interval: Duration) async {
        // Unstructured so that the pass loop alone decides when the run ends; it inherits
        // the leader's send fence (a task-local) all the same.
        let ticking = streams.map { streams in
            Task {
                for await tick in streams.ticks() {
                    await self.handle(tick)
                }
            }
        }
        defer {
            ticking?.cancel()
            streams?.follow(alerts: [])
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await pass()
            let deadline = clock.now.advanced(by: interval)
            while clock.now < deadline, !Task.isCancelled, !Task.isShuttingDownGracefully {
                // Taken, not read: only a delivery that spends its time again sets it (one that
                // fails at once, the store being away, must not spin here).
                if backlog.withLock({ backlogged in
                    defer { backlogged = false }
                    return backlogged
                }) {
                    await deliverFired(until: deadline)
                    continue
                }
                guard await woken(before: deadline) else { continue }
                await deliverFired()
            }
        }
    }

    /// Waits for a wake or `deadline`; true when woken.
    private func woken(before deadline: AppClock.Instant) async -> Bool {
        let (clock, wake) = (clock, wake)
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await cancelWhenGracefulShutdown { try await clock.sleep(until: deadline) }
                return false
            }
            group.addTask {
                await wake.wait()
                return !Task.isCancelled
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Evaluates one pushed tick: the alerts on its instrument that it fires are journaled
    /// and claimed, and the run loop is woken to deliver them.
    public func handle(_ tick: MarketStreams.Tick) async {
        var firings: [(chatID: Int64, alert: FiredAlert)] = []
        var rearmed: [Alert] = []
        for (key, value) in AlertReadings.readings(of: tick) {
            let outcome = await evaluator.tick(key, value, now: clock.wallMilliseconds)
            firings += outcome.fired
            rearmed += outcome.rearmed
        }
        guard !firings.isEmpty || !rearmed.isEmpty else { return }
        do {
            try await outbox.rearm(rearmed)
            let fired = try await outbox.fire(firings)
            firedCount.increment(by: fired)
            if fired > 0 { wake.ring() }
        } catch {
            logger.warning(
                "alerts fired by a tick not journaled; the next pass evaluates them", metadata: ["error": "\(error)"])
        }
    }

    /// Delivers what ticks fired, or what a pass left (the run loop, when woken or while a
    /// backlog lasts, until `end`; tests).
    @discardableResult
    public func deliverFired(until end: AppClock.Instant? = nil) async -> Int {
        do {
            let sent = try await deliver(skipping: try await pauses.refresh(), until: end)
            sentCount.increment(by: sent)
            return sent
        } catch {
            logger.warning("alert delivery failed; the next pass tries again", metadata: ["error": "\(error)"])
            return 0
        }
    }

    private func send(_ chatID: Int64, _ message: AlertOutbox.Message, silently: Bool) async -> AlertOutbox.Delivery {
        let reply: Reply
        // What refusals are counted against: the alert's id, a digest's day.
        let key: String
        switch message {
        case .alert(let alert):
            reply = AlertRenderer.fired(alert)
            key = "\(alert.alertID)"
        case .collected(let alerts):
            reply = AlertRenderer.collected(alerts)
            key = "\(alerts.first?.alertID ?? 0)+"
        case .digest(let digest):
            reply = DigestRenderer.render(digest)
            key = "digest:\(digest.day)"
        }
        let target = chats.withLock { $0.migrated[chatID] } ?? chatID
        // A digest longer than a message (30 coins and ten alerts can be) is cut at a line.
        let text = MessageSplitter.split(reply.html).first ?? reply.html
        let outcome = await sink.attempt(
            .sendMessage(
                SendMessage(
                    chatID: target, text: text, replyMarkup: reply.keyboard,
                    disableNotification: silently ? true : nil)))
        switch outcome {
        case .sent:
            chats.withLock { holds in
                holds.failures[chatID] = nil
                holds.notBefore[chatID] = nil
                holds.refusals["\(chatID):\(key)"] = nil
            }
            await logSent(message, chatID: chatID)
            return .sent
        case .later(let after):
            if Task.isCancelled { return .later }
            hold(chatID, for: after)
            return .later
        case .forbidden:
            do {
                try await pauses.pause(chatID)
                logger.notice("alerts paused: the bot may not write to the chat", metadata: ["chat": "\(chatID)"])
            } catch {
                hold(chatID, for: nil)
            }
            return .later
        case .migrated(let supergroup):
            guard supergroup != target else { return .refused }
            guard await migrate(chatID, to: supergroup) else {
                hold(chatID, for: nil)
                return .later
            }
            return await send(chatID, message, silently: silently)
        case .refused(let reason):
            let tries = chats.withLock { holds in
                let key = "\(chatID):\(key)"
                let tries = holds.refusals[key, default: 0] + 1
                holds.refusals[key] = tries < Self.refusalsBeforeDrop ? tries : nil
                return tries
            }
            guard tries >= Self.refusalsBeforeDrop else {
                hold(chatID, for: nil)
                return .later
            }
            logger.warning(
                "alert message refused by Telegram; dropped",
                metadata: ["chat": "\(chatID)", "alert": "\(key)", "reason": "\(reason)"])
            return .refused
        case .unauthorized:
            logger.error("the Bot API refuses the bot token: alerts wait in the outbox")
            return .stop
        case .fenced:
            // Another replica leads now (or claimed the row): it sends.
            return .later
        }
    }

    /// Keeps what was sent for the chat's next digest; a failure loses only that line of it.
    private func logSent(_ message: AlertOutbox.Message, chatID: Int64) async {
        let alerts: [FiredAlert]
        switch message {
        case .alert(let alert): alerts = [alert]
        case .collected(let collected): alerts = collected
        case .digest: return
        }
        do {
            for alert in alerts { try await log.record(alert, chatID: chatID) }
        } catch {
            logger.debug("sent alert not logged for the digest", metadata: ["error": "\(error)"])
        }
    }

    /// No message to `chatID` for `delay` (Telegram's `retry_after`), or a back-off that
    /// doubles with each failure in a row (from 5 s to 10 minutes).
    private func hold(_ chatID: Int64, for delay: Duration?) {
        let now = clock.now
        chats.withLock { holds in
            holds.failures[chatID, default: 0] += 1
            let wait =
                delay ?? Backoff.delay(attempt: holds.failures[chatID]!, initial: .seconds(5), maximum: .seconds(600))
            holds.notBefore[chatID] = now.advanced(by: wait)
        }
    }

    /// The group `chatID` became `supergroup`: its alerts, watchlist, digest, quiet hours and
    /// settings move there, and
    /// messages already fired follow through `migrated` — noted only once the move is done,
    /// so that a move that failed is made again at the next send's migrate answer.
    private func migrate(_ chatID: Int64, to supergroup: Int64) async -> Bool {
        do {
            // Alerts, and what the chat keeps with them: its watchlist, digest and quiet hours.
            for store in [stores.alerts, stores.watchlists, stores.digests, stores.quietHours] {
                for record in try await store.records(chatID: chatID) {
                    _ = try await store.add(chatID: supergroup, payload: record.payload, limit: Int.max)
                    _ = try await store.remove(id: record.id, chatID: chatID)
                }
            }
            let preferences = try await stores.preferences.preferences(for: chatID)
            if !preferences.isDefault {
                try await stores.preferences.setPreferences(preferences, for: supergroup)
                try await stores.preferences.setPreferences(ChatPreferences(), for: chatID)
            }
            chats.withLock { $0.migrated[chatID] = supergroup }
            logger.notice(
                "the group became a supergroup: its alerts and settings moved",
                metadata: ["chat": "\(chatID)", "supergroup": "\(supergroup)"])
            return true
        } catch {
            logger.warning(
                "moving a migrated group's alerts failed; tried again at its next message",
                metadata: ["error": "\(error)"])
            return false
        }
    }
}
