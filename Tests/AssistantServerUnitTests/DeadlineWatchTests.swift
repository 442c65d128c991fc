import Testing

@testable import AssistantServer

/// The statements' time limits: one watch for every operation under way, on instants the
/// test gives (the watch's own task never runs here).
@Suite struct DeadlineWatchTests {
    @Test func anOperationPastItsDeadlineFailsWithoutWaitingForItsBody() async throws {
        let watch = DeadlineWatch(tick: .seconds(3600))
        let never = OneShot<Int>()
        let started = ContinuousClock.now
        let operation = Task { try await watch.run(within: .seconds(5)) { await never.wait() ?? 0 } }
        while watch.count == 0 { await Task.yield() }
        watch.expire(at: started)
        #expect(watch.count == 1, "not due yet")
        watch.expire(at: .now + .seconds(5))
        await #expect(throws: TimeLimitExceeded.self) { try await operation.value }
        #expect(watch.count == 0)
        never.close()
    }

    @Test func anOperationThatEndsInTimeGivesItsResultAndLeavesNothingWatched() async throws {
        let watch = DeadlineWatch(tick: .seconds(3600))
        #expect(try await watch.run(within: .seconds(5)) { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await watch.run(within: .seconds(5)) { throw Refused() } }
        #expect(watch.count == 0)
        watch.expire(at: .now + .seconds(60))
    }

    @Test func cancellingTheCallerEndsTheWaitAtOnce() async throws {
        let watch = DeadlineWatch(tick: .seconds(3600))
        let never = OneShot<Int>()
        let operation = Task { try await watch.run(within: .seconds(60)) { await never.wait() ?? 0 } }
        while watch.count == 0 { await Task.yield() }
        operation.cancel()
        await #expect(throws: CancellationError.self) { try await operation.value }
        #expect(watch.count == 0)
        never.close()
    }
}
