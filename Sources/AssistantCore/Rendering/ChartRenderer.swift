import MarketEngine
import TelegramBotAPI

/// `ChartReport` → a picture with its caption, or the sentence that says why there is none.
enum ChartRenderer {
    static func render(_ report: ChartReport, in language: Language, drawer: (any ChartDrawer)?, cache: ChartCache)
        -> Reply
    {
        let say = language.phrases
        switch report {
        case .localMode:
            return Reply(html: say.chartLocalMode)
        case .noCandles(let pair):
            return Reply(html: say.chartNoCandles.filled(["pair": HTML.escape(pair)]))
        case .candles(let chart):
            guard let last = chart.candles.last else {
                return Reply(html: say.chartNoCandles.filled(["pair": HTML.escape(chart.pair)]))
            }
            let key = ChartCache.Key(
                pair: chart.pair, exchange: chart.exchange.rawValue, interval: chart.interval.rawValue,
                lastOpenTime: last.openTime, lastClose: last.close, lastVolume: last.volume)
            let png: [UInt8]
            do {
                if let cached = cache.png(for: key) {
                    png = cached
                } else {
                    guard let drawer else { throw ChartDrawingUnavailable(detail: "no chart drawer in this process") }
                    let title =
                        "\(chart.pair) · \(chart.exchange.displayName) · \(chart.interval.rawValue) · \(NumberFormat.timeOfDay(milliseconds: last.openTime))"
                    png = try drawer.png(chart.candles, title: title)
                    cache.store(png, for: key)
                }
            } catch {
                return Reply(html: say.chartUnavailable.filled(["detail": HTML.escape("\(error)")]))
            }
            let caption = say.chartCaption.filled([
                "pair": HTML.escape(chart.pair), "exchange": chart.exchange.displayName,
                "interval": chart.interval.rawValue, "price": NumberFormat.price(last.close),
            ])
            return Reply(html: caption, photo: png)
        }
    }
}
