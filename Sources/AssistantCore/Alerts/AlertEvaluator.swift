import MarketEngine

/// Decides which alerts fire: reads each value they need once (alerts that watch the same
/// thing share one reading, and readings go through the engine's cache, so the requests
/// per evaluation do not grow with the number of alerts), keeps the history `move` and
/// `oi` alerts compare with, and checks every alert against it.
public actor AlertEvaluator {
    let readings: AlertReadings
    private var histories: [AlertReadings.Key: AlertHistory] = [:]
    /// The alerts a tick can fire, as the last pass left them.
    private var index = AlertLevelIndex()
    /// Ticks record a key's history at most this often: a day's window in under
    /// `AlertHistory.maximumCount` samples.
    static let tickRecordingInterval: Int64 = 10_000

    public init(readings: AlertReadings) {
        self.readings = readings
    }

    /// What a pass or a tick found: the alerts that fire, and the repeating ones whose reading
    /// went back across their level (to be re-armed in the store).
    public struct Outcome: Sendable {
        public var fired: [(chatID: Int64, alert: FiredAlert)] = []
        public var rearmed: [Alert] = []
    }

    /// The alerts that fire at `now` (milliseconds since 1970), with the value that met
    /// each, and those it re-arms. An alert whose value could not be read this time is left
    /// for the next pass; one that may not fire now (its cooldown, a snooze) is not checked.
    public func evaluate(_ alerts: [Alert], now: Int64) async -> Outcome {
        let keys = Set(alerts.map(AlertReadings.key(of:)))
        let values = await readings.values(keys)
        // Only `move` and `oi` compare with earlier readings; other histories are dropped.
        let windowed = Set(alerts.filter { $0.condition.comparesHistory }.map(AlertReadings.key(of:)))
        histories = histories.filter { windowed.contains($0.key) }
        var outcome = Outcome()
        var done = Set<Int64>()
        let nearest = alerts.contains { $0.condition.quantity.isPosition } ? await readings.nearestPosition() : nil
        for alert in alerts {
            let key = AlertReadings.key(of: alert)
            guard let value = values[key] else { continue }
            if alert.rearms(at: value) {
                outcome.rearmed.append(alert)
                continue
            }
            guard alert.mayFire(at: now), let met = check(alert, value: value, history: histories[key], now: now)
            else { continue }
            done.insert(alert.id)
            outcome.fired.append(
                (
                    alert.chatID,
                    FiredAlert(
                        alert, value: value, change: met.change, firedAt: now,
                        position: alert.condition.quantity.isPosition ? nearest : nil)
                ))
        }
        for (key, value) in values where windowed.contains(key) {
            histories[key, default: AlertHistory()].record(value, at: now)
        }
        index = AlertLevelIndex(alerts.filter { !done.contains($0.id) })
        return outcome
    }

    /// Builds the tick index from `alerts` as a pass would (tests).
    func rebuild(_ alerts: [Alert]) {
        index = AlertLevelIndex(alerts)
    }

    /// Alerts in the tick index (tests, metrics).
    public var indexed: Int { index.count }

    /// What a pushed `value` of `key` does at `now`: the level alerts it reached and the
    /// `move` windows it completes fire (each from a tick once; the next pass rebuilds the
    /// index from the store), and disarmed repeating alerts it is back across re-arm. An
    /// alert reached while its cooldown or a snooze holds it is left to the passes.
    public func tick(_ key: AlertReadings.Key, _ value: Double, now: Int64) -> Outcome {
        let reached = index.reached(key, value)
        var outcome = Outcome()
        for alert in reached.firing where alert.mayFire(at: now) {
            outcome.fired.append((alert.chatID, FiredAlert(alert, value: value, change: nil, firedAt: now)))
        }
        outcome.rearmed = reached.rearming
        for alert in reached.rearming {
            var armed = alert
            armed.armed = true
            index.insert(armed)
        }
        guard let changing = index.changes[key], !changing.isEmpty else { return outcome }
        let history = histories[key] ?? AlertHistory()
        // Alerts over the same span (and, made within it, from the same first reading) share
        // one change: one scan of the history per span a tick, not one per alert (40 `move`
        // alerts on a symbol ticking 10 times a second were 400 scans a second).
        struct Span: Hashable {
            var since: Int64
            var first: Int64?
            var firstValue: Double?
        }
        var changes: [Span: Double] = [:]
        for alert in changing where alert.mayFire(at: now) {
            guard case .change(let percent, let window) = alert.condition.test else { continue }
            let origin = alert.changeOrigin
            let since = max(now - window * 1000, origin.time)
            let inside = origin.time >= since
            let span = Span(since: since, first: inside ? origin.time : nil, firstValue: inside ? origin.value : nil)
            let change = changes[span] ?? history.largestChange(to: value, since: since, first: origin)
            changes[span] = change
            guard abs(change) >= percent else { continue }
            index.removeChange(alert.id, key)
            outcome.fired.append((alert.chatID, FiredAlert(alert, value: value, change: change, firedAt: now)))
        }
        if now - (history.samples.last?.time ?? 0) >= Self.tickRecordingInterval {
            histories[key, default: AlertHistory()].record(value, at: now)
        }
        return outcome
    }

    /// A met condition: for `move` and `oi`, the change that met it.
    struct Met {
        var change: Double?
    }

    /// Whether `alert` fires at `value` now; nil when not.
    func check(_ alert: Alert, value: Double, history: AlertHistory?, now: Int64) -> Met? {
        switch alert.condition.test {
        case .level(let direction, let level):
            return direction.holds(value, level) ? Met() : nil
        case .change(let percent, let window):
            let origin = alert.changeOrigin
            let since = max(now - window * 1000, origin.time)
            let change = (history ?? AlertHistory()).largestChange(to: value, since: since, first: origin)
            return abs(change) >= percent ? Met(change: change) : nil
        }
    }
}

extension FiredAlert {
    init(_ alert: Alert, value: Double, change: Double?, firedAt: Int64, position: PositionWatch.Reading.Nearest? = nil)
    {
        self.init(
            alertID: alert.id, base: alert.base, exchange: alert.exchange, condition: alert.condition, value: value,
            change: change, firedAt: firedAt, language: alert.language, repeatSeconds: alert.repeatSeconds,
            position: position)
    }
}

extension AlertCondition {
    /// Whether the alert compares with earlier readings (a liquidation alert has a window but
    /// sums it in one reading).
    var comparesHistory: Bool {
        if case .change = test { return true }
        return false
    }
}
