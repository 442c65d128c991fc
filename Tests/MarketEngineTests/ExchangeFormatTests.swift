import AssistantTesting
import MarketEngine
import MarketSimulator
import Testing

/// Each exchange's wire format, read back into the unified models: the simulator renders
/// its model in the exchange's JSON, the adapter must recover the same numbers.
@Suite struct ExchangeFormatTests {
    @Test(arguments: Exchange.allCases)
    func spotTickerRoundTrip(exchange: Exchange) async throws {
        let bench = await SimulatorBench.start()
        let model = try #require(await bench.exchanges.market("ETH", on: exchange.rawValue))
        let instrument = try await bench.engine.resolve("ETH", on: exchange, market: .spot)
        let ticker = try await bench.engine.ticker(instrument)
        #expect(close(ticker.last, model.spot))
        #expect(close(ticker.changePercent, model.changePercent, tolerance: 1e-3))  // Bybit sends a fraction
        #expect(close(ticker.high, model.high))
        #expect(close(ticker.low, model.low))
        #expect(close(ticker.baseVolume, model.volume))
        #expect(close(ticker.quoteVolume, model.volume * model.spot))
        try await bench.stop()
    }

    @Test(arguments: Exchange.allCases)
    func perpetualRoundTrip(exchange: Exchange) async throws {
        let bench = await SimulatorBench.start()
        let model = try #require(await bench.exchanges.market("BTC", on: exchange.rawValue))
        let instrument = try await bench.engine.resolve("BTC", on: exchange, market: .perp)
        let funding = try await bench.engine.perpTicker(instrument)
        #expect(close(funding.markPrice, model.markPrice))
        #expect(close(funding.indexPrice, model.indexPrice))
        #expect(abs(funding.fundingRate - model.fundingRate) < 1e-8)  // 8 decimals on the wire
        #expect(funding.fundingIntervalHours == 8)
        #expect(funding.nextFundingTime > SimulatorBench.frozenTime)
        #expect(funding.nextFundingTime - SimulatorBench.frozenTime <= 8 * 3_600_000)
        let ticker = try await bench.engine.ticker(instrument)
        // OKX swaps report volume in base (volCcy24h); quote volume is derived from it.
        #expect(close(ticker.baseVolume, model.volume))
        #expect(close(ticker.quoteVolume, model.volume * model.markPrice))
        try await bench.stop()
    }

    @Test func okxSwapsCarryTheirContractSize() async throws {
        let bench = await SimulatorBench.start()
        let btc = try await bench.engine.resolve("BTC", on: .okx, market: .perp)
        #expect(btc.symbol == "BTC-USDT-SWAP")
        #expect(btc.contractValue == 0.01)
        let spot = try await bench.engine.resolve("BTC", on: .okx, market: .spot)
        #expect(spot.symbol == "BTC-USDT" && spot.contractValue == 1)
        try await bench.stop()
    }

    @Test(arguments: Exchange.allCases)
    func allTickersInOneRequest(exchange: Exchange) async throws {
        let bench = await SimulatorBench.start()
        let tickers = try await bench.engine.tickers(exchange, .perp)
        #expect(tickers.count == 29)  // 30 listings, one spot-only
        let before = await bench.exchanges.requests(exchange.rawValue)
        let top = try await bench.engine.top(.volume, on: exchange, market: .perp)
        #expect(top.count == 10)
        #expect(zip(top, top.dropFirst()).allSatisfy { $0.quoteVolume >= $1.quoteVolume })
        #expect(await bench.exchanges.requests(exchange.rawValue) == before)  // served from cache
        try await bench.stop()
    }
}
