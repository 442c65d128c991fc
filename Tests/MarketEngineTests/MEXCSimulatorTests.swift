import AssistantTesting
import MarketEngine
import MarketSimulator
import Testing

/// MEXC's side that needs the simulator: its own answers mixed with recorded bodies, the
/// rate-limit answers against a real clock of requests, and the simulator's MEXC format
/// against its model. The recorded bodies alone are `MEXCFormatTests`, in memory.
@Suite(.serialized) struct MEXCSimulatorTests {

    @Test func spotErrorsAreRejectionsInTheExchangesWords() async throws {
        try await withSimulatedMarket { market in
            await market.exchanges.record(
                try RecordedBody.text("mexc/spot_error_10007_bad_symbol_real.json"), status: 400,
                at: "/api/v3/ticker/24hr")
            await #expect(throws: MarketFailure.rejected(.mexc, code: "10007", message: "bad symbol")) {
                try await market.engine.adapter(.mexc).ticker(MEXCFormatTests.spotBTC)
            }
            // The simulator answers an unknown symbol the same way.
            let unknown = Instrument(exchange: .mexc, market: .spot, symbol: "NOPEUSDT", base: "NOPE", quote: "USDT")
            await #expect(throws: MarketFailure.rejected(.mexc, code: "10007", message: "bad symbol")) {
                try await market.engine.adapter(.mexc).trades(unknown, limit: 10)
            }
        }
    }

    @Test func tooFrequentInsideA200StopsMEXCUntilTheBanPasses() async throws {
        let clock = TestClock()
        let market = await SimulatorBench.start(limiter: RateLimitGuard(clock: clock.appClock))
        await market.exchanges.record(
            try RecordedBody.text("mexc/futures_error_510_rate_limit_real.json"), at: "/api/v1/contract/ticker")
        let adapter = market.engine.adapter(.mexc)
        let until = clock.wallMilliseconds / 1000 + 5
        await #expect(throws: MarketFailure.rateLimited(.mexc, untilEpochSeconds: until)) {
            try await adapter.ticker(MEXCFormatTests.perpBTC)
        }
        #expect(await market.exchanges.requests("mexc") == 1)
        clock.advance(by: .seconds(4))
        await #expect(throws: MarketFailure.rateLimited(.mexc, untilEpochSeconds: until)) {
            try await adapter.ticker(MEXCFormatTests.perpBTC)
        }
        await #expect(throws: MarketFailure.rateLimited(.mexc, untilEpochSeconds: until)) {
            try await adapter.ticker(MEXCFormatTests.spotBTC)
        }
        #expect(await market.exchanges.requests("mexc") == 1, "not one request during the ban")

        clock.advance(by: .seconds(1))
        await market.exchanges.record(
            try RecordedBody.text("mexc/futures_ticker_single_doc.json"), at: "/api/v1/contract/ticker")
        #expect(try await adapter.ticker(MEXCFormatTests.perpBTC).last == 31199)
        #expect(await market.exchanges.requests("mexc") == 2)
        try await market.stop()
    }

    @Test func unknownContractInsideA200IsARejection() async throws {
        try await withSimulatedMarket { market in
            let unknown = Instrument(
                exchange: .mexc, market: .perp, symbol: "NOPE_USDT", base: "NOPE", quote: "USDT", contractValue: 1)
            // The simulator's own answer, then the documented body recorded.
            await #expect(throws: MarketFailure.rejected(.mexc, code: "1001", message: "Contract does not exist")) {
                try await market.engine.adapter(.mexc).perpTicker(unknown)
            }
            await market.exchanges.record(
                try RecordedBody.text("mexc/futures_error_1001_contract_not_exist_docderived.json"),
                at: "/api/v1/contract/ticker")
            await #expect(throws: MarketFailure.rejected(.mexc, code: "1001", message: "Contract does not exist")) {
                try await market.engine.adapter(.mexc).openInterest(MEXCFormatTests.perpBTC)
            }
            #expect(await market.engine.limiter.bannedUntil(.mexc) == nil)
        }
    }

    // MARK: The simulator's MEXC

    @Test func simulatedListingsAreLinearAndSized() async throws {
        try await withSimulatedMarket { market in
            let perps = try await market.engine.adapter(.mexc).instruments(.perp)
            #expect(perps.count == 29)  // the inverse BTC_USD is left out
            #expect(perps.allSatisfy { $0.quote == "USDT" && $0.symbol == "\($0.base)_USDT" })
            #expect(perps.first { $0.base == "BTC" }?.contractValue == 0.0001)
            #expect(perps.first { $0.base == "DOGE" }?.contractValue == 100)
            let spots = try await market.engine.adapter(.mexc).instruments(.spot)
            #expect(spots.count == 30 && spots.contains { $0.symbol == "AAVEUSDT" })
        }
    }

    @Test(arguments: [Market.spot, .perp])
    func simulatedCandlesMatchTheModel(market kind: Market) async throws {
        try await withSimulatedMarket { market in
            let instrument = try await market.engine.resolve("ETH", on: .mexc, market: kind)
            let candles = try await market.engine.adapter(.mexc).candles(instrument, interval: .h1, limit: 24)
            let model = SimulatedUniverse().on("mexc").candles(
                "ETH", interval: 3_600_000, count: 24, at: SimulatorBench.frozenTime, perp: kind == .perp)
            #expect(candles.count == 24)
            #expect(candles.map(\.openTime) == model.map(\.openTime))
            #expect(zip(candles, model).allSatisfy { close($0.volume, $1.volume) && close($0.close, $1.close) })
            #expect(candles.map(\.isClosed) == Array(repeating: true, count: 23) + [false])
        }
    }

    @Test func tradeLimitsAreClampedToMEXCsOwnMaximum() async throws {
        try await withSimulatedMarket { market in
            let adapter = market.engine.adapter(.mexc)
            let spot = try await adapter.trades(
                try await market.engine.resolve("BTC", on: .mexc, market: .spot), limit: 5000)
            let perp = try await adapter.trades(
                try await market.engine.resolve("BTC", on: .mexc, market: .perp), limit: 5000)
            #expect(spot.count == 1000 && perp.count == 100)
            for trades in [spot, perp] {
                #expect(zip(trades, trades.dropFirst()).allSatisfy { $0.time <= $1.time })  // oldest first
                #expect(Set(trades.map(\.takerSide)).count == 2)
            }
        }
    }
}
