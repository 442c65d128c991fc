import AssistantTesting
import MarketEngine
import MarketSimulator
import Testing

@Suite struct EngineBehaviourTests {
    @Test func hundredConcurrentColdPricesCauseOneRequestPerEndpoint() async throws {
        let bench = await SimulatorBench.start()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 {
                group.addTask { _ = try? await bench.engine.price("BTC", on: .binance) }
            }
        }
        let stats = await bench.exchanges.stats["binance"] ?? [:]
        #expect(
            stats == [
                "/api/v3/exchangeInfo": 1, "/fapi/v1/exchangeInfo": 1, "/api/v3/ticker/24hr": 1,
                "/fapi/v1/ticker/24hr": 1, "/fapi/v1/premiumIndex": 1,
            ])
        try await bench.stop()
    }

    /// Coalescing holds for every adapter: 100 concurrent cold prices make exactly the
    /// requests one makes alone (counted per path; some paths serve spot and perp).
    @Test(.serialized, arguments: Exchange.allCases)
    func hundredConcurrentColdPricesMakeTheRequestsOfOne(exchange: Exchange) async throws {
        let alone = await SimulatorBench.start()
        _ = try await alone.engine.price("BTC", on: exchange)
        let one = await alone.exchanges.stats[exchange.rawValue] ?? [:]
        try await alone.stop()
        let bench = await SimulatorBench.start()
        let prices = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<100 {
                group.addTask { (try? await bench.engine.price("BTC", on: exchange)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(prices == 100)
        #expect(!one.isEmpty)
        #expect(await bench.exchanges.stats[exchange.rawValue] == one)
        try await bench.stop()
    }

    @Test func adaptersAreCreatedOnFirstUse() async throws {
        let bench = await SimulatorBench.start()
        #expect(bench.engine.loadedExchanges.isEmpty)
        _ = try await bench.engine.price("BTC", on: .bybit)
        #expect(bench.engine.loadedExchanges == [.bybit])
        #expect(await bench.exchanges.requests("binance") == 0)
        try await bench.stop()
    }

    @Test(arguments: ["btc", "BTC", "btcusdt", "BTC/USDT", "btc-usdt", "BTC-USDT-SWAP", " Btc_Usdt ", "BTCUSDT.P"])
    func symbolSpellingsResolve(input: String) async throws {
        let bench = await SimulatorBench.start()
        for exchange in Exchange.allCases {
            let instrument = try await bench.engine.resolve(input, on: exchange, market: .perp)
            #expect(instrument.base == "BTC" && instrument.quote == "USDT")
        }
        try await bench.stop()
    }

    @Test func unknownSymbolsGetCloseMatches() async throws {
        let bench = await SimulatorBench.start()
        await #expect(throws: MarketFailure.unknownSymbol("btcc", suggestions: ["BTC", "BCH", "ETC"])) {
            try await bench.engine.resolve("btcc", on: .binance, market: .spot)
        }
        await #expect(throws: MarketFailure.unknownSymbol("../../etc", suggestions: [])) {
            try await bench.engine.price("../../etc", on: .okx)
        }
        await #expect(throws: MarketFailure.unknownSymbol("ZZZZZZZZ", suggestions: [])) {
            try await bench.engine.price("ZZZZZZZZ", on: .bybit)
        }
        try await bench.stop()
    }

    /// The warm path answers from the cache alone: the same snapshot, no upstream request,
    /// and a spot-only pair or an unknown symbol answered as on the cold path.
    @Test func warmPricesComeFromTheCacheAlone() async throws {
        // Long enough that nothing expires on a loaded machine between the reads.
        var freshness = MarketEngine.Freshness()
        freshness.ticker = .seconds(600)
        freshness.funding = .seconds(600)
        let bench = await SimulatorBench.start(freshness: freshness)
        let cold = try await bench.engine.price("BTC", on: .binance)
        _ = try await bench.engine.price("AAVE", on: .binance)
        let requests = await bench.exchanges.requests("binance")
        let hitsBefore = bench.engine.cache.hits
        let warm = try await bench.engine.price("btc/usdt", on: .binance)
        #expect(warm.pair == cold.pair && warm.failures.isEmpty)
        #expect(warm.spot?.last == cold.spot?.last && warm.perp?.last == cold.perp?.last)
        #expect(warm.funding?.fundingRate == cold.funding?.fundingRate && warm.spot != nil && warm.funding != nil)
        #expect(bench.engine.cache.hits == hitsBefore + 5)  // two lists, two tickers, funding
        let spotOnly = try await bench.engine.price("AAVE", on: .binance)
        #expect(spotOnly.spot != nil && spotOnly.perp == nil && spotOnly.funding == nil)
        await #expect(throws: MarketFailure.unknownSymbol("BTCC", suggestions: ["BTC", "BCH", "ETC"])) {
            try await bench.engine.price("BTCC", on: .binance)
        }
        #expect(await bench.exchanges.requests("binance") == requests)
        try await bench.stop()
    }

    @Test func spotOnlyPairHasNoPerpPart() async throws {
        let bench = await SimulatorBench.start()
        let snapshot = try await bench.engine.price("AAVE", on: .binance)
        #expect(snapshot.spot != nil && snapshot.perp == nil && snapshot.funding == nil)
        #expect(snapshot.failures.isEmpty)
        try await bench.stop()
    }
}

@Suite struct FaultTests {
    @Test func rateLimitStopsAllCallsUntilRetryAfter() async throws {
        // The ban on a test clock: it lasts until the test moves it, however long a loaded
        // machine takes to make the calls below.
        let clock = TestClock()
        let bench = await SimulatorBench.start(limiter: RateLimitGuard(clock: clock.appClock))
        await bench.exchanges.inject(.init(exchange: "binance", kind: .status, status: 429, retryAfter: 30))
        let asked = clock.appClock.wallSeconds
        await #expect {
            try await bench.engine.instruments(.binance, .spot)
        } throws: { error in
            guard let failure = error as? MarketFailure, failure.exchange == .binance,
                case .rateLimited(let until) = failure.reason
            else { return false }
            return until >= asked + 30
        }
        let calls = await bench.exchanges.requests("binance")
        for _ in 0..<20 {
            _ = try? await bench.engine.price("ETH", on: .binance)
        }
        #expect(await bench.exchanges.requests("binance") == calls)  // not one call during the ban
        clock.advance(by: .seconds(30))
        _ = try await bench.engine.price("ETH", on: .binance)
        #expect(await bench.exchanges.requests("binance") > calls, "asked again once the ban is over")
        #expect("\(MarketFailure.rateLimited(.binance, untilEpochSeconds: 3723))".contains("until 01:02:03 UTC"))
        try await bench.stop()
    }

    @Test(arguments: [
        (ExchangeSimulator.Fault.Kind.garbage, "answered garbage (not JSON)"),
        (.truncated, "answered garbage"),
        (.wrongShape, "answered garbage (unexpected JSON shape)"),
    ])
    func garbageIsAnErrorNamingTheExchange(kind: ExchangeSimulator.Fault.Kind, text: String) async throws {
        let bench = await SimulatorBench.start()
        for exchange in Exchange.allCases {
            await bench.exchanges.inject(.init(exchange: exchange.rawValue, kind: kind))
            do {
                _ = try await bench.engine.instruments(exchange, .spot)
                Issue.record("\(exchange) accepted \(kind)")
            } catch let error as MarketFailure {
                #expect(error.exchange == exchange)
                #expect("\(error)".hasPrefix(exchange.displayName + " " + text), "\(error)")
            }
        }
        try await bench.stop()
    }

    @Test func serverErrorsAreRetriedWithBackoff() async throws {
        let bench = await SimulatorBench.start()
        await bench.exchanges.inject(.init(exchange: "bybit", kind: .status, status: 502, count: 2))
        let instruments = try await bench.engine.instruments(.bybit, .spot)
        #expect(instruments.count == 30)
        #expect(await bench.exchanges.requests("bybit") == 3)

        await bench.exchanges.inject(.init(exchange: "okx", kind: .status, status: 503, count: 5))
        await #expect(throws: MarketFailure(.httpStatus(503), exchange: .okx)) {
            try await bench.engine.instruments(.okx, .spot)
        }
        #expect(await bench.exchanges.requests("okx") == 3)  // one try and two retries, no more
        try await bench.stop()
    }

    @Test func connectionResetMidBodyIsRetriedThenReported() async throws {
        let bench = await SimulatorBench.start()
        await bench.exchanges.inject(.init(exchange: "bybit", kind: .reset))
        #expect(try await bench.engine.instruments(.bybit, .spot).count == 30)
        #expect(await bench.exchanges.requests("bybit") == 2)  // the reset, then the retry

        await bench.exchanges.inject(.init(exchange: "okx", kind: .reset, count: 5))
        await #expect {
            try await bench.engine.instruments(.okx, .spot)
        } throws: { error in
            error as? MarketFailure == MarketFailure(.connection(.reset), exchange: .okx)
        }
        try await bench.stop()
    }

    @Test func envelopeErrorsAreTheExchangesOwnWords() async throws {
        let bench = await SimulatorBench.start()
        await bench.exchanges.inject(.init(exchange: "bybit", kind: .envelopeError))
        await #expect(throws: MarketFailure.rejected(.bybit, code: "10016", message: "Internal system error.")) {
            try await bench.engine.instruments(.bybit, .perp)
        }
        await bench.exchanges.inject(.init(exchange: "okx", kind: .envelopeError))
        await #expect(throws: MarketFailure.rejected(.okx, code: "50026", message: "System error. Try again later.")) {
            try await bench.engine.instruments(.okx, .perp)
        }
        try await bench.stop()
    }

    @Test func slowExchangeTimesOutAndOthersStillAnswer() async throws {
        // Margins wide enough for a loaded machine: a 5 s timeout against a 12 s delay. With
        // 2 s, Binance's own reads timed out once while the whole suite ran on two cores.
        let bench = await SimulatorBench.start(timeout: .seconds(5))
        await bench.exchanges.inject(.init(exchange: "okx", kind: .delay, delayMilliseconds: 12_000, count: 10))
        async let okx = Result { try await bench.engine.price("BTC", on: .okx) }
        async let binance = Result { try await bench.engine.price("BTC", on: .binance) }
        guard case .failure(let error) = await okx else {
            Issue.record("OKX answered despite the delay")
            return
        }
        #expect(error as? MarketFailure == .timedOut(.okx))
        #expect("\(error)" == "OKX did not answer in time")
        #expect((try? await binance.get())?.spot != nil)
        try await bench.stop()
    }

    @Test func partFailureStillReturnsTheRest() async throws {
        // The spot ticker must still be cached when the futures call fails: a 2 s cache ran
        // out once on a loaded machine before the second read.
        var freshness = MarketEngine.Freshness()
        freshness.ticker = .seconds(600)
        let bench = await SimulatorBench.start(freshness: freshness)
        _ = try await bench.engine.instruments(.binance, .spot)
        _ = try await bench.engine.instruments(.binance, .perp)
        _ = try await bench.engine.ticker(try await bench.engine.resolve("BTC", on: .binance, market: .spot))
        // Spot is cached now; the next futures call fails.
        await bench.exchanges.inject(.init(exchange: "binance", kind: .garbage, count: 2))
        let snapshot = try await bench.engine.price("BTC", on: .binance)
        #expect(snapshot.spot != nil)
        #expect(snapshot.perp == nil || snapshot.funding == nil)
        // The perp part names its failure as data: which part, the exchange and why.
        #expect(snapshot.failures[.spot] == nil)
        let failure = try #require(snapshot.failures[.perp])
        #expect(failure.exchange == .binance)
        #expect(failure.reason == .badResponse("not JSON"))
        #expect(failure.description.hasPrefix("Binance answered garbage"))
        try await bench.stop()
    }
}
