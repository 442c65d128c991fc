import MarketEngine
import TelegramBotAPI

/// `PositionsReport` → Telegram HTML: the positions first, then the exchanges that gave none.
enum PositionsRenderer {
    static func render(_ report: PositionsReport, in language: Language) -> String {
        let say = language.phrases
        var lines = [say.positionsTitle]
        var count = 0
        var problems: [String] = []
        for exchange in Exchange.allCases {
            guard let entry = report.exchanges[exchange] else { continue }
            if let line = AccountFormatting.missing(exchange, entry, in: language) {
                problems.append(line)
                continue
            }
            for position in entry.value ?? [] {
                count += 1
                let side = position.side == .long ? say.positionLong : say.positionShort
                lines.append(
                    "<b>\(exchange.displayName)</b> \(HTML.escape(position.symbol)) \(side) \(AccountFormatting.amount(position.size)) · \(AccountFormatting.usd(position.notional)) · \(AccountFormatting.leverage(position.leverage))"
                )
                let liquidation =
                    position.liquidationPrice.map {
                        say.positionLiquidation.filled(["price": AccountFormatting.amount($0)])
                    } ?? ""
                lines.append(
                    "  "
                        + say.positionDetails.filled([
                            "entry": AccountFormatting.amount(position.entryPrice),
                            "mark": AccountFormatting.amount(position.markPrice), "liquidation": liquidation,
                            "pnl": AccountFormatting.signedUSD(position.unrealizedPnl),
                            "roe": AccountFormatting.percent(position.roePercent),
                        ]))
            }
        }
        if count == 0 { lines.append(say.positionsNone) }
        return (lines + problems).joined(separator: "\n")
    }
}
