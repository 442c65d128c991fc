import AssistantTesting
import Testing

@testable import AssistantServer

/// The one-shot value behind inline replies and the listening port.
@Suite struct OneShotTests {
    @Test func everyWaiterGetsTheValueGivenOnce() async {
        let shot = OneShot<Int>()
        let values = await withTaskGroup(of: Int?.self) { group in
            for _ in 0..<50 { group.addTask { await shot.wait() } }
            #expect(shot.offer(7))
            return await group.reduce(into: [Int?]()) { $0.append($1) }
        }
        #expect(values == Array(repeating: 7, count: 50))
        #expect(shot.offer(8) == false, "given once")
        #expect(await shot.wait() == 7, "a late waiter gets it at once")
        #expect(shot.value == 7)
    }

    @Test func aValueGivenBeforeAnyoneWaitsIsKept() async {
        let shot = OneShot<String>()
        #expect(shot.offer("early"))
        shot.close()
        #expect(await shot.wait() == "early", "closing after the value changes nothing")
    }

    @Test func closingEndsEveryWaitWithoutAValueAndRefusesLaterOffers() async {
        let shot = OneShot<Int>()
        async let first = shot.wait()
        async let second = shot.wait()
        shot.close()
        #expect(await first == nil)
        #expect(await second == nil)
        #expect(shot.offer(1) == false)
        #expect(await shot.wait() == nil)
        #expect(OneShot<Int>.closed.offer(1) == false)
    }
}
