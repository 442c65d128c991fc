#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A chat's quiet hours (`/settings quiet 23:00-07:00 Europe/Berlin hold`): one row per chat
/// in `Stores.quietHours`. Alerts that fire in them arrive without sound (`silent`), or wait
/// and go as one message when they end (`hold`).
public struct QuietHours: Sendable, Codable, Equatable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case silent, hold
    }

    /// Minutes after local midnight; `start` after `end` spans midnight.
    public var start: Int
    public var end: Int
    /// An IANA zone name (`ZoneRules.named`).
    public var zone: String
    public var mode: Mode

    public init(start: Int, end: Int, zone: String, mode: Mode = .silent) {
        self.start = start
        self.end = end
        self.zone = zone
        self.mode = mode
    }

    /// Whether `now` (seconds since 1970) is inside them.
    public func contains(_ now: Int64, rules: ZoneRules) -> Bool {
        let minute = rules.local(at: now).minuteOfDay
        return start < end ? (start..<end).contains(minute) : minute >= start || minute < end
    }

    /// Whether `now` is inside them, in their own zone (UTC when the zone cannot be read).
    public func contains(_ now: Int64) -> Bool {
        contains(now, rules: ZoneRules.named(zone) ?? .utc)
    }

    public var payload: [UInt8] { (try? Array(JSONEncoder().encode(self))) ?? [] }

    public init?(payload: [UInt8]) {
        guard let quiet = try? JSONDecoder().decode(Self.self, from: Data(payload)) else { return nil }
        self = quiet
    }

    /// `23:00–07:00`.
    public var rangeText: String {
        DigestSchedule.clockText(start) + "–" + DigestSchedule.clockText(end)
    }
}
