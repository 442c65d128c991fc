/// Moving averages and oscillators over closing prices (oldest first).
public enum Indicators {
    /// Exponential moving average, seeded with the simple average of the first `period`
    /// values; one value per input from index `period − 1` on.
    public static func ema(_ values: [Double], period: Int) -> [Double] {
        guard period > 0, values.count >= period else { return [] }
        let factor = 2 / Double(period + 1)
        var current = values.prefix(period).reduce(0, +) / Double(period)
        var result = [current]
        for value in values.dropFirst(period) {
            current = value * factor + current * (1 - factor)
            result.append(current)
        }
        return result
    }

    /// Relative strength index with Wilder's smoothing (the usual RSI 14): nil with fewer
    /// than `period + 1` closes.
    public static func rsi(_ closes: [Double], period: Int = 14) -> Double? {
        guard period > 0, closes.count > period else { return nil }
        var gain = 0.0
        var loss = 0.0
        for index in 1...period {
            let change = closes[index] - closes[index - 1]
            if change > 0 { gain += change } else { loss -= change }
        }
        gain /= Double(period)
        loss /= Double(period)
        for index in stride(from: period + 1, to: closes.count, by: 1) {
            let change = closes[index] - closes[index - 1]
            gain = (gain * Double(period - 1) + max(change, 0)) / Double(period)
            loss = (loss * Double(period - 1) + max(-change, 0)) / Double(period)
        }
        if loss == 0 { return gain == 0 ? 50 : 100 }
        return 100 - 100 / (1 + gain / loss)
    }

    /// Volume-weighted average of the typical price (high + low + close) / 3.
    public static func vwap(_ candles: [Candle]) -> Double? {
        let volume = candles.reduce(0) { $0 + $1.volume }
        guard volume > 0 else { return nil }
        return candles.reduce(0) { $0 + ($1.high + $1.low + $1.close) / 3 * $1.volume } / volume
    }

    /// Where `price` sits in [low, high], 0–100 %.
    public static func rangePosition(price: Double, low: Double, high: Double) -> Double? {
        high > low ? min(max((price - low) / (high - low) * 100, 0), 100) : nil
    }
}
