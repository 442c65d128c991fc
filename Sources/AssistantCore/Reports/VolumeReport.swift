import MarketEngine

/// `/volume` as data: the last closed bar against the previous 20, spot and perp.
public struct VolumeReport: Sendable, Codable {
    public var pair: String
    public var exchange: Exchange
    public var interval: Interval
    public var threshold: Double
    public var spot: VolumeSpike?
    public var perp: VolumeSpike?
    /// Per market ("spot", "perp"): why that part is missing.
    public var failures: [String: String]

    public static func make(
        engine: MarketEngine, symbol: String, exchange: Exchange, interval: Interval, threshold: Double
    ) async throws -> VolumeReport {
        func measure(_ market: Market) async throws -> (Instrument, VolumeSpike?) {
            let instrument = try await engine.resolve(symbol, on: exchange, market: market)
            return (
                instrument, VolumeSpike.measure(try await engine.candles(instrument, interval: interval, limit: 23))
            )
        }
        async let spot = Result { try await measure(.spot) }
        async let perp = Result { try await measure(.perp) }
        let parts = try MarketParts(await spot, await perp, instrument: { $0.0 })
        return VolumeReport(
            pair: parts.pair ?? symbol.uppercased(), exchange: exchange, interval: interval, threshold: threshold,
            spot: parts.spot?.1 ?? nil, perp: parts.perp?.1 ?? nil, failures: parts.failures)
    }
}

/// The spot and perp halves of a report: either may fail; both failing fails the report.
struct MarketParts<Value> {
    var spot: Value?
    var perp: Value?
    var failures: [String: String] = [:]
    var pair: String?

    init(_ spot: Result<Value, any Error>, _ perp: Result<Value, any Error>, instrument: (Value) -> Instrument) throws {
        if case .failure(let error) = spot, case .failure = perp { throw error }
        for (name, result) in [("spot", spot), ("perp", perp)] {
            switch result {
            case .success(let value):
                if name == "spot" { self.spot = value } else { self.perp = value }
                pair = pair ?? instrument(value).pair
            case .failure(let error):
                failures[name] = "\(error)"
            }
        }
    }
}
