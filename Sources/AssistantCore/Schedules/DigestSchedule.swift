import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// When a chat's daily digest goes out (`/digest 08:00 Europe/Berlin`): one row per chat in
/// `Stores.digests`, which also says the last local day one was posted for — the claim that
/// makes it once a day across restarts and leaders (`claim`, in the store's `modify`).
public struct DigestSchedule: Sendable, Codable, Equatable {
    /// Minutes after local midnight.
    public var minuteOfDay: Int
    /// An IANA zone name (`ZoneRules.named`).
    public var zone: String
    /// The exchange its table is read on, and the language it is written in: the chat's when
    /// it was set.
    public var exchange: Exchange
    public var language: Language
    /// The local day (`2026-03-29`) of the last digest posted.
    public var lastDay: String?

    /// A digest due while the process was down goes out when it is back within this long.
    public static let catchUpSeconds: Int64 = 3600

    public init(minuteOfDay: Int, zone: String, exchange: Exchange, language: Language, lastDay: String? = nil) {
        self.minuteOfDay = minuteOfDay
        self.zone = zone
        self.exchange = exchange
        self.language = language
        self.lastDay = lastDay
    }

    /// The local day whose digest is due at `now` (seconds since 1970): its minute has come
    /// less than `catchUpSeconds` ago and it was not posted. Yesterday's counts too (a 23:50
    /// digest caught up after midnight). In a day whose clocks skip the minute (DST), it is
    /// due when the clocks have passed it; in one that repeats it, at the first.
    public func dueDay(at now: Int64, rules: ZoneRules) -> LocalDate? {
        let today = rules.local(at: now).date
        for day in [today.previous, today] {
            let due = rules.instant(on: day, minuteOfDay: minuteOfDay)
            guard now >= due, now - due < Self.catchUpSeconds else { continue }
            if let lastDay, lastDay >= day.description { continue }
            return day
        }
        return nil
    }

    /// The last day whose minute had passed at `now`: set when a schedule is made, so that
    /// `/digest 08:00` at 08:20 sends its first digest tomorrow, not at once.
    public static func lastDayPassed(_ minuteOfDay: Int, at now: Int64, rules: ZoneRules) -> String {
        let today = rules.local(at: now).date
        return (rules.instant(on: today, minuteOfDay: minuteOfDay) <= now ? today : today.previous).description
    }

    public var payload: [UInt8] { (try? Array(JSONEncoder().encode(self))) ?? [] }

    public init?(payload: [UInt8]) {
        guard let schedule = try? JSONDecoder().decode(Self.self, from: Data(payload)) else { return nil }
        self = schedule
    }

    /// The row after posting `day`'s digest; nil when that day (or a later one) is posted.
    static func claim(_ payload: [UInt8], day: LocalDate) -> [UInt8]? {
        guard var schedule = DigestSchedule(payload: payload) else { return nil }
        if let lastDay = schedule.lastDay, lastDay >= day.description { return nil }
        schedule.lastDay = day.description
        return schedule.payload
    }

    /// `08:00`.
    public var timeText: String { Self.clockText(minuteOfDay) }

    /// `07:05` for 425.
    public static func clockText(_ minuteOfDay: Int) -> String {
        let hours = minuteOfDay / 60
        let minutes = minuteOfDay % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }

    /// Minutes after midnight of `08:00`, `8:00`, `23:59`; nil for anything else.
    public static func minuteOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]), (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }
}
