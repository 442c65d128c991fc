import MarketEngine
import TelegramBotAPI

/// `/price [SYMBOL] [exchange|all]`: spot and perp, funding and basis on one exchange, or
/// the three side by side.
public struct PriceCommand: CommandHandler {
    public let descriptor = CommandCatalog.price
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation)
        let symbol = arguments.rest.first ?? "BTC"
        if arguments.allExchanges {
            let snapshots = await withTaskGroup(of: (Exchange, Result<PriceSnapshot, any Error>).self) { group in
                for exchange in Exchange.allCases {
                    group.addTask { (exchange, await Result { try await engine.price(symbol, on: exchange) }) }
                }
                var results: [Exchange: Result<PriceSnapshot, any Error>] = [:]
                for await (exchange, result) in group { results[exchange] = result }
                return results
            }
            return Reply(html: PriceRenderer.comparison(symbol: symbol, snapshots))
        }
        do {
            let snapshot = try await engine.price(symbol, on: arguments.exchange)
            return Reply(html: PriceRenderer.single(snapshot, now: UTCClock.nowMilliseconds()))
        } catch {
            return Reply(html: failureLine(error))
        }
    }
}

/// `PriceSnapshot` → Telegram HTML.
public enum PriceRenderer {
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
        for failure in Set(snapshot.failures).sorted() {
            lines.append("⚠️ \(HTML.escape(failure))")
        }
        lines.append(
            "<i>\(snapshot.exchange.displayName) data at \(NumberFormat.timeOfDay(milliseconds: snapshot.time))</i>")
        return lines.joined(separator: "\n")
    }

    public static func comparison(symbol: String, _ results: [Exchange: Result<PriceSnapshot, any Error>]) -> String {
        var title = symbol.uppercased()
        var lines: [String] = []
        var newest: Int64 = 0
        for exchange in Exchange.allCases {
            switch results[exchange] {
            case .success(let snapshot):
                title = snapshot.pair
                newest = max(newest, snapshot.time)
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
            case .failure(let error):
                lines.append("<b>\(exchange.displayName)</b> · \(failureLine(error))")
            case nil:
                break
            }
        }
        let time = newest > 0 ? "\n<i>data at \(NumberFormat.timeOfDay(milliseconds: newest))</i>" : ""
        return "<b>\(HTML.escape(title))</b> on every exchange\n" + lines.joined(separator: "\n") + time
    }
}
