import MarketEngine

/// `/oi` as data: each venue's open interest, its share, the total, and coin-terms changes.
/// Bitget and MEXC publish no open-interest history (and any venue's history may fail to
/// load): such a venue has no changes, and the total's changes are over the venues that
/// have them, named in `totalChangesCover`.
public struct OpenInterestReport: Sendable, Codable {
    public struct Venue: Sendable, Codable {
        public var exchange: Exchange
        public var base: Double
        public var usd: Double
        public var sharePercent: Double
        /// Percent change in coin terms over each horizon the history covers; empty when the
        /// venue has no history.
        public var changes: [Horizon: Double]
    }

    public var pair: String
    public var base: String
    public var venues: [Venue]
    public var totalBase: Double
    public var totalUSD: Double
    /// The change of the summed open interest of the venues in `totalChangesCover`.
    public var totalChanges: [Horizon: Double]
    /// The venues whose history the total's changes are computed over.
    public var totalChangesCover: [Exchange]
    /// The venues that could not be read.
    public var failures: [Exchange: MarketFailure]
    public var time: Int64

    public static func make(engine: MarketEngine, symbol: String) async throws(MarketFailure) -> OpenInterestReport {
        struct Reading {
            var instrument: Instrument
            var now: OpenInterest
            var history: [OpenInterest]
        }
        let results = await withTaskGroup(of: (Exchange, Result<Reading, any Error>).self) { group in
            for exchange in Exchange.allCases {
                group.addTask {
                    await (
                        exchange,
                        Result {
                            let instrument = try await engine.resolve(symbol, on: exchange, market: .perp)
                            async let now = engine.openInterest(instrument)
                            async let history = engine.openInterestHistory(instrument, period: .h1, limit: 25)
                            return Reading(
                                instrument: instrument, now: try await now, history: (try? await history) ?? [])
                        }
                    )
                }
            }
            var results: [Exchange: Result<Reading, any Error>] = [:]
            for await (exchange, result) in group { results[exchange] = result }
            return results
        }
        let readings = Exchange.allCases.compactMap { exchange in (try? results[exchange]?.get()).map { (exchange, $0) }
        }
        guard let first = readings.first?.1 else {
            if case .failure(let error) = results[.binance] { throw MarketFailure(error) }
            throw .unknownSymbol(symbol, suggestions: [])
        }
        let totalUSD = readings.reduce(0) { $0 + $1.1.now.usd }
        let totalBase = readings.reduce(0) { $0 + $1.1.now.base }
        let venues = readings.map { exchange, reading in
            Venue(
                exchange: exchange, base: reading.now.base, usd: reading.now.usd,
                sharePercent: totalUSD > 0 ? reading.now.usd / totalUSD * 100 : 0,
                changes: changes(reading.history.map(\.base), now: reading.now.base))
        }
        // The hourly points of the venues with history, summed over the hours all of them
        // have, against the same venues' current amount: a venue without history left in
        // the sum would read as a jump.
        let covered = readings.filter { !$0.1.history.isEmpty }
        let length = covered.map(\.1.history.count).min() ?? 0
        let combined = (0..<length).map { index in
            covered.reduce(0) { $0 + $1.1.history[$1.1.history.count - length + index].base }
        }
        let coveredNow = covered.reduce(0) { $0 + $1.1.now.base }
        var failures: [Exchange: MarketFailure] = [:]
        for exchange in Exchange.allCases {
            if case .failure(let error) = results[exchange] { failures[exchange] = MarketFailure(error) }
        }
        return OpenInterestReport(
            pair: first.instrument.pair, base: first.instrument.base, venues: venues, totalBase: totalBase,
            totalUSD: totalUSD,
            totalChanges: changes(combined, now: coveredNow), totalChangesCover: covered.map(\.0), failures: failures,
            time: readings.map(\.1.now.time).max() ?? 0)
    }

    /// Percent change against the point each horizon back in hourly points (oldest first).
    static func changes(_ hourly: [Double], now: Double) -> [Horizon: Double] {
        var result: [Horizon: Double] = [:]
        for horizon in Horizon.allCases where hourly.count > horizon.hours {
            result[horizon] = Statistics.percentChange(from: hourly[hourly.count - 1 - horizon.hours], to: now)
        }
        return result
    }
}
