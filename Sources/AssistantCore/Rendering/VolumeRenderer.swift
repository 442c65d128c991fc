import MarketEngine
import TelegramBotAPI

/// `VolumeReport` → Telegram HTML.
enum VolumeRenderer {
    static func render(_ report: VolumeReport, in language: Language) -> String {
        let say = language.phrases
        var lines = [
            say.volumeTitle.filled([
                "pair": HTML.escape(report.pair), "exchange": report.exchange.displayName,
                "interval": report.interval.rawValue,
            ])
        ]
        var barTime: Int64 = 0
        for (market, spike) in [(Market.spot, report.spot), (.perp, report.perp)] {
            let label = say.label(market)
            if let failure = report.failures[market] {
                lines.append("\(label): ⚠️ \(FailureRenderer.line(failure, in: language))")
            } else if let spike {
                barTime = spike.candleTime
                var parts = [
                    say.volumeLine.filled([
                        "market": label, "volume": NumberFormat.compactUSD(spike.quoteVolume),
                        "mean": NumberFormat.fixed(spike.ratioToMean, 2),
                        "median": NumberFormat.fixed(spike.ratioToMedian, 2),
                    ])
                ]
                if let z = spike.zScore { parts.append("z \(NumberFormat.fixed(z, 1))") }
                parts.append(say.priceChange.filled(["change": NumberFormat.percent(spike.priceChangePercent)]))
                if spike.isSpike(threshold: report.threshold) { parts.append(say.volumeSpike) }
                lines.append(parts.joined(separator: " · "))
            } else {
                lines.append(say.volumeNotEnoughBars.filled(["market": label]))
            }
        }
        lines.append(
            say.volumeFooter.filled([
                "time": NumberFormat.timeOfDay(milliseconds: barTime),
                "threshold": NumberFormat.fixed(report.threshold, 1),
            ]))
        return lines.joined(separator: "\n")
    }
}
