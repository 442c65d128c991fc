import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Daily total-equity snapshots per exchange (the SQLite store keeps them), so `/pnl 7d`
/// can show how equity moved over the period.
public protocol EquityHistory: Sendable {
    /// Stores (or replaces) the equity of `exchange` on `day` (`YYYY-MM-DD`, UTC).
    func record(day: String, exchange: Exchange, equity: Decimal) async throws
    /// The snapshots of one day.
    func equity(on day: String) async throws -> [Exchange: Decimal]
    /// The first day with any snapshot.
    func firstDay() async throws -> String?
}

extension EquityHistory {
    /// Records today's equity of every exchange that answered.
    public func record(_ balances: [(Exchange, AccountService.Outcome<AccountBalance>)], now: Int64) async {
        let day = EquityDay.of(milliseconds: now)
        for (exchange, outcome) in balances {
            if case .value(let balance) = outcome {
                try? await record(day: day, exchange: exchange, equity: balance.totalEquity)
            }
        }
    }
}

public enum EquityDay {
    /// `YYYY-MM-DD` (UTC).
    public static func of(milliseconds: Int64) -> String {
        String(RequestSigner.isoTimestamp(milliseconds: milliseconds).prefix(10))
    }
}
