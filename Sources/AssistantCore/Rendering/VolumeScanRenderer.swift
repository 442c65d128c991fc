import MarketEngine
import TelegramBotAPI

/// `VolumeScanReport` → Telegram HTML.
enum VolumeScanRenderer {
    static func render(_ report: VolumeScanReport, in language: Language) -> String {
        let say = language.phrases
        var lines = [
            say.volumeScanTitle.filled([
                "threshold": NumberFormat.fixed(report.threshold, 1), "count": "\(report.scanned)",
                "exchange": report.exchange.displayName, "interval": report.interval.rawValue,
            ])
        ]
        for (index, hit) in report.hits.prefix(20).enumerated() {
            let change = say.priceChange.filled(["change": NumberFormat.percent(hit.spike.priceChangePercent)])
            lines.append(
                "\(index + 1). <b>\(HTML.escape(hit.base))</b> \(NumberFormat.fixed(hit.spike.ratioToMean, 1))× · \(NumberFormat.compactUSD(hit.spike.quoteVolume)) · \(change)"
            )
        }
        if report.hits.isEmpty { lines.append(say.volumeScanNone) }
        if report.failed > 0 {
            lines.append(
                say.volumeScanFailed.filled(["exchange": report.exchange.displayName, "count": "\(report.failed)"]))
        }
        return lines.joined(separator: "\n")
    }
}
