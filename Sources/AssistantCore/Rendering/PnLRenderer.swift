import MarketEngine
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `PnLReport` → Telegram HTML.
enum PnLRenderer {
    static func render(_ report: PnLReport) -> String {
        let period = report.period.rawValue
        var lines = ["<b>PnL \(report.period == .today ? "today (UTC)" : "last \(period)")</b>"]
        for exchange in Exchange.allCases {
            guard let entry = report.exchanges[exchange] else { continue }
            if let line = AccountFormatting.missing(exchange, entry) {
                lines.append(line)
                continue
            }
            guard let pnl = entry.value else { continue }
            var parts = ["realised \(AccountFormatting.signedUSD(pnl.realized))"]
            if let funding = pnl.funding { parts.append("funding \(AccountFormatting.signedUSD(funding))") }
            if let commissions = pnl.commissions { parts.append("fees \(AccountFormatting.signedUSD(commissions))") }
            if pnl.funding == nil { parts.append("(fees and funding included)") }
            parts.append("unrealised \(AccountFormatting.signedUSD(pnl.unrealized))")
            lines.append("<b>\(exchange.displayName)</b> " + parts.joined(separator: " · "))
        }
        lines.append("<b>Total</b> \(AccountFormatting.signedUSD(report.total))")
        if let change = report.equityChange { lines.append(equity(change, period: period)) }
        // Said once for all: every exchange's history (Binance income, Bybit closed PnL, OKX
        // bills, Bitget, Gate and MEXC positions) is of the USDT perpetuals.
        lines.append(
            "<i>Realised, funding and fees come from the USDT-perpetual accounts; no exchange keeps PnL for spot trades.</i>"
        )
        return lines.joined(separator: "\n")
    }

    static func equity(_ change: PnLReport.EquityChange, period: String) -> String {
        guard let before = change.before, let after = change.after else {
            return
                "<i>Equity change over \(period): available once daily snapshots reach back to \(change.startDay)"
                + (change.firstDay.map { " (the first is from \($0))" } ?? "") + ".</i>"
        }
        let percent = before > 0 ? (after - before) / before * 100 : 0
        return
            "<b>Equity</b> \(AccountFormatting.usd(before)) on \(change.startDay) → \(AccountFormatting.usd(after)) now (\(AccountFormatting.signedUSD(after - before)), \(AccountFormatting.percent(percent)))"
    }
}
