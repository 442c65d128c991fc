import MarketEngine
import TelegramBotAPI

/// `/balance`: per configured exchange, assets above the dust threshold with their USDT
/// value, the futures wallet, unrealised PnL, margin and available balance; total equity.
public struct BalanceCommand: ReportCommand {
    public let descriptor = CommandCatalog.balance
    let service: AccountService
    /// Handed the fresh balances, as a snapshot of today's equity.
    let snapshots: EquitySnapshotter?

    public init(service: AccountService, snapshots: EquitySnapshotter? = nil) {
        self.service = service
        self.snapshots = snapshots
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> BalanceReport {
        let balances = await service.balances()
        await snapshots?.record(balances, now: service.clock.wallMilliseconds)
        return BalanceReport(balances, dustUSD: service.dustUSD)
    }

    func render(_ report: BalanceReport, in language: Language) -> Reply {
        Reply(html: BalanceRenderer.render(report, in: language))
    }
}
