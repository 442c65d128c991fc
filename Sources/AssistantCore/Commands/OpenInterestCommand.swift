import MarketEngine
import TelegramBotAPI

/// `/oi SYMBOL`: open interest of the USDT perpetual on Binance, Bybit and OKX, in coin and
/// USD, each venue's share, the total, and the change over 1 h, 4 h and 24 h.
public struct OpenInterestCommand: CommandHandler {
    public let descriptor = CommandCatalog.openInterest
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public var isSlow: Bool { true }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        guard let symbol = CommandArguments(invocation).rest.first else {
            return Reply(html: "Usage: \(HTML.escape(descriptor.usage))")
        }
        do {
            return Reply(html: Self.render(try await OpenInterestReport.make(engine: engine, symbol: symbol)))
        } catch {
            return Reply(html: failureLine(error))
        }
    }

    static func render(_ report: OpenInterestReport) -> String {
        let base = HTML.escape(report.base)
        var lines = ["<b>\(HTML.escape(report.pair)) open interest</b> (USDT perpetuals)"]
        for exchange in Exchange.allCases {
            if let venue = report.venues.first(where: { $0.exchange == exchange }) {
                lines.append(
                    "\(exchange.displayName) \(NumberFormat.price(venue.base)) \(base) · \(NumberFormat.compactUSD(venue.usd)) · \(NumberFormat.fixed(venue.sharePercent, 1))%\(changes(venue.changes))"
                )
            } else if let failure = report.failures[exchange.rawValue] {
                lines.append("\(exchange.displayName): ⚠️ \(HTML.escape(failure))")
            }
        }
        lines.append(
            "<b>Total</b> \(NumberFormat.price(report.totalBase)) \(base) · \(NumberFormat.compactUSD(report.totalUSD))\(changes(report.totalChanges))"
        )
        lines.append(
            "<i>changes in coin terms over 1h / 4h / 24h; data at \(NumberFormat.timeOfDay(milliseconds: report.time))</i>"
        )
        return lines.joined(separator: "\n")
    }

    static func changes(_ changes: [String: Double]) -> String {
        let parts = OpenInterestReport.horizons.compactMap { hours in
            changes[String(hours)].map { "\(hours)h \(NumberFormat.percent($0))" }
        }
        return parts.isEmpty ? "" : " · " + parts.joined(separator: " · ")
    }
}
