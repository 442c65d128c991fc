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

    /// The alerts that fire at `now` (milliseconds since 1970), with the value that met
    /// each. An alert whose value could not be read this time is left for the next pass.
    public func evaluate(_ alerts: [Alert], now: Int64) async -> [FiredAlert] {
        let keys = Set(alerts.map(AlertReadings.key(of:)))
        let values = await readings.values(keys)
        // Only `move` and `oi` compare with earlier readings; other histories are dropped.
        let windowed = Set(alerts.filter { $0.condition.comparesHistory }.map(AlertReadings.key(of:)))
        histories = histories.filter { windowed.contains($0.key) }
        var fired: [FiredAlert] = []
        for alert in alerts {
            let key = AlertReadings.key(of: alert)
            guard let value = values[key], let met = check(alert, value: value, history: histories[key], now: now)
            else { continue }
            fired.append(
                FiredAlert(
                    alertID: alert.id, base: alert.base, exchange: alert.exchange, condition: alert.condition,
                    value: value, change: met.change, firedAt: now, language: alert.language))
        }
        for (key, value) in values where windowed.contains(key) {
            histories[key, default: AlertHistory()].record(value, at: now)
        }
        let firedIDs = Set(fired.map(\.alertID))
        index = AlertLevelIndex(alerts.filter { !firedIDs.contains($0.id) })
        return fired
    }

    /// Builds the tick index from `alerts` as a pass would (tests).
    func rebuild(_ alerts: [Alert]) {
        index = AlertLevelIndex(alerts)
    }

    /// Alerts in the tick index (tests, metrics).
    public var indexed: Int { index.count }

    /// The alerts a pushed `value` of `key` fires at `now`, each with its chat: levels it
    /// reached and `move` windows it completes. Each alert fires from a tick once; the next
    /// pass rebuilds the index from the store (where fired alerts are gone).
    public func tick(_ key: AlertReadings.Key, _ value: Double, now: Int64) -> [(chatID: Int64, alert: FiredAlert)] {
        var fired = index.reached(key, value).map { alert in
            (alert.chatID, FiredAlert(alert, value: value, change: nil, firedAt: now))
        }
        guard let changing = index.changes[key], !changing.isEmpty else { return fired }
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
        for alert in changing {
            guard case .change(let percent, let window) = alert.condition.test else { continue }
            let since = max(now - window * 1000, alert.createdAt)
            let inside = alert.createdAt >= since
            let span = Span(
                since: since, first: inside ? alert.createdAt : nil, firstValue: inside ? alert.valueAtCreation : nil)
            let change =
                changes[span]
                ?? history.largestChange(to: value, since: since, first: (alert.createdAt, alert.valueAtCreation))
            changes[span] = change
            guard abs(change) >= percent else { continue }
            index.removeChange(alert.id, key)
            fired.append((alert.chatID, FiredAlert(alert, value: value, change: change, firedAt: now)))
        }
        if now - (history.samples.last?.time ?? 0) >= Self.tickRecordingInterval {
            histories[key, default: AlertHistory()].record(value, at: now)
        }
        return fired
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
            let since = max(now - window * 1000, alert.createdAt)
            let change = (history ?? AlertHistory()).largestChange(
                to: value, since: since, first: (alert.createdAt, alert.valueAtCreation))
            return abs(change) >= percent ? Met(change: change) : nil
        }
    }
}

extension FiredAlert {
    init(_ alert: Alert, value: Double, change: Double?, firedAt: Int64) {
        self.init(
            alertID: alert.id, base: alert.base, exchange: alert.exchange, condition: alert.condition, value: value,
            change: change, firedAt: firedAt, language: alert.language)
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
