import MarketEngine
import TelegramBotAPI

/// `TopReport` → Telegram HTML.
enum TopRenderer {
    static func render(_ report: TopReport) -> String {
        let what = report.market == .spot ? "spot pairs" : "perps"
        let order =
            switch report.ranking {
            case .volume: "by 24h volume"
            case .gainers: "gainers (24h)"
            case .losers: "losers (24h)"
            }
        let exchange = report.exchange.displayName
        var lines = ["<b>Top \(report.tickers.count) USDT \(what) \(order)</b> · \(exchange)"]
        for (index, ticker) in report.tickers.enumerated() {
            lines.append(
                "\(index + 1). <b>\(HTML.escape(ticker.instrument.base))</b> <code>\(NumberFormat.price(ticker.last))</code> \(NumberFormat.percent(ticker.changePercent)) · \(NumberFormat.compactUSD(ticker.quoteVolume))"
            )
        }
        if report.tickers.isEmpty { lines.append("No pairs.") }
        if let newest = report.time {
            lines.append("<i>\(exchange) data at \(NumberFormat.timeOfDay(milliseconds: newest))</i>")
        }
        return lines.joined(separator: "\n")
    }
}
