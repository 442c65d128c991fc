/// Cumulative volume delta: taker buys minus taker sells, summed bar by bar.
public enum VolumeDelta {
    /// From Binance klines (taker-buy volume per bar): delta = 2 × takerBuy − volume.
    /// Nil when any bar lacks the taker split.
    public static func cumulative(candles: [Candle]) -> [Double]? {
        var running = 0.0
        var series: [Double] = []
        series.reserveCapacity(candles.count)
        for candle in candles {
            guard let buy = candle.takerBuyVolume else { return nil }
            running += 2 * buy - candle.volume
            series.append(running)
        }
        return series
    }

    /// From trades classified by taker side.
    public static func cumulative(trades: [Trade]) -> Double {
        trades.reduce(0) { $0 + ($1.takerSide == .buy ? $1.size : -$1.size) }
    }

    /// Whether CVD and price disagree over the window: price up with selling, or down with
    /// buying. `minimumMove` (percent) keeps flat prices from counting.
    public static func diverges(priceChangePercent: Double, delta: Double, minimumMove: Double = 0.1) -> Bool {
        (priceChangePercent > minimumMove && delta < 0) || (priceChangePercent < -minimumMove && delta > 0)
    }
}
