import MarketEngine
import TelegramBotAPI

/// `OpenInterestReport` → Telegram HTML.
enum OpenInterestRenderer {
    static func render(_ report: OpenInterestReport, in language: Language) -> String {
        let say = language.phrases
        let base = HTML.escape(report.base)
        var lines = [say.openInterestTitle.filled(["pair": HTML.escape(report.pair)])]
        for exchange in Exchange.allCases {
            if let venue = report.venues.first(where: { $0.exchange == exchange }) {
                // No history (Bitget, MEXC, or it failed to load): a dash, not a silent gap.
                let venueChanges = venue.changes.isEmpty ? " · —" : changes(venue.changes)
                lines.append(
                    "\(exchange.displayName) \(NumberFormat.price(venue.base)) \(base) · \(NumberFormat.compactUSD(venue.usd)) · \(NumberFormat.fixed(venue.sharePercent, 1))%\(venueChanges)"
                )
            } else if let failure = report.failures[exchange] {
                lines.append("\(exchange.displayName): ⚠️ \(FailureRenderer.line(failure, in: language))")
            }
        }
        lines.append(
            say.openInterestTotal.filled([
                "coins": NumberFormat.price(report.totalBase), "base": base,
                "usd": NumberFormat.compactUSD(report.totalUSD),
            ]) + changes(report.totalChanges))
        if !report.totalChanges.isEmpty && report.totalChangesCover.count < report.venues.count {
            let names = report.totalChangesCover.map(\.displayName).joined(separator: say.listSeparator)
            lines.append(say.openInterestTotalCover.filled(["exchanges": HTML.escape(names)]))
        }
        lines.append(
            say.openInterestFooter.filled([
                "horizons": Horizon.allCases.map { "\($0.hours)h" }.joined(separator: " / "),
                "time": NumberFormat.timeOfDay(milliseconds: report.time),
            ]))
        return lines.joined(separator: "\n")
    }

    static func changes(_ changes: [Horizon: Double]) -> String {
        let parts = Horizon.allCases.compactMap { horizon in
            changes[horizon].map { "\(horizon.hours)h \(NumberFormat.percent($0))" }
        }
        return parts.isEmpty ? "" : " · " + parts.joined(separator: " · ")
    }
}
