import AssistantTesting
import MarketEngine
import MarketSimulator
import Testing

/// Gate's side that needs the simulator: its own answers mixed with recorded bodies, the
/// rate-limit answers against a real clock of requests, and the simulator's Gate format
/// against its model. The recorded bodies alone are `GateFormatTests`, in memory.
@Suite(.serialized) struct GateSimulatorTests {

    @Test func tooManyRequestsBansUntilRetryAfter() async throws {
        let clock = TestClock()
        let market = await SimulatorBench.start(limiter: RateLimitGuard(clock: clock.appClock))
        await market.exchanges.record(
            try RecordedBody.text("gate/error_TOO_MANY_REQUESTS_429_docderived.json"), status: 429,
            headers: [("Retry-After", "12")], at: "/api/v4/spot/tickers")
        let adapter = market.engine.adapter(.gate)
        let until = clock.wallMilliseconds / 1000 + 12
        await #expect(throws: MarketFailure.rateLimited(.gate, untilEpochSeconds: until)) {
            try await adapter.ticker(GateFormatTests.spot)
        }
        let calls = await market.exchanges.requests("gate")
        await #expect(throws: MarketFailure.rateLimited(.gate, untilEpochSeconds: until)) {
            try await adapter.instruments(.perp)
        }
        #expect(await market.exchanges.requests("gate") == calls)
        try await market.stop()
    }

    /// `X-Gate-RateLimit-Requests-Remain: 0` stops the next request before it leaves, until
    /// the reset time the same answer gave; a normal answer leaves requests to spare.
    @Test func noRequestsLeftHoldsTheNextUntilTheReset() async throws {
        let clock = TestClock()
        let limiter = RateLimitGuard(clock: clock.appClock)
        let market = await SimulatorBench.start(limiter: limiter)
        let adapter = market.engine.adapter(.gate)
        _ = try await adapter.instruments(.perp)
        #expect(await limiter.remainingRequests[.gate] == 199)
        #expect(await limiter.bannedUntil(.gate) == nil)

        let reset = clock.wallMilliseconds / 1000 + 7
        await market.exchanges.record(
            try RecordedBody.text("gate/spot_tickers_doc.json"),
            headers: [
                ("X-Gate-RateLimit-Requests-Remain", "0"), ("X-Gate-RateLimit-Limit", "200"),
                ("X-Gate-RateLimit-Reset-Timestamp", String(reset)),
            ], at: "/api/v4/spot/tickers")
        let etf = Instrument(exchange: .gate, market: .spot, symbol: "BTC3L_USDT", base: "BTC3L", quote: "USDT")
        #expect(try await adapter.ticker(etf).last == 2.46140352)  // the answer itself is used
        let calls = await market.exchanges.requests("gate")
        await #expect(throws: MarketFailure.rateLimited(.gate, untilEpochSeconds: reset)) {
            try await adapter.instruments(.spot)
        }
        #expect(await market.exchanges.requests("gate") == calls)

        clock.advance(by: .seconds(7))
        #expect(try await adapter.instruments(.spot).count == 30)
        #expect(await market.exchanges.requests("gate") == calls + 1)
        try await market.stop()
    }

    // MARK: The simulator's Gate against its model

    @Test func instrumentsAndMultipliersFromTheSimulator() async throws {
        let bench = await SimulatorBench.start()
        let adapter = bench.engine.adapter(.gate)
        #expect(try await adapter.instruments(.spot).count == 30)
        let perps = try await adapter.instruments(.perp)
        #expect(perps.count == 29)
        let sizes = Dictionary(uniqueKeysWithValues: perps.map { ($0.base, $0.contractValue) })
        #expect(sizes["BTC"] == 0.0001 && sizes["ETH"] == 0.01 && sizes["DOGE"] == 10 && sizes["SOL"] == 1)
        await #expect(throws: MarketFailure.rejected(.gate, code: "CONTRACT_NOT_FOUND", message: "contract not found"))
        {
            try await adapter.perpTicker(
                Instrument(exchange: .gate, market: .perp, symbol: "AAVE_USDT", base: "AAVE", quote: "USDT"))
        }
        await #expect(
            throws: MarketFailure.rejected(.gate, code: "INVALID_CURRENCY_PAIR", message: "Invalid currency pair")
        ) {
            try await adapter.ticker(
                Instrument(exchange: .gate, market: .spot, symbol: "FOO_USDT", base: "FOO", quote: "USDT"))
        }
        try await bench.stop()
    }

    @Test(arguments: [Market.spot, .perp])
    func candlesRoundTrip(market: Market) async throws {
        let bench = await SimulatorBench.start()
        let instrument = try await bench.engine.resolve("BTC", on: .gate, market: market)
        let candles = try await bench.engine.adapter(.gate).candles(instrument, interval: .h1, limit: 23)
        let model = SimulatedUniverse().on("gate").candles(
            "BTC", interval: 3_600_000, count: 23, at: SimulatorBench.frozenTime, perp: market == .perp)
        #expect(candles.count == 23)
        for (bar, expected) in zip(candles, model) {
            #expect(bar.openTime == expected.openTime)
            #expect(close(bar.open, expected.open) && close(bar.high, expected.high))
            #expect(close(bar.low, expected.low) && close(bar.close, expected.close))
            #expect(close(bar.volume, expected.volume), "\(bar.volume) against \(expected.volume)")
            #expect(close(bar.quoteVolume, expected.quoteVolume))
            #expect(bar.isClosed == expected.isClosed)
        }
        try await bench.stop()
    }

    /// Fractional contracts survive only as decimal strings: were `X-Gate-Size-Decimal` not
    /// sent, the simulator (as Gate) would cut them to whole contracts.
    @Test(arguments: [Market.spot, .perp])
    func tradesRoundTripAndClampToAThousand(market: Market) async throws {
        let bench = await SimulatorBench.start()
        let instrument = try await bench.engine.resolve("BTC", on: .gate, market: market)
        let trades = try await bench.engine.adapter(.gate).trades(instrument, limit: 5000)
        #expect(trades.count == 1000)
        let model = SimulatedUniverse().on("gate").trades(
            "BTC", count: 1000, at: SimulatorBench.frozenTime, perp: market == .perp)
        #expect(trades.map(\.time) == model.map(\.time))
        #expect(trades.map { $0.takerSide == .buy } == model.map(\.buy))
        #expect(zip(trades, model).allSatisfy { close($0.size, $1.size, tolerance: 1e-9) })
        #expect(zip(trades, model).allSatisfy { close($0.price, $1.price) })
        try await bench.stop()
    }

    @Test func openInterestRoundTrip() async throws {
        let bench = await SimulatorBench.start()
        let model = try #require(await bench.exchanges.market("BTC", on: "gate"))
        let instrument = try await bench.engine.resolve("BTC", on: .gate, market: .perp)
        let adapter = bench.engine.adapter(.gate)
        let now = try await adapter.openInterest(instrument)
        #expect(close(now.base, model.openInterest))
        #expect(close(now.usd, model.openInterest * model.markPrice))
        let history = try await adapter.openInterestHistory(instrument, period: .h1, limit: 25)
        let points = SimulatedUniverse().on("gate").openInterestHistory(
            "BTC", period: 3_600_000, count: 25, at: SimulatorBench.frozenTime)
        #expect(history.map(\.time) == points.map(\.time))
        #expect(zip(history, points).allSatisfy { close($0.base, $1.base) && close($0.usd, $1.base * $1.price) })
        try await bench.stop()
    }
}
