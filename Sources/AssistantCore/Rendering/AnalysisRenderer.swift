import MarketEngine
import TelegramBotAPI

/// `AnalysisReport` → Telegram HTML, with the signals worded as a short reading.
enum AnalysisRenderer {
    static func render(_ report: AnalysisReport, in language: Language) -> String {
        let say = language.phrases
        var lines = [
            say.analysisTitle.filled([
                "pair": HTML.escape(report.pair), "exchange": report.exchange.displayName,
                "interval": report.interval.rawValue,
            ])
        ]
        if let trend = report.trend {
            let words =
                switch trend {
                case .up: say.analysisTrendUp
                case .down: say.analysisTrendDown
                case .mixed: say.analysisTrendMixed
                }
            let averages = [20, 50, 200].compactMap { period in
                report.ema[period].map { "EMA\(period) \(NumberFormat.price($0))" }
            }
            lines.append(say.analysisTrend.filled(["trend": words, "averages": averages.joined(separator: " · ")]))
        } else {
            lines.append(say.analysisTrendShort)
        }
        if let rsi = report.rsi {
            let zone = rsi >= 70 ? say.rsiOverbought : rsi <= 30 ? say.rsiOversold : say.rsiNeutral
            lines.append(say.analysisMomentum.filled(["rsi": NumberFormat.fixed(rsi, 1), "zone": zone]))
        }
        if let position = report.rangePosition, let low = report.low24h, let high = report.high24h {
            lines.append(
                say.analysisRange.filled([
                    "position": NumberFormat.fixed(position, 0), "low": NumberFormat.price(low),
                    "high": NumberFormat.price(high),
                ]))
        }
        if let ratio = report.volumeRatio {
            lines.append(say.analysisVolume.filled(["ratio": NumberFormat.fixed(ratio, 2)]))
        }
        if let delta = report.cvdDelta {
            lines.append(say.analysisCVD.filled(["side": delta >= 0 ? say.buyersLead : say.sellersLead]))
        }
        if let change = report.openInterestChange24h {
            lines.append(say.analysisOpenInterest.filled(["change": NumberFormat.percent(change)]))
        } else if !report.hasOpenInterestHistory {
            lines.append(say.analysisOpenInterestNoHistory.filled(["exchange": report.exchange.displayName]))
        }
        if let rate = report.fundingRate {
            var line = say.analysisFunding.filled([
                "rate": NumberFormat.percent(rate * 100, decimals: 4),
                "hours": NumberFormat.fixed(report.fundingIntervalHours ?? 8, 0),
            ])
            if let basis = report.basisPercent {
                line += " · " + say.analysisBasis.filled(["basis": NumberFormat.percent(basis, decimals: 3)])
            }
            lines.append(line)
        }
        let summary =
            report.signals.isEmpty
            ? say.analysisNoSignal
            : say.analysisSignals.filled([
                "signals": report.signals.map { words($0, say) }.joined(separator: say.listSeparator).capitalizedFirst
            ])
        lines.append(say.analysisReading.filled(["summary": HTML.escape(summary)]))
        lines.append(say.dataAt(report.time))
        return lines.joined(separator: "\n")
    }

    static func words(_ signal: AnalysisReport.Signal, _ say: Phrasebook) -> String {
        switch signal {
        case .trendUp: say.signalTrendUp
        case .trendDown: say.signalTrendDown
        case .trendMixed: say.signalTrendMixed
        case .overbought: say.signalOverbought
        case .oversold: say.signalOversold
        case .highVolume: say.signalHighVolume
        case .netBuyers: say.signalNetBuyers
        case .netSellers: say.signalNetSellers
        case .openInterestBuilding: say.signalOpenInterestBuilding
        case .openInterestUnwinding: say.signalOpenInterestUnwinding
        case .highFunding: say.signalHighFunding
        case .negativeFunding: say.signalNegativeFunding
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
