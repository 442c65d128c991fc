import MarketEngine

/// `/volscan` as data: spikes among the top perps by volume, largest first.
public struct VolumeScanReport: Sendable, Codable {
    public struct Hit: Sendable, Codable {
        public var symbol: String
        public var base: String
        public var spike: VolumeSpike
    }

    public var exchange: Exchange
    public var interval: Interval
    public var threshold: Double
    public var scanned: Int
    public var hits: [Hit]
    /// Symbols whose candles could not be read.
    public var failed: Int

    public static func make(
        engine: MarketEngine, exchange: Exchange, interval: Interval, threshold: Double, universe: Int = 50,
        concurrency: Int = 8
    ) async throws -> VolumeScanReport {
        let top = try await engine.top(.volume, on: exchange, market: .perp, count: universe)
        let measured = await boundedFanOut(top.map(\.instrument), limit: concurrency) { instrument in
            (instrument, VolumeSpike.measure(try await engine.candles(instrument, interval: interval, limit: 23)))
        }
        let hits = measured.compactMap { $0 }.compactMap { instrument, spike in
            spike.flatMap {
                $0.isSpike(threshold: threshold)
                    ? Hit(symbol: instrument.symbol, base: instrument.base, spike: $0) : nil
            }
        }
        return VolumeScanReport(
            exchange: exchange, interval: interval, threshold: threshold, scanned: top.count,
            hits: hits.sorted { $0.spike.ratioToMean > $1.spike.ratioToMean }, failed: measured.count { $0 == nil })
    }
}
