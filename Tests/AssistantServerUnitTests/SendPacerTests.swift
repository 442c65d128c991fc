import AssistantTesting
import MarketEngine
import Testing

@testable import AssistantServer

/// The pacing arithmetic with Telegram's policy, on a clock the test moves: when each send
/// may go, and what it books.
@Suite struct SendPacerTests {
    typealias Turn = SendPacer<TestClock>.Turn

    /// A turn as "at 1000" or "not before 1000" (milliseconds after the start).
    static func describe(_ turn: Turn) -> String {
        func milliseconds(_ instant: TestClock.Instant) -> Int64 {
            let (seconds, attoseconds) = instant.offset.components
            return seconds * 1000 + attoseconds / 1_000_000_000_000_000
        }
        switch turn {
        case .at(let instant): return "at \(milliseconds(instant))"
        case .notBefore(let instant): return "not before \(milliseconds(instant))"
        }
    }

    static func book(_ pacer: SendPacer<TestClock>, _ chat: Int64, times: Int = 1) async -> [String] {
        var turns: [String] = []
        for _ in 0..<times { turns.append(describe(await pacer.book(chatID: chat))) }
        return turns
    }

    @Test func aPrivateChatGetsABurstOfThreeThenOneASecond() async {
        let clock = TestClock()
        let pacer = SendPacer(policy: .telegram, clock: clock)
        #expect(await Self.book(pacer, 1, times: 3) == ["at 0", "at 0", "at 0"])
        #expect(await Self.book(pacer, 1, times: 2) == ["not before 1000", "not before 1000"], "nothing booked")
        clock.advance(by: .seconds(1))
        #expect(await Self.book(pacer, 1, times: 2) == ["at 1000", "not before 2000"])
    }

    @Test func aGroupGetsTwentyThenOneEveryThreeSeconds() async {
        let clock = TestClock()
        let pacer = SendPacer(policy: .telegram, clock: clock)
        #expect(await Self.book(pacer, -100, times: 20) == Array(repeating: "at 0", count: 20))
        #expect(await Self.book(pacer, -100) == ["not before 3000"])
        clock.advance(by: .seconds(3))
        #expect(await Self.book(pacer, -100, times: 2) == ["at 3000", "not before 6000"])
    }

    @Test func theBotAsAWholeGetsThirtyThenOneEvery33MillisecondsInOrder() async {
        let pacer = SendPacer(policy: .telegram, clock: TestClock())
        var turns: [String] = []
        for chat in 1...32 { turns += await Self.book(pacer, Int64(chat)) }
        #expect(Array(turns.prefix(30)) == Array(repeating: "at 0", count: 30))
        #expect(Array(turns.suffix(2)) == ["at 33", "at 66"], "booked ahead, in order")
    }

    @Test func timeThatPassedRefillsTheBurst() async {
        let clock = TestClock()
        let pacer = SendPacer(policy: .telegram, clock: clock)
        _ = await Self.book(pacer, 1, times: 3)
        clock.advance(by: .seconds(10))
        #expect(await Self.book(pacer, 1, times: 4) == ["at 10000", "at 10000", "at 10000", "not before 11000"])
    }

    @Test func retryAfterHoldsTheChatForTheWholeDelayAndNoOtherChat() async {
        let clock = TestClock()
        let pacer = SendPacer(policy: .telegram, clock: clock)
        await pacer.hold(chatID: 5, for: .seconds(7))
        #expect(await Self.book(pacer, 5) == ["not before 7000"], "despite the burst allowance")
        #expect(await Self.book(pacer, 6, times: 3) == ["at 0", "at 0", "at 0"], "the held chat books nothing")
        clock.advance(by: .seconds(7))
        #expect(await Self.book(pacer, 5) == ["at 7000"])
    }

    /// A 429 does not say which limit was hit: a second chat refused while the first is
    /// still held reads as the bot's limit, and the bot is held for what Telegram said.
    @Test func aSecondChatRefusedMeanwhileHoldsTheBotForWhatTelegramSaid() async {
        let clock = TestClock()
        let pacer = SendPacer(policy: .telegram, clock: clock)
        #expect(await pacer.hold(chatID: 5, for: .seconds(7)) == false)
        #expect(await Self.book(pacer, 6) == ["at 0"], "one chat's 429 is its own")
        clock.advance(by: .seconds(2))
        #expect(await pacer.hold(chatID: 8, for: .seconds(3)) == true, "chat 5 is still held: the bot's limit")
        #expect(await Self.book(pacer, 9) == ["at 5000"], "every chat waits the 3 s Telegram said, from 2 s")
        // Once the holds ran out, a lone refusal is a chat's own again.
        clock.advance(by: .seconds(10))
        #expect(await pacer.hold(chatID: 10, for: .seconds(3)) == false)
        #expect(await Self.book(pacer, 11) == ["at 12000"])
    }

    @Test func waitTurnSleepsUntilTheChatMaySend() async throws {
        let clock = TestClock()
        let pacer = SendPacer(policy: .telegram, clock: clock)
        for _ in 0..<3 { try await pacer.waitTurn(chatID: 1) }  // the burst: no sleep
        #expect(clock.sleeperCount == 0)
        async let fourth: Void = pacer.waitTurn(chatID: 1)
        await clock.sleepers(atLeast: 1)
        clock.advance(by: .milliseconds(999))
        #expect(clock.sleeperCount == 1, "still waiting 1 ms before its turn")
        clock.advance(by: .milliseconds(1))
        try await fourth
        #expect(clock.sleeperCount == 0)
        #expect(await Self.book(pacer, 1) == ["not before 2000"], "the fourth booked its place")
    }
}
