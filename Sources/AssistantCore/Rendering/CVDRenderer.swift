import MarketEngine
import TelegramBotAPI

/// `CVDReport` → Telegram HTML.
enum CVDRenderer {
    static func render(_ report: CVDReport) -> String {
        var lines = ["<b>\(HTML.escape(report.pair)) CVD</b> · \(report.exchange.displayName)"]
        var sources: Set<String> = []
        for (market, reading) in [(Market.spot, report.spot), (.perp, report.perp)] {
            guard let reading else {
                let failure = report.failures[market].map(FailureRenderer.line) ?? "no data"
                lines.append("\(market.label): ⚠️ \(failure)")
                continue
            }
            sources.insert(words(reading.source, exchange: report.exchange))
            var line =
                "\(market.label) CVD \(signed(reading.delta)) \(HTML.escape(reading.base)) · price \(NumberFormat.percent(reading.priceChangePercent))"
            if let last = reading.lastBarDelta { line += " · last bar \(signed(last))" }
            line +=
                reading.divergesFromPrice
                ? " · ⚠️ <b>diverges from price</b>" : (reading.delta >= 0 ? " · buyers lead" : " · sellers lead")
            lines.append(line)
        }
        lines.append("<i>" + HTML.escape(sources.sorted().joined(separator: "; ")) + "</i>")
        return lines.joined(separator: "\n")
    }

    static func words(_ source: CVDReport.Source, exchange: Exchange) -> String {
        switch source.kind {
        case .klines:
            "\(exchange.displayName): taker-buy volume of the last \(source.count) \(source.interval?.rawValue ?? "") bars"
        case .trades:
            "\(exchange.displayName): the last \(source.count) trades since \(UTCClock.timeOfDay(epochSeconds: (source.since ?? 0) / 1000)) UTC (no taker split in its candles)"
        }
    }

    static func signed(_ value: Double) -> String {
        (value >= 0 ? "+" : "-") + NumberFormat.price(abs(value))
    }
}
