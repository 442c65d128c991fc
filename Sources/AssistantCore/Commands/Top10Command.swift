import MarketEngine
import TelegramBotAPI

/// `/top10 [volume|gainers|losers] [spot|perp] [exchange]`: the top 10 USDT pairs from one
/// all-tickers request.
public struct Top10Command: CommandHandler {
    public let descriptor = CommandCatalog.top10
    let engine: MarketEngine

    public init(engine: MarketEngine) {
        self.engine = engine
    }

    public func run(_ invocation: CommandInvocation) async -> Reply {
        let arguments = CommandArguments(invocation)
        var ranking = TopRanking.volume
        var market = Market.spot
        for word in arguments.rest.map({ $0.lowercased() }) {
            if let parsed = TopRanking(rawValue: word) {
                ranking = parsed
            } else if let parsed = Market(rawValue: word) {
                market = parsed
            } else {
                return Reply(html: "Usage: \(HTML.escape(descriptor.usage))")
            }
        }
        do {
            let top = try await engine.top(ranking, on: arguments.exchange, market: market)
            return Reply(html: Self.render(top, ranking: ranking, market: market, exchange: arguments.exchange))
        } catch {
            return Reply(html: failureLine(error))
        }
    }

    static func render(_ tickers: [Ticker], ranking: TopRanking, market: Market, exchange: Exchange) -> String {
        let what = market == .spot ? "spot pairs" : "perps"
        let order =
            switch ranking {
            case .volume: "by 24h volume"
            case .gainers: "gainers (24h)"
            case .losers: "losers (24h)"
            }
        var lines = ["<b>Top \(tickers.count) USDT \(what) \(order)</b> · \(exchange.displayName)"]
        for (index, ticker) in tickers.enumerated() {
            lines.append(
                "\(index + 1). <b>\(HTML.escape(ticker.instrument.base))</b> <code>\(NumberFormat.price(ticker.last))</code> \(NumberFormat.percent(ticker.changePercent)) · \(NumberFormat.compactUSD(ticker.quoteVolume))"
            )
        }
        if tickers.isEmpty { lines.append("No pairs.") }
        if let newest = tickers.map(\.time).max() {
            lines.append("<i>\(exchange.displayName) data at \(NumberFormat.timeOfDay(milliseconds: newest))</i>")
        }
        return lines.joined(separator: "\n")
    }
}
