import AssistantTesting
import Foundation
import MarketSimulator
import Testing

@testable import AssistantServer

/// The Bot API failing under the replies: flood control, server errors, and no Bot API at
/// all. Every reply is delivered once it recovers, exactly once, and in order per chat.
@Suite struct BotAPIFaultTests {
    /// Six updates in one chat, three in another, each answered by "done <chat>-<n>".
    static let chats: [Int64: Int] = [4_001: 6, 4_002: 3]

    static func post(_ bench: WebhookBench, firstID: Int64 = 1) async throws {
        var id = firstID
        for n in 1...6 {
            for (chat, count) in chats.sorted(by: { $0.key < $1.key }) where n <= count {
                #expect(try await bench.post(messageUpdate(id: id, chat: chat, text: "/slow 0 \(chat)-\(n)")) == 200)
                id += 1
            }
        }
    }

    /// Each chat's delivered texts, in the order Telegram accepted them.
    static func expectDeliveredOnceInOrder(_ telegram: TelegramSimulator) async {
        let total = chats.values.reduce(0, +)
        let delivered = await telegram.waitForCalls(total, timeout: .seconds(30))
            .filter { $0.method == "sendMessage" }
        #expect(delivered.count == total, "\(delivered.map(\.text))")
        for (chat, count) in chats {
            let texts = delivered.filter { $0.chatID == chat }.compactMap(\.text)
            #expect(texts == (1...count).map { "done \(chat)-\($0)" })
        }
    }

    @Test(arguments: [
        TelegramSimulator.Fault(method: "sendMessage", status: 429, retryAfter: 1, count: 2),
        TelegramSimulator.Fault(method: "sendMessage", status: 500, count: 4),
        TelegramSimulator.Fault(method: "sendMessage", status: 502, body: "<html>Bad Gateway</html>", count: 4),
    ])
    func repliesArriveOnceInOrderAfterTheBotAPIRecovers(fault: TelegramSimulator.Fault) async throws {
        try await withWebhookBench(
            .init(extraHandlers: [SlowEcho()], beforeStart: { await $0.telegram.inject(fault) })
        ) { (bench) async throws in
            try await Self.post(bench)
            await Self.expectDeliveredOnceInOrder(bench.telegram)
            let statuses = await bench.telegram.recorded(method: "sendMessage").map(\.status)
            #expect(statuses.filter { $0 == fault.status }.count == fault.count)
            #expect(bench.counters.value(.replyRetries) == fault.count)
            #expect(bench.counters.value(.repliesFailed) == 0)
        }
    }

    @Test func repliesWaitForABotAPIThatRefusesConnections() async throws {
        let folder = try TemporaryFolder()
        // Refused while held, so no other test's server can take the port in the meantime.
        var refusing: RefusingPort? = try RefusingPort()
        let port = try #require(refusing?.port)
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: nil)
        settings.botToken = testToken
        settings.telegramAPIURL = "http://127.0.0.1:\(port)"
        settings.inlineReplyBudgetMilliseconds = 0
        let server = try await RunningServer.start(settings, extraHandlers: [SlowEcho()], pacer: .unthrottled)
        let client = try TestClient()
        let bench = BenchWithoutSimulator(server: server, client: client)

        var id: Int64 = 1
        for n in 1...6 {
            for (chat, count) in Self.chats.sorted(by: { $0.key < $1.key }) where n <= count {
                let answer = try await client.postUpdate(
                    messageUpdate(id: id, chat: chat, text: "/slow 0 \(chat)-\(n)"), to: server)
                #expect(answer.status == 200)
                id += 1
            }
        }
        // Nothing listens yet: the sends fail with "connection refused" and are retried.
        let counters = server.server.components.counters
        #expect(await eventually { counters.value(.replyRetries) >= 2 })
        #expect(counters.value(.repliesSent) == 0)

        // The Bot API comes up on the port the server was told about.
        refusing = nil
        let telegram = SimulatorServer(port: port, botToken: testToken, servesStreams: false)
        let task = Task { try await telegram.run() }
        #expect(await telegram.port() == port)
        await Self.expectDeliveredOnceInOrder(telegram.telegram)
        #expect(counters.value(.repliesFailed) == 0)
        await telegram.stop()
        _ = try? await task.value
        try await bench.finish()
        withExtendedLifetime(folder) {}
    }
}

/// A server and client with no simulator behind them.
struct BenchWithoutSimulator {
    let server: RunningServer
    let client: TestClient

    func finish() async throws {
        try await client.shutdown()
        try await server.stop()
    }
}
