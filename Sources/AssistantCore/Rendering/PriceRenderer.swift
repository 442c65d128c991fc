import MarketEngine
import TelegramBotAPI

/// `/price` → Telegram HTML: one exchange in detail, or every exchange on a line each.
public enum PriceRenderer {
    public static func render(_ report: PriceReport, now: Int64) -> String {
        switch report {
        case .one(let snapshot): single(snapshot, now: now)
        case .every(let report): comparison(report)
        }
    }

    public static func single(_ snapshot: PriceSnapshot, now: Int64) -> String {
        var lines = ["<b>\(HTML.escape(snapshot.pair))</b> · \(snapshot.exchange.displayName)"]
        if let spot = snapshot.spot {
            lines.append(
                "Spot <code>\(NumberFormat.price(spot.last))</code> \(NumberFormat.percent(spot.changePercent)) 24h")
            lines.append(
                "24h high \(NumberFormat.price(spot.high)) · low \(NumberFormat.price(spot.low)) · vol \(NumberFormat.compactUSD(spot.quoteVolume))"
            )
        } else {
            lines.append("Spot: not listed")
        }
        if let funding = snapshot.funding {
            lines.append(
                "Perp mark <code>\(NumberFormat.price(funding.markPrice))</code> · index \(NumberFormat.price(funding.indexPrice))"
            )
            let hours = NumberFormat.wholeOrTenths(funding.fundingIntervalHours)
            lines.append(
                "Funding \(NumberFormat.percent(funding.fundingRate * 100, decimals: 4)) / \(hours)h (\(NumberFormat.percent(funding.annualizedFundingRate * 100)) a year) · next in \(NumberFormat.duration(milliseconds: funding.nextFundingTime &- now))"
            )
        } else if let perp = snapshot.perp {
            lines.append("Perp <code>\(NumberFormat.price(perp.last))</code>")
        } else {
            lines.append("Perp: not listed")
        }
        if let basis = snapshot.basisPercent {
            lines.append("Basis (perp − spot) \(NumberFormat.percent(basis, decimals: 3))")
        }
        if !snapshot.failures.isEmpty {
            for failure in Set(snapshot.failures.values.map(FailureRenderer.line)).sorted() {
                lines.append("⚠️ \(failure)")
            }
        }
        lines.append(
            "<i>\(snapshot.exchange.displayName) data at \(NumberFormat.timeOfDay(milliseconds: snapshot.time))</i>")
        return lines.joined(separator: "\n")
    }

    public static func comparison(_ report: PriceComparisonReport) -> String {
        var lines: [String] = []
        for exchange in Exchange.allCases {
            if let snapshot = report.prices[exchange] {
                var parts = ["<b>\(exchange.displayName)</b>"]
                if let spot = snapshot.spot {
                    parts.append(
                        "<code>\(NumberFormat.price(spot.last))</code> \(NumberFormat.percent(spot.changePercent))")
                }
                if let funding = snapshot.funding {
                    parts.append("funding \(NumberFormat.percent(funding.fundingRate * 100, decimals: 4))")
                }
                if let basis = snapshot.basisPercent {
                    parts.append("basis \(NumberFormat.percent(basis, decimals: 3))")
                }
                lines.append(parts.joined(separator: " · "))
            } else if let failure = report.failures[exchange] {
                lines.append("<b>\(exchange.displayName)</b> · \(FailureRenderer.line(failure))")
            }
        }
        let newest = report.time
        let time = newest > 0 ? "\n<i>data at \(NumberFormat.timeOfDay(milliseconds: newest))</i>" : ""
        return "<b>\(HTML.escape(report.pair))</b> on every exchange\n" + lines.joined(separator: "\n") + time
    }
}
