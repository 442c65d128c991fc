import AssistantTesting
import MarketEngine
import MarketSimulator
import Testing

/// The simulator's six exchanges quote their own prices, a few basis points apart as real
/// venues do, while a scripted price is the same, exactly, on every one of them.
@Suite struct SimulatedVenuesTests {
    @Test func eachExchangeQuotesItsOwnPriceButAScriptedOneExactly() async throws {
        // The engine keeps tickers for 2 s by default: read the scripted price, not the cached one.
        var freshness = MarketEngine.Freshness()
        (freshness.ticker, freshness.allTickers) = (.zero, .zero)
        let market = await AssistantTesting.SimulatedMarket.start(freshness: freshness)
        func lastPrices() async throws -> [Exchange: Double] {
            var prices: [Exchange: Double] = [:]
            for exchange in Exchange.allCases {
                let instrument = try await market.engine.resolve("BTC", on: exchange, market: .spot)
                prices[exchange] = try await market.engine.ticker(instrument).last
            }
            return prices
        }
        do {
            let generated = try await lastPrices()
            let binance = try #require(generated[.binance])
            #expect(generated.count == 6 && Set(generated.values).count == 6, "\(generated)")
            for (exchange, price) in generated {
                #expect(abs(price / binance - 1) <= 10 / 10_000, "\(exchange): \(price) against Binance's \(binance)")
            }

            await market.exchanges.script("BTC", ScriptedMarket(spot: 123_456))
            let scripted = try await lastPrices()
            #expect(scripted.count == 6)
            for (exchange, price) in scripted {
                #expect(price == 123_456, "\(exchange)")
            }
        } catch {
            try? await market.stop()
            throw error
        }
        try await market.stop()
    }
}
