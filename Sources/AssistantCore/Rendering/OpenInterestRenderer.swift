import MarketEngine
import TelegramBotAPI

/// `OpenInterestReport` → Telegram HTML.
enum OpenInterestRenderer {
    static func render(_ report: OpenInterestReport) -> String {
        let base = HTML.escape(report.base)
        var lines = ["<b>\(HTML.escape(report.pair)) open interest</b> (USDT perpetuals)"]
        for exchange in Exchange.allCases {
            if let venue = report.venues.first(where: { $0.exchange == exchange }) {
                // No history (Bitget, MEXC, or it failed to load): a dash, not a silent gap.
                let venueChanges = venue.changes.isEmpty ? " · —" : changes(venue.changes)
                lines.append(
                    "\(exchange.displayName) \(NumberFormat.price(venue.base)) \(base) · \(NumberFormat.compactUSD(venue.usd)) · \(NumberFormat.fixed(venue.sharePercent, 1))%\(venueChanges)"
                )
            } else if let failure = report.failures[exchange] {
                lines.append("\(exchange.displayName): ⚠️ \(FailureRenderer.line(failure))")
            }
        }
        lines.append(
            "<b>Total</b> \(NumberFormat.price(report.totalBase)) \(base) · \(NumberFormat.compactUSD(report.totalUSD))\(changes(report.totalChanges))"
        )
        if !report.totalChanges.isEmpty && report.totalChangesCover.count < report.venues.count {
            let names = report.totalChangesCover.map(\.displayName).joined(separator: ", ")
            lines.append("<i>total's changes over \(HTML.escape(names)), the venues with history</i>")
        }
        let horizons = Horizon.allCases.map { "\($0.hours)h" }.joined(separator: " / ")
        lines.append(
            "<i>changes in coin terms over \(horizons); data at \(NumberFormat.timeOfDay(milliseconds: report.time))</i>"
        )
        return lines.joined(separator: "\n")
    }

    static func changes(_ changes: [Horizon: Double]) -> String {
        let parts = Horizon.allCases.compactMap { horizon in
            changes[horizon].map { "\(horizon.hours)h \(NumberFormat.percent($0))" }
        }
        return parts.isEmpty ? "" : " · " + parts.joined(separator: " · ")
    }
}
