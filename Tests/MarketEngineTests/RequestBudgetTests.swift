import AssistantTesting
import Testing

@testable import MarketEngine

/// The gateway keeps every exchange inside its published limits: a request past the budget
/// waits for room or fails saying when to retry, and none reaches the exchange meanwhile.
@Suite(.timeLimit(.minutes(1))) struct RequestBudgetTests {
    static func gateway(
        _ exchange: Exchange, _ baseURL: String, _ exchanges: RecordedExchanges, clock: TestClock,
        maxBudgetWait: Duration = .zero, limiter: RateLimitGuard? = nil
    ) -> ExchangeGateway {
        ExchangeGateway(
            exchange: exchange, baseURL: baseURL, http: exchanges,
            policy: .init(retries: 0, maxBudgetWait: maxBudgetWait),
            limiter: limiter ?? RateLimitGuard(clock: clock.appClock), clock: clock.appClock)
    }

    @Test func aWindowHoldsItsLimitAndFreesAsItSlides() {
        let clock = TestClock()
        var budget = RequestBudget(limit: 10, window: .seconds(2))
        let start = clock.appClock.now
        budget.book(4, at: start)
        budget.book(6, at: start.advanced(by: .seconds(1)))
        #expect(budget.wait(for: 1, at: start.advanced(by: .seconds(1))) == .seconds(1), "the first 4 leave at 2 s")
        #expect(budget.wait(for: 5, at: start.advanced(by: .seconds(1))) == .seconds(2), "5 need the second entry gone")
        #expect(budget.wait(for: 4, at: start.advanced(by: .seconds(2))) == .zero)
        #expect(budget.spent(at: start.advanced(by: .seconds(3))) == 0)
        budget.observe(used: 7, at: start.advanced(by: .seconds(3)))
        #expect(budget.wait(for: 4, at: start.advanced(by: .seconds(3))) > .zero, "the exchange's count is obeyed")
    }

    @Test func okxPastItsEndpointsBudgetSaysWhenAndSendsNothing() async throws {
        let clock = TestClock()
        let exchanges = RecordedExchanges()
        await exchanges.record(#"{"code":"0","data":[]}"#, at: "/api/v5/market/ticker")
        await exchanges.record(#"{"code":"0","data":[]}"#, at: "/api/v5/market/candles")
        let okx = Self.gateway(.okx, RecordedExchanges.endpoints.okx, exchanges, clock: clock)
        // 20 per 2 s published, 16 kept.
        for index in 0..<16 { _ = try await okx.get("/api/v5/market/ticker", [("instId", "C\(index)-USDT")]) }
        await #expect(throws: MarketFailure.rateLimited(.okx, untilEpochSeconds: clock.appClock.wallSeconds + 2)) {
            try await okx.get("/api/v5/market/ticker", [("instId", "BTC-USDT")])
        }
        #expect(await exchanges.requests("okx") == 16, "the refused one never left")
        _ = try await okx.get("/api/v5/market/candles", [("instId", "BTC-USDT")])
        #expect(await exchanges.requests("okx") == 17, "another endpoint has a budget of its own")
        clock.advance(by: .seconds(2))
        _ = try await okx.get("/api/v5/market/ticker", [("instId", "BTC-USDT")])
    }

    @Test func aShortWaitIsWaitedOnTheClock() async throws {
        let clock = TestClock()
        let exchanges = RecordedExchanges()
        await exchanges.record("{}", at: "/api/v1/contract/detail")
        let mexc = Self.gateway(
            .mexc, RecordedExchanges.endpoints.mexcFutures, exchanges, clock: clock, maxBudgetWait: .seconds(5))
        _ = try await mexc.get("/api/v1/contract/detail")
        let second = Task { try await mexc.get("/api/v1/contract/detail") }
        await clock.sleepers(atLeast: 1)
        #expect(await exchanges.requests("mexc") == 1, "1 per 5 s: the second waits")
        clock.advance(by: .seconds(5))
        _ = try await second.value
        #expect(await exchanges.requests("mexc") == 2)
    }

    @Test func binancesUsedWeightIsObeyed() async throws {
        let clock = TestClock()
        let exchanges = RecordedExchanges()
        await exchanges.record("[]", headers: [("X-MBX-USED-WEIGHT-1M", "4800")], at: "/api/v3/klines")
        let binance = Self.gateway(.binance, RecordedExchanges.endpoints.binanceSpot, exchanges, clock: clock)
        _ = try await binance.get("/api/v3/klines", [("symbol", "BTCUSDT")])
        await #expect(throws: MarketFailure.self) { try await binance.get("/api/v3/klines", [("symbol", "ETHUSDT")]) }
        #expect(await exchanges.requests("binance") == 1, "another process spent the minute: we wait")
        clock.advance(by: .seconds(60))
        _ = try await binance.get("/api/v3/klines", [("symbol", "ETHUSDT")])
    }

    @Test func bybitsAccessTooFrequentStopsEveryRequestForTenMinutes() async throws {
        let clock = TestClock()
        let exchanges = RecordedExchanges()
        await exchanges.record("access too frequent", status: 403, at: "/v5/market/tickers")
        let limiter = RateLimitGuard(clock: clock.appClock)
        let bybit = Self.gateway(.bybit, RecordedExchanges.endpoints.bybit, exchanges, clock: clock, limiter: limiter)
        await #expect(throws: MarketFailure.rateLimited(.bybit, untilEpochSeconds: clock.appClock.wallSeconds + 600)) {
            try await bybit.get("/v5/market/tickers")
        }
        await #expect(throws: MarketFailure.self) { try await bybit.get("/v5/market/kline") }
        #expect(await exchanges.requests("bybit") == 1)
    }

    @Test func weightsAndEndpointsFollowThePublishedRules() {
        #expect(RequestLimits.cost(.binance, path: "/api/v3/ticker/24hr", query: "").weight == 80)
        #expect(RequestLimits.cost(.binance, path: "/api/v3/ticker/24hr", query: "symbol=BTCUSDT").weight == 2)
        #expect(RequestLimits.cost(.binance, path: "/fapi/v1/klines", query: "symbol=X&limit=1500").weight == 10)
        #expect(RequestLimits.cost(.binance, path: "/fapi/v1/klines", query: "symbol=X&limit=99").weight == 1)
        #expect(RequestLimits.cost(.binance, path: "/fapi/v1/klines", query: "symbol=X").weight == 5)
        #expect(
            RequestLimits.cost(.binance, path: "/futures/data/openInterestHist", query: "").budgets.map(\.key) == [
                "binance:futures-data"
            ])
        #expect(RequestLimits.endpointName("/api/v1/contract/deals/BTC_USDT") == "/api/v1/contract/deals/{symbol}")
        #expect(
            RequestLimits.endpointName("/api/v4/futures/usdt/contract_stats") == "/api/v4/futures/usdt/contract_stats")
        #expect(RequestLimits.endpointName("/fapi/v1/openInterest") == "/fapi/v1/openInterest")
        let detail = RequestLimits.cost(.mexc, path: "/api/v1/contract/detail", query: "").budgets
        #expect(detail.map(\.limit) == [1], "never below one request")
    }
}
