import MarketEngine
import TelegramBotAPI

/// `CVDReport` → Telegram HTML.
enum CVDRenderer {
    static func render(_ report: CVDReport, in language: Language) -> String {
        let say = language.phrases
        var lines = [say.cvdTitle.filled(["pair": HTML.escape(report.pair), "exchange": report.exchange.displayName])]
        var sources: Set<String> = []
        for (market, reading) in [(Market.spot, report.spot), (.perp, report.perp)] {
            guard let reading else {
                let failure = report.failures[market].map { FailureRenderer.line($0, in: language) } ?? say.noData
                lines.append("\(say.label(market)): ⚠️ \(failure)")
                continue
            }
            sources.insert(words(reading.source, exchange: report.exchange, say))
            var parts = [
                say.cvdLine.filled([
                    "market": say.label(market), "delta": signed(reading.delta), "base": HTML.escape(reading.base),
                    "change": NumberFormat.percent(reading.priceChangePercent),
                ])
            ]
            if let last = reading.lastBarDelta { parts.append(say.cvdLastBar.filled(["delta": signed(last)])) }
            parts.append(
                reading.divergesFromPrice ? say.cvdDiverges : (reading.delta >= 0 ? say.buyersLead : say.sellersLead))
            lines.append(parts.joined(separator: " · "))
        }
        lines.append("<i>" + HTML.escape(sources.sorted().joined(separator: "; ")) + "</i>")
        return lines.joined(separator: "\n")
    }

    static func words(_ source: CVDReport.Source, exchange: Exchange, _ say: Phrasebook) -> String {
        switch source.kind {
        case .klines:
            say.cvdSourceCandles.filled([
                "exchange": exchange.displayName, "count": "\(source.count)",
                "interval": source.interval?.rawValue ?? "",
            ])
        case .trades:
            say.cvdSourceTrades.filled([
                "exchange": exchange.displayName, "count": "\(source.count)",
                "time": NumberFormat.timeOfDay(milliseconds: source.since ?? 0),
            ])
        }
    }

    static func signed(_ value: Double) -> String {
        (value >= 0 ? "+" : "-") + NumberFormat.price(abs(value))
    }
}
