import MarketEngine

/// Decides which alerts fire: reads each value they need once (alerts that watch the same
/// thing share one reading, and readings go through the engine's cache, so the requests
/// per evaluation do not grow with the number of alerts), keeps the history `move` and
/// `oi` alerts compare with, and checks every alert against it.
public actor AlertEvaluator {
    let readings: AlertReadings
    private var histories: [AlertReadings.Key: AlertHistory] = [:]

    public init(readings: AlertReadings) {
        self.readings = readings
    }

    /// The alerts that fire at `now` (milliseconds since 1970), with the value that met
    /// each. An alert whose value could not be read this time is left for the next pass.
    public func evaluate(_ alerts: [Alert], now: Int64) async -> [FiredAlert] {
        let keys = Set(alerts.map(AlertReadings.key(of:)))
        let values = await readings.values(keys)
        // Only `move` and `oi` compare with earlier readings; other histories are dropped.
        let windowed = Set(alerts.filter { $0.condition.windowSeconds != nil }.map(AlertReadings.key(of:)))
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
