import AssistantTesting
import Testing

@testable import MarketEngine

/// The engine keeps no time of its own: its retries wait, its bans run out and its undated
/// readings are stamped on the clock it was given.
@Suite(.timeLimit(.minutes(1))) struct AppClockTests {
    @Test func aRetryWaitsOnTheGatewaysClock() async throws {
        let clock = TestClock()
        let exchanges = RecordedExchanges()
        await exchanges.record("{}", status: 503, at: "/v5/market/time")
        let gateway = ExchangeGateway(
            exchange: .bybit, baseURL: RecordedExchanges.endpoints.bybit, http: exchanges,
            policy: .init(retries: 2, initialBackoff: .seconds(1)), limiter: RateLimitGuard(clock: clock.appClock),
            clock: clock.appClock)
        let request = Task { try await gateway.get("/v5/market/time") }
        await clock.sleepers(atLeast: 1)
        #expect(await exchanges.requests("bybit") == 1, "the first answer, then a wait on the test clock")
        clock.advance(by: .seconds(1))
        await clock.sleepers(atLeast: 1)
        #expect(await exchanges.requests("bybit") == 2)
        clock.advance(by: .seconds(2))
        await #expect(throws: MarketFailure.httpStatus(.bybit, 503)) { try await request.value }
        #expect(await exchanges.requests("bybit") == 3, "two retries, no more")
    }

    @Test func theSystemClockIsMonotonicAndOnTheWall() async throws {
        let clock = AppClock.system
        let start = clock.now
        try await clock.sleep(for: .milliseconds(5))
        #expect(clock.elapsed(since: start) >= .milliseconds(5))
        // 2026-01-01: a wall clock read in seconds or microseconds would be far off.
        #expect(clock.wallMilliseconds > 1_767_225_600_000 && clock.wallMilliseconds < 4_102_444_800_000)
        #expect(
            clock.wallSeconds == clock.wallMilliseconds / 1000 || clock.wallSeconds + 1 == clock.wallMilliseconds / 1000
        )
    }

    @Test func aTestClockSeenAsTheAppClockMovesWithIt() {
        let test = TestClock(epochMilliseconds: 1_000_000)
        let clock = test.appClock
        let start = clock.now
        test.advance(by: .milliseconds(2_500))
        #expect(clock.elapsed(since: start) == .milliseconds(2_500))
        #expect(clock.wallMilliseconds == 1_002_500 && clock.wallSeconds == 1_002)
    }
}
