import MarketEngine

/// `/volume` as data: the last closed bar against the previous 20, spot and perp.
public struct VolumeReport: Sendable, Codable {
    public var pair: String
    public var exchange: Exchange
    public var interval: Interval
    public var threshold: Double
    public var spot: VolumeSpike?
    public var perp: VolumeSpike?
    /// Why a market's part is missing.
    public var failures: [Market: MarketFailure]

    public static func make(
        engine: MarketEngine, symbol: String, exchange: Exchange, interval: Interval, threshold: Double
    ) async throws(MarketFailure) -> VolumeReport {
        @Sendable func measure(_ market: Market) async throws -> MarketPart<VolumeSpike?> {
            let instrument = try await engine.resolve(symbol, on: exchange, market: market)
            let candles = try await engine.candles(instrument, interval: interval, limit: 23)
            return MarketPart(instrument: instrument, value: VolumeSpike.measure(candles))
        }
        async let spot = Result { try await measure(.spot) }
        async let perp = Result { try await measure(.perp) }
        let parts = try MarketParts(spot: await spot, perp: await perp)
        return VolumeReport(
            pair: parts.pair ?? symbol.uppercased(), exchange: exchange, interval: interval, threshold: threshold,
            spot: parts.spot ?? nil, perp: parts.perp ?? nil, failures: parts.failures)
    }
}
