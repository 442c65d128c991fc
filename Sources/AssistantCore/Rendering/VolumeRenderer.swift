import MarketEngine
import TelegramBotAPI

/// `VolumeReport` → Telegram HTML.
enum VolumeRenderer {
    static func render(_ report: VolumeReport) -> String {
        var lines = [
            "<b>\(HTML.escape(report.pair)) volume</b> · \(report.exchange.displayName) · \(report.interval.rawValue)"
        ]
        var barTime: Int64 = 0
        for (market, spike) in [(Market.spot, report.spot), (.perp, report.perp)] {
            let label = market.label
            if let failure = report.failures[market] {
                lines.append("\(label): ⚠️ \(FailureRenderer.line(failure))")
            } else if let spike {
                barTime = spike.candleTime
                let z = spike.zScore.map { " · z \(NumberFormat.fixed($0, 1))" } ?? ""
                let flag = spike.isSpike(threshold: report.threshold) ? " · 🔺 <b>spike</b>" : ""
                lines.append(
                    "\(label) \(NumberFormat.compactUSD(spike.quoteVolume)) · \(NumberFormat.fixed(spike.ratioToMean, 2))× mean · \(NumberFormat.fixed(spike.ratioToMedian, 2))× median\(z) · price \(NumberFormat.percent(spike.priceChangePercent))\(flag)"
                )
            } else {
                lines.append("\(label): not enough closed bars")
            }
        }
        lines.append(
            "<i>last closed bar opened \(NumberFormat.timeOfDay(milliseconds: barTime)); spike at ≥ \(NumberFormat.fixed(report.threshold, 1))× the mean of the previous 20</i>"
        )
        return lines.joined(separator: "\n")
    }
}
