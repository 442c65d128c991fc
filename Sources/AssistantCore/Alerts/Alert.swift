import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One alert of one chat: a condition on a base asset (quoted in USDT) on one exchange, or
/// for open interest on all of them, or on the positions of the server's own accounts.
/// One-shot alerts are removed when they fire; repeating ones (`repeatSeconds`) stay and
/// keep what their next firing depends on (`Alert+Repeat.swift`).
public struct Alert: Sendable, Equatable {
    /// The store's id: what `/alerts` shows and `/alert delete ID` takes.
    public var id: Int64
    public var chatID: Int64
    /// The base asset as the exchange lists it (`BTC`).
    public var base: String
    /// The exchange whose price or funding is watched; nil for open interest (all of them).
    public var exchange: Exchange?
    public var condition: AlertCondition
    /// Milliseconds since 1970 when it was made.
    public var createdAt: Int64
    /// The reading when it was made.
    public var valueAtCreation: Double
    /// What its message is written in: the language of the chat or person who made it.
    public var language: Language
    /// Who set it (in groups, they and the admins may delete it); nil for alerts set
    /// before this was kept.
    public var createdBy: Int64?
    /// The cooldown of a repeating alert, in seconds; nil for a one-shot alert.
    public var repeatSeconds: Int64?
    /// Milliseconds since 1970 after which it is gone (`for 7d`); nil: never.
    public var expiresAt: Int64?
    /// When a repeating alert last fired (milliseconds since 1970), and the reading then.
    public var lastFiredAt: Int64?
    public var lastValue: Double?
    /// False once a repeating level alert has fired, until the reading goes back across
    /// its level: no repeat while the price hovers past it.
    public var armed: Bool
    /// No firing before then (milliseconds since 1970): the "snooze" buttons.
    public var snoozedUntil: Int64?

    public init(
        id: Int64 = 0, chatID: Int64, base: String, exchange: Exchange?, condition: AlertCondition, createdAt: Int64,
        valueAtCreation: Double, language: Language = .english, createdBy: Int64? = nil, repeatSeconds: Int64? = nil,
        expiresAt: Int64? = nil, lastFiredAt: Int64? = nil, lastValue: Double? = nil, armed: Bool = true,
        snoozedUntil: Int64? = nil
    ) {
        self.createdBy = createdBy
        self.repeatSeconds = repeatSeconds
        self.expiresAt = expiresAt
        self.lastFiredAt = lastFiredAt
        self.lastValue = lastValue
        self.armed = armed
        self.snoozedUntil = snoozedUntil
        self.id = id
        self.chatID = chatID
        self.base = base
        self.exchange = exchange
        self.condition = condition
        self.createdAt = createdAt
        self.valueAtCreation = valueAtCreation
        self.language = language
    }

    /// What the store keeps of it (the id and the chat are the record's own).
    struct Stored: Codable {
        var base: String
        var exchange: Exchange?
        var condition: AlertCondition
        var createdAt: Int64
        var valueAtCreation: Double
        /// Absent in rows written before alerts had a language: English.
        var language: Language?
        var createdBy: Int64?
        // Absent in one-shot alerts and in rows written before alerts could repeat.
        var repeatSeconds: Int64?
        var expiresAt: Int64?
        var lastFiredAt: Int64?
        var lastValue: Double?
        var disarmed: Bool?
        var snoozedUntil: Int64?
    }

    public var payload: [UInt8] {
        let stored = Stored(
            base: base, exchange: exchange, condition: condition, createdAt: createdAt,
            valueAtCreation: valueAtCreation, language: language, createdBy: createdBy, repeatSeconds: repeatSeconds,
            expiresAt: expiresAt, lastFiredAt: lastFiredAt, lastValue: lastValue, disarmed: armed ? nil : true,
            snoozedUntil: snoozedUntil)
        return (try? Array(JSONEncoder().encode(stored))) ?? []
    }

    /// The alert a store's row holds; nil for a row this version cannot read.
    public init?(record: ChatRecord) {
        self.init(payload: record.payload, id: record.id, chatID: record.chatID)
    }

    /// The alert a payload holds, with the row's id and chat.
    public init?(payload: [UInt8], id: Int64, chatID: Int64) {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(payload)) else { return nil }
        self.init(
            id: id, chatID: chatID, base: stored.base, exchange: stored.exchange,
            condition: stored.condition, createdAt: stored.createdAt, valueAtCreation: stored.valueAtCreation,
            language: stored.language ?? .english, createdBy: stored.createdBy, repeatSeconds: stored.repeatSeconds,
            expiresAt: stored.expiresAt, lastFiredAt: stored.lastFiredAt, lastValue: stored.lastValue,
            armed: stored.disarmed != true, snoozedUntil: stored.snoozedUntil)
    }
}

/// An alert that fired: kept in the outbox (`Stores.firedAlerts`) from the moment it fires
/// until its message is sent, so that a crash between the two sends it after the restart.
public struct FiredAlert: Sendable, Equatable, Codable {
    /// The alert's id in `Stores.alerts` (removed when it fires).
    public var alertID: Int64
    public var base: String
    public var exchange: Exchange?
    public var condition: AlertCondition
    /// The reading when it fired: a price, a funding rate in percent, coins open.
    public var value: Double
    /// For `move` and `oi`: the change, in percent, that met the condition.
    public var change: Double?
    /// Milliseconds since 1970.
    public var firedAt: Int64
    /// The alert's language.
    public var language: Language
    /// A repeating alert's cooldown: it stays, and its message offers snooze buttons.
    public var repeatSeconds: Int64?
    /// For position alerts: the position nearest its liquidation.
    public var position: PositionWatch.Reading.Nearest?

    public init(
        alertID: Int64, base: String, exchange: Exchange?, condition: AlertCondition, value: Double,
        change: Double? = nil, firedAt: Int64, language: Language = .english, repeatSeconds: Int64? = nil,
        position: PositionWatch.Reading.Nearest? = nil
    ) {
        self.repeatSeconds = repeatSeconds
        self.position = position
        self.alertID = alertID
        self.base = base
        self.exchange = exchange
        self.condition = condition
        self.value = value
        self.change = change
        self.firedAt = firedAt
        self.language = language
    }

    private enum CodingKeys: String, CodingKey {
        case alertID, base, exchange, condition, value, change, firedAt, language, repeatSeconds, position
    }

    /// Rows journaled before alerts had a language are English.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        alertID = try container.decode(Int64.self, forKey: .alertID)
        base = try container.decode(String.self, forKey: .base)
        exchange = try container.decodeIfPresent(Exchange.self, forKey: .exchange)
        condition = try container.decode(AlertCondition.self, forKey: .condition)
        value = try container.decode(Double.self, forKey: .value)
        change = try container.decodeIfPresent(Double.self, forKey: .change)
        firedAt = try container.decode(Int64.self, forKey: .firedAt)
        language = try container.decodeIfPresent(Language.self, forKey: .language) ?? .english
        repeatSeconds = try container.decodeIfPresent(Int64.self, forKey: .repeatSeconds)
        position = try container.decodeIfPresent(PositionWatch.Reading.Nearest.self, forKey: .position)
    }

    public var repeats: Bool { repeatSeconds != nil }

    public var payload: [UInt8] { (try? Array(JSONEncoder().encode(self))) ?? [] }

    public init?(payload: [UInt8]) {
        guard let fired = try? JSONDecoder().decode(Self.self, from: Data(payload)) else { return nil }
        self = fired
    }
}
