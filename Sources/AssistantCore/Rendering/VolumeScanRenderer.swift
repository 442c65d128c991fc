import MarketEngine
import TelegramBotAPI

/// `VolumeScanReport` → Telegram HTML.
enum VolumeScanRenderer {
    static func render(_ report: VolumeScanReport) -> String {
        var lines = [
            "<b>Volume spikes ≥ \(NumberFormat.fixed(report.threshold, 1))×</b> · top \(report.scanned) \(report.exchange.displayName) perps · \(report.interval.rawValue)"
        ]
        for (index, hit) in report.hits.prefix(20).enumerated() {
            lines.append(
                "\(index + 1). <b>\(HTML.escape(hit.base))</b> \(NumberFormat.fixed(hit.spike.ratioToMean, 1))× · \(NumberFormat.compactUSD(hit.spike.quoteVolume)) · price \(NumberFormat.percent(hit.spike.priceChangePercent))"
            )
        }
        if report.hits.isEmpty { lines.append("No spikes on the last closed bar.") }
        if report.failed > 0 {
            lines.append("⚠️ \(report.failed) symbol(s) could not be read from \(report.exchange.displayName)")
        }
        return lines.joined(separator: "\n")
    }
}
