import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `/pnl` as data: realised and unrealised results per exchange over the period, and (with
/// equity snapshots) how total equity moved since the period began.
public struct PnLReport: Sendable, Codable {
    /// Equity on the period's first day against now, over the exchanges that have both.
    public struct EquityChange: Sendable, Codable {
        /// `YYYY-MM-DD` (UTC) of the snapshot compared against.
        public var startDay: String
        /// Nil when no snapshot reaches back to `startDay`.
        public var before: Decimal?
        public var after: Decimal?
        /// The first snapshot's day, when `before` is nil and there is one.
        public var firstDay: String?
    }

    public var period: ReportPeriod
    /// Milliseconds since 1970 of the period's start.
    public var since: Int64
    public var exchanges: [Exchange: AccountEntry<PnLBreakdown>]
    public var equityChange: EquityChange?

    public init(
        period: ReportPeriod, since: Int64, _ results: [(Exchange, AccountService.Outcome<PnLBreakdown>)],
        equityChange: EquityChange? = nil
    ) {
        self.period = period
        self.since = since
        exchanges = accountEntries(results)
        self.equityChange = equityChange
    }

    public static func make(service: AccountService, period: ReportPeriod, now: Int64) async -> PnLReport {
        let since = period.since(now: now)
        return PnLReport(period: period, since: since, await service.pnl(since: since))
    }

    /// The sum over the exchanges that answered.
    public var total: Decimal {
        Exchange.allCases.reduce(0) { $0 + (exchanges[$1]?.value?.total ?? 0) }
    }
}
