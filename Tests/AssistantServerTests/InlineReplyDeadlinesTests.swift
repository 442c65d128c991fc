import TelegramBotAPI
import Testing

@testable import AssistantServer

/// The shared timer behind inline-reply waits: a wait that got its reply leaves nothing
/// registered, one that did not ends when its budget is spent, and the sweeper keeps
/// working after answered waits and after it has run out of waits.
@Suite struct InlineReplyDeadlinesTests {
    static func reply(_ chat: Int) -> BotMethod { .sendChatAction(SendChatAction(chatID: Int64(chat))) }

    @Test func waitsAnsweredInTimeLeaveNothingRegistered() async {
        let deadlines = InlineReplyDeadlines(budget: .seconds(600))
        let answered = await withTaskGroup(of: Bool.self) { group in
            for chat in 1...2_000 {
                group.addTask {
                    let slot = InlineReplySlot()
                    async let taken = slot.wait(on: deadlines)
                    _ = slot.offer(Self.reply(chat))
                    return await taken == Self.reply(chat)
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(answered == 2_000)
        #expect(deadlines.count == 0)
    }

    @Test func aWaitWithoutAReplyEndsWhenItsBudgetIsSpentAndRefusesALateOffer() async {
        let deadlines = InlineReplyDeadlines(budget: .milliseconds(200))
        let slot = InlineReplySlot()
        let started = ContinuousClock.now
        let reply = await slot.wait(on: deadlines)
        let waited = ContinuousClock.now - started
        #expect(reply == nil)
        #expect(waited >= .milliseconds(200))
        // Ended by the budget, however late the busy machine ran the sweeper (6.7 s was
        // seen under AddressSanitizer with the whole suite).
        #expect(waited < .seconds(20))
        #expect(slot.offer(Self.reply(1)) == false)
        #expect(deadlines.count == 0)
    }

    @Test func theSweeperSkipsAnsweredWaitsAndStartsAgainAfterRunningOut() async {
        let deadlines = InlineReplyDeadlines(budget: .milliseconds(150))
        // Answered at once: the sweeper is now asleep until this wait's deadline.
        let answered = InlineReplySlot()
        async let answeredReply = answered.wait(on: deadlines)
        #expect(answered.offer(Self.reply(1)))
        #expect(await answeredReply == Self.reply(1))
        // Unanswered waits behind it still end, the sweeper moving on past the answered one.
        for round in 1...2 {
            let started = ContinuousClock.now
            let replies = await withTaskGroup(of: BotMethod?.self) { group in
                for chat in 1...50 {
                    group.addTask {
                        let slot = InlineReplySlot()
                        async let reply = slot.wait(on: deadlines)
                        if chat.isMultiple(of: 2) { _ = slot.offer(Self.reply(chat)) }
                        return await reply
                    }
                }
                return await group.reduce(into: [BotMethod?]()) { $0.append($1) }
            }
            #expect(replies.count { $0 == nil } == 25, "round \(round)")
            #expect(ContinuousClock.now - started < .seconds(20), "round \(round)")
            #expect(deadlines.count == 0, "round \(round)")
        }
    }
}
