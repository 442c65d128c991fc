import MarketEngine
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `/pnl [today|7d|30d]`: realised PnL, funding and commissions over the period, and the
/// current unrealised PnL, per exchange and in total.
public struct PnLCommand: ReportCommand {
    public let descriptor = CommandCatalog.pnl
    let service: AccountService
    /// The equity history for `7d`/`30d`, and where today's fresh balances are handed.
    let snapshots: EquitySnapshotter?

    public init(service: AccountService, snapshots: EquitySnapshotter? = nil) {
        self.service = service
        self.snapshots = snapshots
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> PnLReport {
        let period = try CommandGrammar.period(invocation.arguments.first)
        var report = await PnLReport.make(service: service, period: period, now: service.clock.wallMilliseconds)
        if period != .today, let snapshots {
            report.equityChange = await equityChange(snapshots, since: report.since)
        }
        return report
    }

    func render(_ report: PnLReport, in language: Language) -> Reply {
        Reply(html: PnLRenderer.render(report, in: language))
    }

    /// Equity now against the snapshot of the period's first day, when one exists.
    private func equityChange(_ snapshots: EquitySnapshotter, since: Int64) async -> PnLReport.EquityChange {
        let balances = await service.balances()
        await snapshots.record(balances, now: service.clock.wallMilliseconds)
        let history = snapshots.store
        let start = EquityDay.of(milliseconds: since)
        guard let then = try? await history.equity(on: start), !then.isEmpty else {
            let first = (try? await history.firstDay()).flatMap { $0 }
            return PnLReport.EquityChange(startDay: start, before: nil, after: nil, firstDay: first)
        }
        var before: Decimal = 0
        var after: Decimal = 0
        for (exchange, outcome) in balances {
            guard case .value(let balance) = outcome, let old = then[exchange] else { continue }
            before += old
            after += balance.totalEquity
        }
        return PnLReport.EquityChange(startDay: start, before: before, after: after, firstDay: nil)
    }
}
