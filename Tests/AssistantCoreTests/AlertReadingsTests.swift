import AssistantTesting
import MarketEngine
import MarketSimulator
import Testing

@testable import AssistantCore

/// An alert pass costs requests per exchange watched, not per alert or symbol: funding and
/// open interest come from each exchange's bulk answers, over real HTTP to the simulator.
@Suite struct AlertReadingsTests {
    /// Requests per exchange and path while `count` symbols' funding (on every exchange) and
    /// open interest (summed over the exchanges) are read once.
    static func pass(symbols count: Int) async throws -> (counts: [String: [String: Int]], values: Int) {
        let market = await SimulatedMarket.start()
        let bases = SimulatedUniverse().bases.filter { $0 != "AAVE" }.prefix(count)
        var keys: Set<AlertReadings.Key> = []
        for base in bases {
            keys.insert(.openInterest(base: base))
            for exchange in Exchange.allCases { keys.insert(.funding(exchange, base: base)) }
        }
        let values = await AlertReadings(engine: market.engine).values(keys)
        let counts = await market.exchanges.stats
        try await market.stop()
        return (counts, values.count)
    }

    @Test func requestsPerPassDoNotGrowWithTheSymbolsWatched() async throws {
        let few = try await Self.pass(symbols: 3)
        let many = try await Self.pass(symbols: 24)
        #expect(few.values == 3 * 7 && many.values == 24 * 7, "every reading made")
        // Only what has no bulk form is read per symbol: Binance's open interest, OKX's funding
        // (whose perpetual ticker is three requests).
        let perSymbol = [
            "binance": ["/fapi/v1/openInterest"],
            "okx": ["/api/v5/public/funding-rate", "/api/v5/public/mark-price", "/api/v5/market/index-tickers"],
        ]
        for exchange in Exchange.allCases.map(\.rawValue) {
            var fewPaths = few.counts[exchange] ?? [:]
            var manyPaths = many.counts[exchange] ?? [:]
            for path in perSymbol[exchange] ?? [] {
                #expect(fewPaths.removeValue(forKey: path) == 3 && manyPaths.removeValue(forKey: path) == 24, "\(path)")
            }
            #expect(fewPaths == manyPaths, "\(exchange): \(fewPaths) against \(manyPaths)")
            #expect(manyPaths.values.allSatisfy { $0 == 1 }, "\(exchange): each bulk answer once: \(manyPaths)")
        }
    }
}
