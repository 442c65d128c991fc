/// When an alert may fire, and what firing makes of it: the state machine of repeating
/// alerts (`/alert … every 1h`), plain values so that every rule is tested without a store.
///
/// A repeating alert fires, then waits for its cooldown; a level alert (price, funding,
/// liquidations, positions) also waits for the reading to go back across its level (it is
/// *disarmed* until then), so a price that hovers above a line does not repeat every hour; a
/// `move` or `oi` alert measures its next change from the firing, so only a new move fires
/// it. `for 7d` expires any alert; a snooze holds it back until a time.
extension Alert {
    /// Cooldowns `every` takes: a minute to a week.
    public static let cooldownRange: ClosedRange<Int64> = 60...604_800
    /// Lifetimes `for` takes: a minute to a year.
    public static let lifetimeRange: ClosedRange<Int64> = 60...31_536_000
    /// Snoozes: a minute to a week.
    public static let snoozeRange: ClosedRange<Int64> = 60...604_800

    public var repeats: Bool { repeatSeconds != nil }

    /// Whether it is past its `for` lifetime at `now` (milliseconds since 1970).
    public func hasExpired(at now: Int64) -> Bool {
        expiresAt.map { now >= $0 } ?? false
    }

    /// Whether it may fire at `now`: armed, not expired, nothing holding it back.
    public func mayFire(at now: Int64) -> Bool {
        armed && !hasExpired(at: now) && now >= resumesAt() ?? now
    }

    /// The time its cooldown or snooze lets it fire again (nil: nothing holds it back but its
    /// condition).
    public func resumesAt() -> Int64? {
        let cooldown = lastFiredAt.flatMap { last in repeatSeconds.map { last + $0 * 1000 } }
        let later = max(cooldown ?? 0, snoozedUntil ?? 0)
        return later > 0 ? later : nil
    }

    /// Whether `value` re-arms it: a disarmed level alert whose reading is back across its
    /// level (strictly: reaching it again is the next firing, not a re-arm).
    public func rearms(at value: Double) -> Bool {
        guard !armed, case .level(let direction, let level) = condition.test else { return false }
        return direction == .above ? value < level : value > level
    }

    /// The alert after a repeating firing at `now` with `value`.
    public func firing(_ value: Double, at now: Int64) -> Alert {
        var next = self
        next.lastFiredAt = now
        next.lastValue = value
        if case .level = condition.test { next.armed = false }
        return next
    }

    /// Where a `move` or `oi` change is measured from: its making, or its last firing.
    var changeOrigin: (time: Int64, value: Double) {
        guard let lastFiredAt else { return (createdAt, valueAtCreation) }
        return (lastFiredAt, lastValue ?? valueAtCreation)
    }
}

extension Alert {
    /// A repeating alert's claim of a firing, made in the store's `modify`: the stored alert
    /// after the firing, or nil when it may not fire now (another evaluator fired it first,
    /// it was deleted, disarmed or snoozed meanwhile).
    static func claim(_ payload: [UInt8], id: Int64, chatID: Int64, value: Double, at now: Int64) -> [UInt8]? {
        guard let stored = Alert(payload: payload, id: id, chatID: chatID), stored.mayFire(at: now) else { return nil }
        return stored.firing(value, at: now).payload
    }

    /// The firing applied again by delivery (a crash between journaling and claiming left it
    /// unapplied): nil when it, or a later one, is applied already.
    static func confirm(_ payload: [UInt8], id: Int64, chatID: Int64, value: Double, at firedAt: Int64) -> [UInt8]? {
        guard let stored = Alert(payload: payload, id: id, chatID: chatID), (stored.lastFiredAt ?? 0) < firedAt
        else { return nil }
        return stored.firing(value, at: firedAt).payload
    }

    /// The stored alert re-armed; nil when it is armed already.
    static func rearm(_ payload: [UInt8], id: Int64, chatID: Int64) -> [UInt8]? {
        guard var stored = Alert(payload: payload, id: id, chatID: chatID), !stored.armed else { return nil }
        stored.armed = true
        return stored.payload
    }

    /// The stored alert snoozed until `until`.
    static func snooze(_ payload: [UInt8], id: Int64, chatID: Int64, until: Int64) -> [UInt8]? {
        guard var stored = Alert(payload: payload, id: id, chatID: chatID) else { return nil }
        stored.snoozedUntil = until
        return stored.payload
    }
}
