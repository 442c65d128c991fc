import MarketEngine
import TelegramBotAPI

/// `PositionsReport` → Telegram HTML: the positions first, then the exchanges that gave none.
enum PositionsRenderer {
    static func render(_ report: PositionsReport) -> String {
        var lines = ["<b>Open positions</b>"]
        var count = 0
        var problems: [String] = []
        for exchange in Exchange.allCases {
            guard let entry = report.exchanges[exchange] else { continue }
            if let line = AccountFormatting.missing(exchange, entry) {
                problems.append(line)
                continue
            }
            for position in entry.value ?? [] {
                count += 1
                let liquidation = position.liquidationPrice.map { " · liq \(AccountFormatting.amount($0))" } ?? ""
                lines.append(
                    "<b>\(exchange.displayName)</b> \(HTML.escape(position.symbol)) \(position.side == .long ? "🟢 long" : "🔴 short") \(AccountFormatting.amount(position.size)) · \(AccountFormatting.usd(position.notional)) · \(AccountFormatting.leverage(position.leverage))"
                )
                lines.append(
                    "  entry \(AccountFormatting.amount(position.entryPrice)) · mark \(AccountFormatting.amount(position.markPrice))\(liquidation) · uPnL \(AccountFormatting.signedUSD(position.unrealizedPnl)) (\(AccountFormatting.percent(position.roePercent)) ROE)"
                )
            }
        }
        if count == 0 { lines.append("No open positions.") }
        return (lines + problems).joined(separator: "\n")
    }
}
