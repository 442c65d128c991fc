import MarketEngine
import TelegramBotAPI

/// `/volume SYMBOL [interval] [exchange]`: the last closed bar's volume against the 20
/// before it, spot and perp, flagged as a spike at or above the threshold.
public struct VolumeCommand: CommandHandler {
    public let descriptor = CommandCatalog.volume
    let engine: MarketEngine
    let threshold: Double

    public init(engine: MarketEngine, threshold: Double = 2) {
        self.engine = engine
        self.threshold = threshold
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation)
        guard let symbol = arguments.rest.first else { return Reply(html: "Usage: \(HTML.escape(descriptor.usage))") }
        guard let interval = arguments.interval(at: 1, default: .h1) else {
            return Reply(html: CommandArguments.intervalHelp)
        }
        do {
            let report = try await VolumeReport.make(
                engine: engine, symbol: symbol, exchange: arguments.exchange, interval: interval, threshold: threshold)
            return Reply(html: Self.render(report))
        } catch {
            return Reply(html: failureLine(error))
        }
    }

    static func render(_ report: VolumeReport) -> String {
        var lines = [
            "<b>\(HTML.escape(report.pair)) volume</b> · \(report.exchange.displayName) · \(report.interval.rawValue)"
        ]
        var barTime: Int64 = 0
        for (market, spike) in [("spot", report.spot), ("perp", report.perp)] {
            let label = market == "spot" ? "Spot" : "Perp"
            if let failure = report.failures[market] {
                lines.append("\(label): ⚠️ \(HTML.escape(failure))")
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
