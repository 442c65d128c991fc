import AssistantTesting
import MarketEngine
import Synchronization
import Testing

/// The market cache on a clock the test moves: time to live, merged loads, failures not
/// kept, and the bound.
@Suite struct CoalescingCacheTests {
    static func key(_ symbol: String) -> CacheKey { CacheKey(.ticker, .binance, market: .spot, symbol: symbol) }

    struct Failure: Error {}

    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int {
            value.withLock {
                $0 += 1
                return $0
            }
        }
        var count: Int { value.withLock { $0 } }
    }

    @Test func aValueIsServedUntilItsTimeToLivePasses() async throws {
        let clock = TestClock()
        let cache = CoalescingCache(clock: clock)
        let loads = Counter()
        func load() async throws -> Int {
            try await cache.value(Self.key("BTC"), ttl: .seconds(5)) { loads.next() }
        }
        #expect(try await load() == 1)
        clock.advance(by: .milliseconds(4_999))
        #expect(try await load() == 1)
        #expect(cache.cached(Self.key("BTC"), as: Int.self) == 1)
        clock.advance(by: .milliseconds(1))
        #expect(cache.cached(Self.key("BTC"), as: Int.self) == nil, "expired")
        #expect(try await load() == 2)
        #expect(cache.hits == 2 && cache.misses == 2)
    }

    @Test func concurrentRequestsForAColdKeyShareOneLoad() async throws {
        let cache = CoalescingCache(clock: TestClock())
        let loads = Counter()
        let (gate, open) = AsyncStream<Void>.makeStream()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    try await cache.value(Self.key("ETH"), ttl: .seconds(5)) {
                        _ = loads.next()
                        for await _ in gate { break }
                        return 42
                    }
                }
            }
            // Every request has joined the load before it may finish.
            while cache.misses < 100 { await Task.yield() }
            open.yield()
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(values == Array(repeating: 42, count: 100))
        #expect(loads.count == 1)
    }

    @Test func anExpiredValueAnswersOnlyWhenTheExchangeMayNotBeAsked() async throws {
        let clock = TestClock()
        let cache = CoalescingCache(clock: clock, staleGrace: .seconds(600))
        let key = Self.key("ETH")
        #expect(try await cache.value(key, ttl: .seconds(5)) { 1 } == 1)
        clock.advance(by: .seconds(6))
        let spent = MarketFailure(.rateLimited(untilEpochSeconds: 0), exchange: .binance)
        #expect(try await cache.value(key, ttl: .seconds(5)) { () async throws -> Int in throw spent } == 1)
        await #expect(throws: MarketFailure.self, "a timeout is news, not a reason for an old value") {
            try await cache.value(key, ttl: .seconds(5)) { () async throws -> Int in
                throw MarketFailure(.timeout, exchange: .binance)
            }
        }
        clock.advance(by: .seconds(600))
        await #expect(throws: MarketFailure.self, "past the grace") {
            try await cache.value(key, ttl: .seconds(5)) { () async throws -> Int in throw spent }
        }
        cache.purgeExpired()
        #expect(cache.count == 0)
    }

    @Test func aFailedLoadIsNotKept() async throws {
        let cache = CoalescingCache(clock: TestClock())
        await #expect(throws: Failure.self) {
            try await cache.value(Self.key("SOL"), ttl: .seconds(5)) { () async throws -> Int in throw Failure() }
        }
        #expect(try await cache.value(Self.key("SOL"), ttl: .seconds(5)) { 7 } == 7)
        #expect(cache.count == 1)
    }

    @Test func beyondCapacityTheEntriesClosestToExpiryGoFirst() async throws {
        let clock = TestClock()
        let cache = CoalescingCache(capacity: 2, clock: clock)
        _ = try await cache.value(Self.key("A"), ttl: .seconds(30)) { 1 }
        _ = try await cache.value(Self.key("B"), ttl: .seconds(10)) { 2 }
        _ = try await cache.value(Self.key("C"), ttl: .seconds(20)) { 3 }
        #expect(cache.count == 2)
        #expect(cache.cached(Self.key("B"), as: Int.self) == nil, "the one closest to expiry went")
        #expect(cache.cached(Self.key("A"), as: Int.self) == 1 && cache.cached(Self.key("C"), as: Int.self) == 3)
        clock.advance(by: .seconds(25))
        cache.purgeExpired()
        #expect(
            cache.count == 2, "C expired, but is kept for its grace (an answer while the exchange may not be asked)")
        clock.advance(by: .seconds(600))
        cache.purgeExpired()
        #expect(cache.count == 1)
    }
}
