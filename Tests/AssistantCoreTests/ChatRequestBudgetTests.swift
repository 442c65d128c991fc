import AssistantTesting
import MarketEngine
import TelegramBotAPI
import Testing

@testable import AssistantCore

/// A chat pays for what its commands cost upstream, and only that: past its share it is told
/// when to try again, answers from the cache are free, and admin chats are exempt.
@Suite(.timeLimit(.minutes(1))) struct ChatRequestBudgetTests {
    /// `/fetch N`: N exchange requests through a real gateway (answered from memory).
    struct Fetch: CommandHandler {
        let gateway: ExchangeGateway
        let descriptor = CommandDescriptor(name: "fetch", usage: "/fetch N", isRefreshable: true)
        func run(_ invocation: CommandInvocation) async -> Reply {
            let count = Int(invocation.arguments.first ?? "") ?? 0
            for _ in 0..<count { _ = try? await gateway.get("/v5/market/time") }
            return Reply(html: "fetched \(count)")
        }
    }

    static func setUp(admins: [Int64] = []) async -> (Dispatcher, RecordedExchanges, TestClock) {
        let clock = TestClock()
        let exchanges = RecordedExchanges()
        await exchanges.record("{}", at: "/v5/market/time")
        let gateway = ExchangeGateway(
            exchange: .bybit, baseURL: RecordedExchanges.endpoints.bybit, http: exchanges,
            policy: .init(retries: 0), limiter: RateLimitGuard(clock: clock.appClock), clock: clock.appClock)
        let dispatcher = Dispatcher(
            handlers: CommandCatalog.handlers(extra: [Fetch(gateway: gateway)]), botUsername: "Bot",
            accessPolicy: AccessPolicy(adminIDs: admins), clock: clock.appClock,
            requestBudget: ChatRequestBudget(requestsPerMinute: 10, clock: clock.appClock))
        return (dispatcher, exchanges, clock)
    }

    static func say(_ text: String, chat: Int64) -> Update {
        Update(
            updateID: 1,
            message: Message(
                messageID: 1, from: User(id: chat), date: 0, chat: Chat(id: chat, type: "private"), text: text))
    }

    static func text(_ methods: [BotMethod]) -> String {
        methods.compactMap { if case .sendMessage(let sent) = $0 { sent.text } else { nil } }.joined()
    }

    @Test func aChatPastItsShareIsToldWhenAndCostsTheExchangeNothing() async throws {
        let (dispatcher, exchanges, clock) = await Self.setUp()
        #expect(Self.text(await dispatcher.replies(to: Self.say("/fetch 6", chat: 1))) == "fetched 6")
        #expect(Self.text(await dispatcher.replies(to: Self.say("/fetch 6", chat: 1))) == "fetched 6", "in debt now")
        clock.advance(by: .seconds(30))
        let refused = Self.text(await dispatcher.replies(to: Self.say("/fetch 6", chat: 1)))
        #expect(refused.contains("try again in 30 s"), "\(refused)")
        #expect(await exchanges.requests("bybit") == 12, "the refused command sent nothing")
        #expect(Self.text(await dispatcher.replies(to: Self.say("/fetch 6", chat: 2))) == "fetched 6", "other chats")
        let help = Self.text(await dispatcher.replies(to: Self.say("/help", chat: 1)))
        #expect(help.contains("/fetch") && !help.contains("try again"), "commands that read no market are free")
        clock.advance(by: .seconds(30))
        #expect(Self.text(await dispatcher.replies(to: Self.say("/fetch 0", chat: 1))) == "fetched 0")
    }

    @Test func adminChatsAreExempt() async throws {
        let (dispatcher, exchanges, _) = await Self.setUp(admins: [7])
        for _ in 0..<3 {
            #expect(Self.text(await dispatcher.replies(to: Self.say("/fetch 6", chat: 7))) == "fetched 6")
        }
        #expect(await exchanges.requests("bybit") == 18)
    }
}
