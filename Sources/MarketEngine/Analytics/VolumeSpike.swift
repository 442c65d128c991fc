/// The last closed bar's volume against the closed bars before it (the window excludes it).
public struct VolumeSpike: Sendable, Equatable, Codable {
    public var candleTime: Int64
    public var volume: Double
    public var quoteVolume: Double
    public var mean: Double
    public var median: Double
    public var ratioToMean: Double
    public var ratioToMedian: Double
    /// (volume − mean) / sample standard deviation; nil when the window is flat.
    public var zScore: Double?
    /// Close over open of the spike bar, in percent.
    public var priceChangePercent: Double

    /// From oldest-first candles; nil when there are fewer than `window + 1` closed bars.
    public static func measure(_ candles: [Candle], window: Int = 20) -> VolumeSpike? {
        let closed = candles.filter(\.isClosed)
        guard closed.count > window, let last = closed.last else { return nil }
        let previous = closed.dropLast().suffix(window).map(\.volume)
        guard let mean = Statistics.mean(previous), let median = Statistics.median(previous), mean > 0, median > 0
        else {
            return nil
        }
        let deviation = Statistics.standardDeviation(previous)
        return VolumeSpike(
            candleTime: last.openTime, volume: last.volume, quoteVolume: last.quoteVolume, mean: mean, median: median,
            ratioToMean: last.volume / mean, ratioToMedian: last.volume / median,
            zScore: deviation.flatMap { $0 > 0 ? (last.volume - mean) / $0 : nil },
            priceChangePercent: Statistics.percentChange(from: last.open, to: last.close) ?? 0)
    }

    public func isSpike(threshold: Double) -> Bool { ratioToMean >= threshold }
}
