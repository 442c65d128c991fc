/// The window of `/pnl`: today since 00:00 UTC, or the last 7 or 30 days.
public enum ReportPeriod: String, Sendable, Codable, CaseIterable {
    case today
    case sevenDays = "7d"
    case thirtyDays = "30d"

    /// The period's start in milliseconds since 1970.
    public func since(now: Int64) -> Int64 {
        switch self {
        case .today: now / 86_400_000 * 86_400_000
        case .sevenDays: now - 7 * 86_400_000
        case .thirtyDays: now - 30 * 86_400_000
        }
    }
}
