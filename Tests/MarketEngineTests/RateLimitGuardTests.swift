import AssistantTesting
import AsyncHTTPClient
import Logging
import MarketEngine
import MarketSimulator
import Testing

/// Bans after 429/418 on a wall clock the test moves: not one request while banned, and
/// requests resume the moment the ban has passed, without sleeping through it.
@Suite struct RateLimitGuardTests {
    @Test func aBanHoldsUntilItsSecondAndALongerOneWins() async throws {
        let clock = TestClock()
        let limiter = RateLimitGuard(clock: clock.appClock)
        let now = clock.wallMilliseconds / 1000
        let failure = await limiter.ban(.okx, forSeconds: 15)
        #expect(failure == .rateLimited(.okx, untilEpochSeconds: now + 15))
        #expect(await limiter.bannedUntil(.okx) == now + 15)
        #expect(await limiter.bannedUntil(.bybit) == nil, "other exchanges go on")
        _ = await limiter.ban(.okx, forSeconds: 5)
        #expect(await limiter.bannedUntil(.okx) == now + 15, "a shorter ban does not shorten it")
        _ = await limiter.ban(.okx, forSeconds: 0)
        #expect(await limiter.bannedUntil(.okx) == now + 15)
        clock.advance(by: .seconds(14))
        #expect(await limiter.bannedUntil(.okx) == now + 15)
        clock.advance(by: .seconds(1))
        #expect(await limiter.bannedUntil(.okx) == nil)
    }

    @Test func afterRetryAfterPassesRequestsResume() async throws {
        let clock = TestClock()
        let market = await SimulatedMarket.start(limiter: RateLimitGuard(clock: clock.appClock))
        let (server, engine) = (market.server, market.engine)
        await server.exchanges.inject(.init(exchange: "okx", kind: .status, status: 429, retryAfter: 15))

        await #expect(throws: MarketFailure.self) { try await engine.instruments(.okx, .spot) }
        let callsInWindow = await server.exchanges.requests("okx")
        for _ in 0..<5 {
            await #expect(throws: MarketFailure.self) { try await engine.instruments(.okx, .spot) }
        }
        clock.advance(by: .seconds(14))
        await #expect(throws: MarketFailure.self) { try await engine.instruments(.okx, .spot) }
        #expect(await server.exchanges.requests("okx") == callsInWindow, "not one request during the ban")

        clock.advance(by: .seconds(1))
        let instruments = try await engine.instruments(.okx, .spot)
        #expect(!instruments.isEmpty)
        #expect(await server.exchanges.requests("okx") > callsInWindow)

        try await market.stop()
    }
}
