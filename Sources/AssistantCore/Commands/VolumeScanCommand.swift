import MarketEngine
import TelegramBotAPI

/// `/volscan [interval] [threshold] [exchange]`: the top perps by 24 h volume scanned for a
/// volume spike on the last closed bar, at most `concurrency` requests at a time.
public struct VolumeScanCommand: CommandHandler {
    public let descriptor = CommandCatalog.volscan
    let engine: MarketEngine
    let universe: Int
    let concurrency: Int

    public init(engine: MarketEngine, universe: Int = 50, concurrency: Int = 8) {
        self.engine = engine
        self.universe = universe
        self.concurrency = concurrency
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation)
        guard let interval = arguments.interval(at: 0, default: .h1) else {
            return Reply(html: CommandArguments.intervalHelp)
        }
        let threshold = arguments.rest.count > 1 ? Double(arguments.rest[1]) : 2
        guard let threshold, threshold > 0, threshold < 1000 else {
            return Reply(html: "Threshold must be a number above 0, e.g. 2.5.")
        }
        do {
            let report = try await VolumeScanReport.make(
                engine: engine, exchange: arguments.exchange, interval: interval, threshold: threshold,
                universe: universe,
                concurrency: concurrency)
            return Reply(html: Self.render(report))
        } catch {
            return Reply(html: failureLine(error))
        }
    }

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
