import MarketEngine
import TelegramBotAPI

/// `BalanceReport` → Telegram HTML.
enum BalanceRenderer {
    static func render(_ report: BalanceReport) -> String {
        var lines = ["<b>Balances</b>"]
        for exchange in Exchange.allCases {
            guard let entry = report.exchanges[exchange] else { continue }
            if let line = AccountFormatting.missing(exchange, entry) {
                lines.append(line)
                continue
            }
            guard let account = entry.value else { continue }
            lines.append("<b>\(exchange.displayName)</b> · equity \(AccountFormatting.usd(account.totalEquity))")
            for asset in account.assets.prefix(15) {
                let value = asset.usdValue.map { " (\(AccountFormatting.usd($0)))" } ?? ""
                lines.append("  \(HTML.escape(asset.asset)) \(AccountFormatting.amount(asset.total))\(value)")
            }
            lines.append(
                "  futures wallet \(AccountFormatting.usd(account.walletBalance)) · uPnL \(AccountFormatting.signedUSD(account.unrealizedPnl)) · margin \(AccountFormatting.usd(account.marginBalance)) · available \(AccountFormatting.usd(account.availableBalance))"
            )
        }
        lines.append("<b>Total equity</b> \(AccountFormatting.usd(report.totalEquity))")
        lines.append("<i>assets under \(AccountFormatting.usd(report.dustUSD)) hidden</i>")
        return lines.joined(separator: "\n")
    }
}
