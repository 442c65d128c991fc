import AssistantTesting
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// The shared sweeper behind inline-reply waits, on a clock the test moves: a wait that got
/// its reply leaves nothing registered, one that did not ends exactly when its budget is
/// spent, and the sweeper parks when nothing waits and ends every wait when it stops.
@Suite struct InlineReplyDeadlinesTests {
    static func reply(_ chat: Int) -> BotMethod { .sendChatAction(SendChatAction(chatID: Int64(chat))) }

    /// Runs `body` with the sweeper running as a child task, stopped afterwards.
    static func withSweeper<T: Sendable>(
        _ deadlines: InlineReplyDeadlines<TestClock>, _ body: () async -> T
    ) async -> T {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await deadlines.run() }
            let result = await body()
            group.cancelAll()
            return result
        }
    }

    @Test func waitsAnsweredInTimeLeaveNothingRegistered() async {
        let deadlines = InlineReplyDeadlines(budget: .seconds(1), clock: TestClock())
        let answered = await Self.withSweeper(deadlines) {
            await withTaskGroup(of: Bool.self) { group in
                for chat in 1...2_000 {
                    group.addTask {
                        let reply = OneShot<BotMethod>()
                        async let taken = deadlines.wait(for: reply)
                        _ = reply.offer(Self.reply(chat))
                        return await taken == Self.reply(chat)
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }
        #expect(answered == 2_000)
        #expect(deadlines.count == 0)
    }

    @Test func aWaitWithoutAReplyEndsWhenItsBudgetIsSpentAndRefusesALateOffer() async {
        let clock = TestClock()
        let deadlines = InlineReplyDeadlines(budget: .milliseconds(300), tolerance: .zero, clock: clock)
        await Self.withSweeper(deadlines) {
            let reply = OneShot<BotMethod>()
            async let outcome = deadlines.wait(for: reply)
            await clock.sleepers(atLeast: 1)  // the sweeper sleeps until the deadline
            clock.advance(by: .milliseconds(299))
            #expect(reply.value == nil && deadlines.count == 1, "1 ms before the budget: still waiting")
            #expect(clock.sleeperCount == 1)
            clock.advance(by: .milliseconds(1))
            #expect(await outcome == nil)
            #expect(reply.offer(Self.reply(1)) == false, "the worker then sends it itself")
            #expect(deadlines.count == 0)
        }
    }

    @Test func theSweeperSkipsAnsweredWaitsParksAndStartsAgain() async {
        let clock = TestClock()
        let deadlines = InlineReplyDeadlines(budget: .milliseconds(150), tolerance: .zero, clock: clock)
        await Self.withSweeper(deadlines) {
            for round in 1...2 {
                // Half answered at once (registered, then withdrawn), half never.
                let replies = (1...50).map { _ in OneShot<BotMethod>() }
                for (index, reply) in replies.enumerated() {
                    let ticket = deadlines.add(reply)
                    if index.isMultiple(of: 2) {
                        reply.offer(Self.reply(index))
                        deadlines.withdraw(ticket)
                    }
                }
                #expect(deadlines.count == 25, "round \(round)")
                await clock.sleepers(atLeast: 1)
                clock.advance(by: .milliseconds(150))
                var outcomes: [BotMethod?] = []
                for reply in replies { outcomes.append(await reply.wait()) }
                #expect(outcomes.count { $0 == nil } == 25, "round \(round)")
                #expect(deadlines.count == 0, "round \(round)")
            }
        }
    }

    @Test func stoppingTheSweeperEndsEveryWaitAndLaterWaitsAtOnce() async {
        let deadlines = InlineReplyDeadlines(budget: .seconds(50), clock: TestClock())
        let reply = OneShot<BotMethod>()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await deadlines.run() }
            #expect(deadlines.add(reply) != nil)
            group.cancelAll()
        }
        #expect(await reply.wait() == nil)
        #expect(reply.offer(Self.reply(1)) == false)
        #expect(await deadlines.wait(for: OneShot()) == nil, "no sweeper: no inline wait")
    }
}
