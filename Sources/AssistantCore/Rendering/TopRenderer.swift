import MarketEngine
import TelegramBotAPI

/// `TopReport` → Telegram HTML.
enum TopRenderer {
    static func render(_ report: TopReport, in language: Language) -> String {
        let say = language.phrases
        let order =
            switch report.ranking {
            case .volume: say.topByVolume
            case .gainers: say.topGainers
            case .losers: say.topLosers
            }
        var lines = [
            say.topTitle.filled([
                "count": "\(report.tickers.count)", "what": report.market == .spot ? say.topSpotPairs : say.topPerps,
                "order": order, "exchange": report.exchange.displayName,
            ])
        ]
        for (index, ticker) in report.tickers.enumerated() {
            lines.append(
                "\(index + 1). <b>\(HTML.escape(ticker.instrument.base))</b> <code>\(NumberFormat.price(ticker.last))</code> \(NumberFormat.percent(ticker.changePercent)) · \(NumberFormat.compactUSD(ticker.quoteVolume))"
            )
        }
        if report.tickers.isEmpty { lines.append(say.topNone) }
        if let newest = report.time { lines.append(say.dataAt(newest, exchange: report.exchange)) }
        return lines.joined(separator: "\n")
    }
}
