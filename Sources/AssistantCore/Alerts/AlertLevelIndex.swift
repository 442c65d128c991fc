/// The alerts a pushed tick can fire, by what they watch: price and funding levels sorted so
/// that the ones a value has reached are at the end of their list (a tick costs a binary
/// search's worth of comparisons plus one per alert fired, however many alerts there are),
/// and the `move` alerts of each key, checked against its history. Disarmed repeating level
/// alerts wait in the opposite lists for the tick that takes the reading back across their
/// level. Open interest, liquidation and position alerts are not in it: passes read them.
struct AlertLevelIndex: Sendable {
    /// Per key and direction, the alerts waiting for a value at or past their level (armed,
    /// to fire) or strictly back across it (disarmed, to re-arm), ordered so that what a
    /// value reaches is at the end.
    private var rising: [AlertReadings.Key: [Entry]] = [:]
    private var falling: [AlertReadings.Key: [Entry]] = [:]
    private(set) var changes: [AlertReadings.Key: [Alert]] = [:]

    /// An alert in a level list: fired when reached, or re-armed when passed.
    struct Entry: Sendable {
        var alert: Alert
        var level: Double
        /// Re-arms (strictly past the level) rather than fires (at or past it).
        var rearms: Bool

        func isReached(by value: Double, rising: Bool) -> Bool {
            if rising { return rearms ? value > level : value >= level }
            return rearms ? value < level : value <= level
        }
    }

    init(_ alerts: [Alert] = []) {
        for alert in alerts { add(alert) }
        for key in rising.keys { rising[key]!.sort(by: Self.risingOrder) }
        for key in falling.keys { falling[key]!.sort(by: Self.fallingOrder) }
    }

    /// A rising value reaches the lowest levels first: highest first, lowest last.
    /// At one level, alerts that fire sit after those that re-arm: a value at the level fires
    /// them without passing a re-arm it does not reach.
    private static func risingOrder(_ a: Entry, _ b: Entry) -> Bool {
        a.level != b.level ? a.level > b.level : a.rearms && !b.rearms
    }
    private static func fallingOrder(_ a: Entry, _ b: Entry) -> Bool {
        a.level != b.level ? a.level < b.level : a.rearms && !b.rearms
    }

    private mutating func add(_ alert: Alert) {
        switch alert.condition.quantity {
        case .spotPrice, .fundingRate: break
        // Sums over exchanges and the accounts' positions come in no tick.
        case .openInterest, .liquidations, .positionLiquidation, .positionPnl, .positionFunding: return
        }
        guard let (key, entry, up) = Self.place(alert) else {
            changes[AlertReadings.key(of: alert), default: []].append(alert)
            return
        }
        if up { rising[key, default: []].append(entry) } else { falling[key, default: []].append(entry) }
    }

    /// Where a level alert goes: its key, its entry, and whether it waits for a rising value
    /// (an armed `above` alert, or a disarmed `below` one waiting to re-arm); nil for `move`.
    private static func place(_ alert: Alert) -> (AlertReadings.Key, Entry, rising: Bool)? {
        guard case .level(let direction, let level) = alert.condition.test else { return nil }
        let entry = Entry(alert: alert, level: level, rearms: !alert.armed)
        return (AlertReadings.key(of: alert), entry, (direction == .above) == alert.armed)
    }

    /// Adds one alert where its order puts it (an alert a tick re-armed).
    mutating func insert(_ alert: Alert) {
        guard alert.condition.quantity == .spotPrice || alert.condition.quantity == .fundingRate,
            let (key, entry, up) = Self.place(alert)
        else { return }
        let order = up ? Self.risingOrder : Self.fallingOrder
        var list = (up ? rising[key] : falling[key]) ?? []
        list.insert(entry, at: list.firstIndex { !order($0, entry) } ?? list.count)
        if up { rising[key] = list } else { falling[key] = list }
    }

    var count: Int {
        rising.values.reduce(0) { $0 + $1.count } + falling.values.reduce(0) { $0 + $1.count }
            + changes.values.reduce(0) { $0 + $1.count }
    }

    /// Removes and returns the level alerts of `key` that `value` has reached: those it fires
    /// and those it re-arms.
    mutating func reached(_ key: AlertReadings.Key, _ value: Double) -> (firing: [Alert], rearming: [Alert]) {
        var firing: [Alert] = []
        var rearming: [Alert] = []
        while let last = rising[key]?.last, last.isReached(by: value, rising: true) {
            rising[key]!.removeLast()
            if last.rearms { rearming.append(last.alert) } else { firing.append(last.alert) }
        }
        while let last = falling[key]?.last, last.isReached(by: value, rising: false) {
            falling[key]!.removeLast()
            if last.rearms { rearming.append(last.alert) } else { firing.append(last.alert) }
        }
        return (firing, rearming)
    }

    mutating func removeChange(_ id: Int64, _ key: AlertReadings.Key) {
        changes[key]?.removeAll { $0.id == id }
    }
}
