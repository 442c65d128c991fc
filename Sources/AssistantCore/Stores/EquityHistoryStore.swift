import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Daily total-equity snapshots per exchange, so `/pnl 7d` can show how equity moved over
/// the period. Written by `EquitySnapshotter` only.
public protocol EquityHistoryStore: Sendable {
    /// Stores (or replaces) the equity of `exchange` on `day` (`YYYY-MM-DD`, UTC).
    func record(day: String, exchange: Exchange, equity: Decimal) async throws
    /// The snapshots of one day.
    func equity(on day: String) async throws -> [Exchange: Decimal]
    /// The first day with any snapshot.
    func firstDay() async throws -> String?
}

public enum EquityDay {
    /// `YYYY-MM-DD` (UTC).
    public static func of(milliseconds: Int64) -> String {
        String(RequestSigner.isoTimestamp(milliseconds: milliseconds).prefix(10))
    }
}
