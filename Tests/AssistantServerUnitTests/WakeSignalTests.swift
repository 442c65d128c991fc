import Testing

@testable import AssistantServer

@Suite(.timeLimit(.minutes(1))) struct WakeSignalTests {
    @Test func aRingBeforeTheWaitIsKeptAndRingsMerge() async {
        let signal = WakeSignal()
        signal.ring()
        signal.ring()
        await signal.wait()  // returns: the ring was kept
        let second = Task { await signal.wait() }
        signal.ring()
        await second.value  // returns: rung while waiting (or just before)
    }

    @Test func cancellingTheWaiterEndsItsWaitAndLeavesTheSignalUsable() async {
        let signal = WakeSignal()
        let waiting = Task {
            await signal.wait()
            return Task.isCancelled
        }
        waiting.cancel()
        #expect(await waiting.value, "the wait ended by cancellation, not by a ring")
        let next = Task { await signal.wait() }
        signal.ring()
        await next.value
    }
}
