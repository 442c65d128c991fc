import MarketEngine
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `/balance`: per configured exchange, assets above the dust threshold with their USDT
/// value, the futures wallet, unrealised PnL, margin and available balance; total equity.
public struct BalanceCommand: CommandHandler {
    public let descriptor = CommandCatalog.balance
    let service: AccountService
    let history: (any EquityHistory)?

    public init(service: AccountService, history: (any EquityHistory)? = nil) {
        self.service = service
        self.history = history
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        var lines = ["<b>Balances</b>"]
        var total: Decimal = 0
        let balances = await service.balances()
        await history?.record(balances, now: UTCClock.nowMilliseconds())
        for (exchange, outcome) in balances {
            if let line = AccountFormatting.missing(exchange, outcome) {
                lines.append(line)
                continue
            }
            guard case .value(let account) = outcome else { continue }
            total += account.totalEquity
            lines.append("<b>\(exchange.displayName)</b> · equity \(AccountFormatting.usd(account.totalEquity))")
            for asset in account.assets.prefix(15) {
                let value = asset.usdValue.map { " (\(AccountFormatting.usd($0)))" } ?? ""
                lines.append("  \(HTML.escape(asset.asset)) \(AccountFormatting.amount(asset.total))\(value)")
            }
            lines.append(
                "  futures wallet \(AccountFormatting.usd(account.walletBalance)) · uPnL \(AccountFormatting.signedUSD(account.unrealizedPnl)) · margin \(AccountFormatting.usd(account.marginBalance)) · available \(AccountFormatting.usd(account.availableBalance))"
            )
        }
        lines.append("<b>Total equity</b> \(AccountFormatting.usd(total))")
        lines.append("<i>assets under \(AccountFormatting.usd(service.dustUSD)) hidden</i>")
        return Reply(html: lines.joined(separator: "\n"))
    }
}
