import MarketEngine
import TelegramBotAPI

/// `BalanceReport` → Telegram HTML.
enum BalanceRenderer {
    static func render(_ report: BalanceReport, in language: Language) -> String {
        let say = language.phrases
        var lines = [say.balanceTitle]
        for exchange in Exchange.allCases {
            guard let entry = report.exchanges[exchange] else { continue }
            if let line = AccountFormatting.missing(exchange, entry, in: language) {
                lines.append(line)
                continue
            }
            guard let account = entry.value else { continue }
            lines.append(
                say.balanceEquity.filled([
                    "exchange": exchange.displayName, "equity": AccountFormatting.usd(account.totalEquity),
                ]))
            for asset in account.assets.prefix(15) {
                let value = asset.usdValue.map { " (\(AccountFormatting.usd($0)))" } ?? ""
                lines.append("  \(HTML.escape(asset.asset)) \(AccountFormatting.amount(asset.total))\(value)")
            }
            lines.append(
                "  "
                    + say.balanceFutures.filled([
                        "wallet": AccountFormatting.usd(account.walletBalance),
                        "pnl": AccountFormatting.signedUSD(account.unrealizedPnl),
                        "margin": AccountFormatting.usd(account.marginBalance),
                        "available": AccountFormatting.usd(account.availableBalance),
                    ]))
        }
        lines.append(say.balanceTotal.filled(["equity": AccountFormatting.usd(report.totalEquity)]))
        lines.append(say.balanceDust.filled(["amount": AccountFormatting.usd(report.dustUSD)]))
        return lines.joined(separator: "\n")
    }
}
