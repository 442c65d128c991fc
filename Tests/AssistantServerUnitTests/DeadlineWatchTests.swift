import AssistantTesting
import Testing

@testable import AssistantServer

/// The statements' time limits: one watch for every operation under way, on a test clock
/// (the watch's own task never runs here).
@Suite struct DeadlineWatchTests {
    @Test func anOperationPastItsDeadlineFailsWithoutWaitingForItsBody() async throws {
        let clock = TestClock()
        let watch = DeadlineWatch(tick: .seconds(3600), clock: clock.appClock)
        let never = OneShot<Int>()
        let operation = Task { try await watch.run(within: .seconds(5)) { await never.wait() ?? 0 } }
        while watch.count == 0 { await Task.yield() }
        clock.advance(by: .milliseconds(4_999))
        watch.expireDue()
        #expect(watch.count == 1, "not due yet")
        clock.advance(by: .milliseconds(1))
        watch.expireDue()
        await #expect(throws: TimeLimitExceeded.self) { try await operation.value }
        #expect(watch.count == 0)
        never.close()
    }

    @Test func anOperationThatEndsInTimeGivesItsResultAndLeavesNothingWatched() async throws {
        let clock = TestClock()
        let watch = DeadlineWatch(tick: .seconds(3600), clock: clock.appClock)
        #expect(try await watch.run(within: .seconds(5)) { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await watch.run(within: .seconds(5)) { throw Refused() } }
        #expect(watch.count == 0)
        clock.advance(by: .seconds(60))
        watch.expireDue()
    }

    @Test func cancellingTheCallerEndsTheWaitAtOnce() async throws {
        let watch = DeadlineWatch(tick: .seconds(3600), clock: TestClock().appClock)
        let never = OneShot<Int>()
        let operation = Task { try await watch.run(within: .seconds(60)) { await never.wait() ?? 0 } }
        while watch.count == 0 { await Task.yield() }
        operation.cancel()
        await #expect(throws: CancellationError.self) { try await operation.value }
        #expect(watch.count == 0)
        never.close()
    }

    @Test func aTimeLimitOfItsOwnRunsOutOnTheClockItWasGiven() async throws {
        let clock = TestClock()
        let never = OneShot<Int>()
        let operation = Task { try await withTimeLimit(.seconds(5), on: clock.appClock) { await never.wait() ?? 0 } }
        await clock.sleepers(atLeast: 1)
        clock.advance(by: .milliseconds(4_999))
        #expect(clock.sleeperCount == 1, "not due yet")
        clock.advance(by: .milliseconds(1))
        await #expect(throws: TimeLimitExceeded.self) { try await operation.value }
        #expect(try await withTimeLimit(.seconds(5), on: clock.appClock) { 42 } == 42)
        never.close()
    }
}
