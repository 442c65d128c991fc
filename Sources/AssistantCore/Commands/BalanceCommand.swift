import MarketEngine
import TelegramBotAPI

/// `/balance`: per configured exchange, assets above the dust threshold with their USDT
/// value, the futures wallet, unrealised PnL, margin and available balance; total equity.
public struct BalanceCommand: ReportCommand {
    public let descriptor = CommandCatalog.balance
    let service: AccountService
    let history: (any EquityHistory)?

    public init(service: AccountService, history: (any EquityHistory)? = nil) {
        self.service = service
        self.history = history
    }

    public var isSlow: Bool { true }

    func report(_ invocation: CommandInvocation) async throws -> BalanceReport {
        let balances = await service.balances()
        await history?.record(balances, now: UTCClock.nowMilliseconds())
        return BalanceReport(balances, dustUSD: service.dustUSD)
    }

    func render(_ report: BalanceReport) -> Reply { Reply(html: BalanceRenderer.render(report)) }
}
