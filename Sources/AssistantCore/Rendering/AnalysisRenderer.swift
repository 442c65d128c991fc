import MarketEngine
import TelegramBotAPI

/// `AnalysisReport` → Telegram HTML, with the signals worded as a short reading.
enum AnalysisRenderer {
    static func render(_ report: AnalysisReport) -> String {
        var lines = [
            "<b>\(HTML.escape(report.pair)) analysis</b> · \(report.exchange.displayName) · \(report.interval.rawValue)"
        ]
        if let trend = report.trend {
            let words =
                switch trend {
                case .up: "above all (uptrend)"
                case .down: "below all (downtrend)"
                case .mixed: "mixed"
                }
            let averages = [20, 50, 200].compactMap { period in
                report.ema[period].map { "EMA\(period) \(NumberFormat.price($0))" }
            }
            lines.append("Trend: price \(words) · " + averages.joined(separator: " · "))
        } else {
            lines.append("Trend: not enough bars")
        }
        if let rsi = report.rsi {
            let zone = rsi >= 70 ? "overbought" : rsi <= 30 ? "oversold" : "neutral"
            lines.append("Momentum: RSI 14 \(NumberFormat.fixed(rsi, 1)) (\(zone))")
        }
        if let position = report.rangePosition, let low = report.low24h, let high = report.high24h {
            lines.append(
                "24h range: \(NumberFormat.fixed(position, 0))% of low–high (\(NumberFormat.price(low))–\(NumberFormat.price(high)))"
            )
        }
        if let ratio = report.volumeRatio {
            lines.append("Volume: last bar \(NumberFormat.fixed(ratio, 2))× its 20-bar mean")
        }
        if let delta = report.cvdDelta { lines.append("CVD (24 bars): \(delta >= 0 ? "buyers lead" : "sellers lead")") }
        if let change = report.openInterestChange24h {
            lines.append("Open interest 24h: \(NumberFormat.percent(change))")
        } else if !report.hasOpenInterestHistory {
            lines.append("Open interest 24h: — (\(report.exchange.displayName) publishes no history)")
        }
        if let rate = report.fundingRate {
            var line =
                "Funding \(NumberFormat.percent(rate * 100, decimals: 4)) / \(NumberFormat.fixed(report.fundingIntervalHours ?? 8, 0))h"
            if let basis = report.basisPercent { line += " · basis \(NumberFormat.percent(basis, decimals: 3))" }
            lines.append(line)
        }
        let summary =
            report.signals.isEmpty
            ? "No strong signal." : report.signals.map(words).joined(separator: ", ").capitalizedFirst + "."
        lines.append("<b>Reading:</b> \(HTML.escape(summary)) <i>Data, not advice.</i>")
        lines.append("<i>data at \(NumberFormat.timeOfDay(milliseconds: report.time))</i>")
        return lines.joined(separator: "\n")
    }

    static func words(_ signal: AnalysisReport.Signal) -> String {
        switch signal {
        case .trendUp: "trend is up"
        case .trendDown: "trend is down"
        case .trendMixed: "trend is mixed"
        case .overbought: "RSI is overbought"
        case .oversold: "RSI is oversold"
        case .highVolume: "volume is unusually high"
        case .netBuyers: "takers are net buyers"
        case .netSellers: "takers are net sellers"
        case .openInterestBuilding: "open interest is building"
        case .openInterestUnwinding: "open interest is unwinding"
        case .highFunding: "longs pay a high funding rate"
        case .negativeFunding: "shorts pay funding"
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
