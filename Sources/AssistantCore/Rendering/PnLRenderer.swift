import MarketEngine
import TelegramBotAPI

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `PnLReport` → Telegram HTML.
enum PnLRenderer {
    static func render(_ report: PnLReport, in language: Language) -> String {
        let say = language.phrases
        let period = report.period.rawValue
        var lines = [report.period == .today ? say.pnlToday : say.pnlPeriod.filled(["period": period])]
        for exchange in Exchange.allCases {
            guard let entry = report.exchanges[exchange] else { continue }
            if let line = AccountFormatting.missing(exchange, entry, in: language) {
                lines.append(line)
                continue
            }
            guard let pnl = entry.value else { continue }
            var parts = [say.pnlRealised.filled(["amount": AccountFormatting.signedUSD(pnl.realized)])]
            if let funding = pnl.funding {
                parts.append(say.pnlFunding.filled(["amount": AccountFormatting.signedUSD(funding)]))
            }
            if let commissions = pnl.commissions {
                parts.append(say.pnlFees.filled(["amount": AccountFormatting.signedUSD(commissions)]))
            }
            if pnl.funding == nil { parts.append(say.pnlFeesIncluded) }
            parts.append(say.pnlUnrealised.filled(["amount": AccountFormatting.signedUSD(pnl.unrealized)]))
            lines.append("<b>\(exchange.displayName)</b> " + parts.joined(separator: " · "))
        }
        lines.append(say.pnlTotal.filled(["amount": AccountFormatting.signedUSD(report.total)]))
        if let change = report.equityChange { lines.append(equity(change, period: period, say)) }
        // Said once for all: every exchange's history (Binance income, Bybit closed PnL, OKX
        // bills, Bitget, Gate and MEXC positions) is of the USDT perpetuals.
        lines.append(say.pnlFootnote)
        return lines.joined(separator: "\n")
    }

    static func equity(_ change: PnLReport.EquityChange, period: String, _ say: Phrasebook) -> String {
        guard let before = change.before, let after = change.after else {
            guard let first = change.firstDay else {
                return say.pnlEquityPending.filled(["period": period, "day": change.startDay])
            }
            return say.pnlEquityPendingFirst.filled(["period": period, "day": change.startDay, "first": first])
        }
        let percent = before > 0 ? (after - before) / before * 100 : 0
        return say.pnlEquity.filled([
            "before": AccountFormatting.usd(before), "day": change.startDay, "after": AccountFormatting.usd(after),
            "change": AccountFormatting.signedUSD(after - before), "percent": AccountFormatting.percent(percent),
        ])
    }
}
