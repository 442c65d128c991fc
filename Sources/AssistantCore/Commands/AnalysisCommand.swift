import MarketEngine
import TelegramBotAPI

/// `/analysis SYMBOL [interval] [exchange]`: trend (EMA 20/50/200), momentum (RSI 14), 24 h
/// range position, volume against its average, CVD direction, OI change, funding and basis,
/// then a short plain-language reading of those signals. Not advice.
public struct AnalysisCommand: CommandHandler {
    public let descriptor = CommandCatalog.analysis
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation)
        guard let symbol = arguments.rest.first else { return Reply(html: "Usage: \(HTML.escape(descriptor.usage))") }
        guard let interval = arguments.interval(at: 1, default: .h4) else {
            return Reply(html: CommandArguments.intervalHelp)
        }
        do {
            let report = try await AnalysisReport.make(
                engine: engine, symbol: symbol, exchange: arguments.exchange, interval: interval)
            return Reply(html: Self.render(report))
        } catch {
            return Reply(html: failureLine(error))
        }
    }

    static func render(_ report: AnalysisReport) -> String {
        var lines = [
            "<b>\(HTML.escape(report.pair)) analysis</b> · \(report.exchange.displayName) · \(report.interval.rawValue)"
        ]
        if let trend = report.trend {
            let words = trend == "up" ? "above all (uptrend)" : trend == "down" ? "below all (downtrend)" : "mixed"
            let averages = ["20", "50", "200"].compactMap { period in
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
        }
        if let rate = report.fundingRate {
            var line =
                "Funding \(NumberFormat.percent(rate * 100, decimals: 4)) / \(NumberFormat.fixed(report.fundingIntervalHours ?? 8, 0))h"
            if let basis = report.basisPercent { line += " · basis \(NumberFormat.percent(basis, decimals: 3))" }
            lines.append(line)
        }
        let summary =
            report.reading.isEmpty ? "No strong signal." : report.reading.joined(separator: ", ").capitalizedFirst + "."
        lines.append("<b>Reading:</b> \(HTML.escape(summary)) <i>Data, not advice.</i>")
        lines.append("<i>data at \(NumberFormat.timeOfDay(milliseconds: report.time))</i>")
        return lines.joined(separator: "\n")
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
