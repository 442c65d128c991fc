/// The alerts a pushed tick can fire, by what they watch: price and funding levels sorted so
/// that the ones a value has reached are at the end of their list (a tick costs a binary
/// search's worth of comparisons plus one per alert fired, however many alerts there are),
/// and the `move` alerts of each key, checked against its history. Open interest and
/// liquidation alerts are not in it.
struct AlertLevelIndex: Sendable {
    /// Per key, `above` levels highest first and `below` levels lowest first: a rising
    /// value reaches the last `above` levels, a falling one the last `below` ones.
    private var above: [AlertReadings.Key: [Alert]] = [:]
    private var below: [AlertReadings.Key: [Alert]] = [:]
    private(set) var changes: [AlertReadings.Key: [Alert]] = [:]

    init(_ alerts: [Alert] = []) {
        for alert in alerts {
            // Liquidation sums come in no tick: passes read them.
            if alert.condition.quantity == .liquidations { continue }
            let key = AlertReadings.key(of: alert)
            switch alert.condition.test {
            case .level(.above, _): above[key, default: []].append(alert)
            case .level(.below, _): below[key, default: []].append(alert)
            case .change:
                // Open interest sums every exchange: passes read it, ticks do not.
                if alert.condition.quantity != .openInterest { changes[key, default: []].append(alert) }
            }
        }
        for key in above.keys { above[key]!.sort { $0.level > $1.level } }
        for key in below.keys { below[key]!.sort { $0.level < $1.level } }
    }

    var count: Int {
        above.values.reduce(0) { $0 + $1.count } + below.values.reduce(0) { $0 + $1.count }
            + changes.values.reduce(0) { $0 + $1.count }
    }

    /// Removes and returns the level alerts of `key` that `value` has reached.
    mutating func reached(_ key: AlertReadings.Key, _ value: Double) -> [Alert] {
        var fired: [Alert] = []
        while let last = above[key]?.last, value >= last.level {
            fired.append(above[key]!.removeLast())
        }
        while let last = below[key]?.last, value <= last.level {
            fired.append(below[key]!.removeLast())
        }
        return fired
    }

    mutating func removeChange(_ id: Int64, _ key: AlertReadings.Key) {
        changes[key]?.removeAll { $0.id == id }
    }
}

extension Alert {
    /// The level of a price or funding alert (0 for others, which are never in a level list).
    fileprivate var level: Double {
        if case .level(_, let level) = condition.test { return level }
        return 0
    }
}
