import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One alert of one chat: a condition on a base asset (quoted in USDT) on one exchange, or
/// for open interest on all of them. One-shot: it is removed when it fires.
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

    public init(
        id: Int64 = 0, chatID: Int64, base: String, exchange: Exchange?, condition: AlertCondition, createdAt: Int64,
        valueAtCreation: Double, language: Language = .english, createdBy: Int64? = nil
    ) {
        self.createdBy = createdBy
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
    }

    public var payload: [UInt8] {
        let stored = Stored(
            base: base, exchange: exchange, condition: condition, createdAt: createdAt,
            valueAtCreation: valueAtCreation, language: language, createdBy: createdBy)
        return (try? Array(JSONEncoder().encode(stored))) ?? []
    }

    /// The alert a store's row holds; nil for a row this version cannot read.
    public init?(record: ChatRecord) {
        guard let stored = try? JSONDecoder().decode(Stored.self, from: Data(record.payload)) else { return nil }
        self.init(
            id: record.id, chatID: record.chatID, base: stored.base, exchange: stored.exchange,
            condition: stored.condition, createdAt: stored.createdAt, valueAtCreation: stored.valueAtCreation,
            language: stored.language ?? .english, createdBy: stored.createdBy)
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

    public init(
        alertID: Int64, base: String, exchange: Exchange?, condition: AlertCondition, value: Double,
        change: Double? = nil, firedAt: Int64, language: Language = .english
    ) {
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
        case alertID, base, exchange, condition, value, change, firedAt, language
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
    }

    public var payload: [UInt8] { (try? Array(JSONEncoder().encode(self))) ?? [] }

    public init?(payload: [UInt8]) {
        guard let fired = try? JSONDecoder().decode(Self.self, from: Data(payload)) else { return nil }
        self = fired
    }
}
