import MarketEngine
import TelegramBotAPI

/// `/price` → Telegram HTML: one exchange in detail, or every exchange on a line each.
public enum PriceRenderer {
    public static func render(_ report: PriceReport, now: Int64, in language: Language) -> String {
        switch report {
        case .one(let snapshot): single(snapshot, now: now, in: language)
        case .every(let report): comparison(report, in: language)
        }
    }

    public static func single(_ snapshot: PriceSnapshot, now: Int64, in language: Language) -> String {
        let say = language.phrases
        var lines = ["<b>\(HTML.escape(snapshot.pair))</b> · \(snapshot.exchange.displayName)"]
        if let spot = snapshot.spot {
            lines.append(
                say.priceSpot.filled([
                    "price": NumberFormat.price(spot.last), "change": NumberFormat.percent(spot.changePercent),
                ]))
            lines.append(
                say.priceRange.filled([
                    "high": NumberFormat.price(spot.high), "low": NumberFormat.price(spot.low),
                    "volume": NumberFormat.compactUSD(spot.quoteVolume),
                ]))
        } else {
            lines.append(say.priceSpotNotListed)
        }
        if let funding = snapshot.funding {
            lines.append(
                say.priceMark.filled([
                    "mark": NumberFormat.price(funding.markPrice), "index": NumberFormat.price(funding.indexPrice),
                ]))
            lines.append(
                say.priceFunding.filled([
                    "rate": NumberFormat.percent(funding.fundingRate * 100, decimals: 4),
                    "hours": NumberFormat.wholeOrTenths(funding.fundingIntervalHours),
                    "annual": NumberFormat.percent(funding.annualizedFundingRate * 100),
                    "next": say.duration(milliseconds: funding.nextFundingTime &- now),
                ]))
        } else if let perp = snapshot.perp {
            lines.append(say.pricePerp.filled(["price": NumberFormat.price(perp.last)]))
        } else {
            lines.append(say.pricePerpNotListed)
        }
        if let basis = snapshot.basisPercent {
            lines.append(say.priceBasis.filled(["basis": NumberFormat.percent(basis, decimals: 3)]))
        }
        if !snapshot.failures.isEmpty {
            for failure in Set(snapshot.failures.values.map { FailureRenderer.line($0, in: language) }).sorted() {
                lines.append("⚠️ \(failure)")
            }
        }
        lines.append(say.dataAt(snapshot.time, exchange: snapshot.exchange))
        return lines.joined(separator: "\n")
    }

    public static func comparison(_ report: PriceComparisonReport, in language: Language) -> String {
        let say = language.phrases
        var lines = [say.priceEveryExchange.filled(["pair": HTML.escape(report.pair)])]
        for exchange in Exchange.allCases {
            if let snapshot = report.prices[exchange] {
                var parts = ["<b>\(exchange.displayName)</b>"]
                if let spot = snapshot.spot {
                    parts.append(
                        "<code>\(NumberFormat.price(spot.last))</code> \(NumberFormat.percent(spot.changePercent))")
                }
                if let funding = snapshot.funding {
                    parts.append(
                        say.comparisonFunding.filled([
                            "rate": NumberFormat.percent(funding.fundingRate * 100, decimals: 4)
                        ])
                    )
                }
                if let basis = snapshot.basisPercent {
                    parts.append(say.comparisonBasis.filled(["basis": NumberFormat.percent(basis, decimals: 3)]))
                }
                lines.append(parts.joined(separator: " · "))
            } else if let failure = report.failures[exchange] {
                lines.append("<b>\(exchange.displayName)</b> · \(FailureRenderer.line(failure, in: language))")
            }
        }
        if report.time > 0 { lines.append(say.dataAt(report.time)) }
        return lines.joined(separator: "\n")
    }
}
