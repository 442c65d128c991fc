import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One chat's daily digest as data: its watchlist (or the top 10 by volume when it watches
/// nothing) on its exchange, the day's biggest movers among them, and the alerts that fired
/// in the chat in the last 24 hours. Journaled in the outbox as it is (`outboxPayload`) and
/// rendered when sent, so that a crash between the two sends the same digest.
public struct DigestReport: Sendable, Codable, Equatable {
    /// The local day it is for (`2026-03-29`), and the zone of the chat's schedule.
    public var day: String
    public var zone: String
    public var exchange: Exchange
    /// True: the chat's watchlist; false: the top 10 by volume.
    public var watchlist: Bool
    public var rows: [MarketRow]
    public var fired: [FiredAlert]
    /// When the readings were taken, milliseconds since 1970.
    public var at: Int64
    public var language: Language

    /// Movers shown at most.
    public static let moversShown = 3
    /// Fired alerts listed at most (the count says the rest).
    public static let firedShown = 10

    public init(
        day: String, zone: String, exchange: Exchange, watchlist: Bool, rows: [MarketRow], fired: [FiredAlert],
        at: Int64, language: Language
    ) {
        self.day = day
        self.zone = zone
        self.exchange = exchange
        self.watchlist = watchlist
        self.rows = rows
        self.fired = fired
        self.at = at
        self.language = language
    }

    /// The rows that moved most over 24 h, either way.
    public var movers: [MarketRow] {
        Array(
            rows.filter { $0.changePercent != nil }.sorted { abs($0.changePercent!) > abs($1.changePercent!) }.prefix(
                Self.moversShown))
    }

    private struct Journaled: Codable {
        var digest: DigestReport
    }

    /// What the outbox keeps: `{"digest": …}`, which no fired alert's row reads as.
    public var outboxPayload: [UInt8] { (try? Array(JSONEncoder().encode(Journaled(digest: self)))) ?? [] }

    public init?(outboxPayload: [UInt8]) {
        guard let journaled = try? JSONDecoder().decode(Journaled.self, from: Data(outboxPayload)) else { return nil }
        self = journaled.digest
    }
}
