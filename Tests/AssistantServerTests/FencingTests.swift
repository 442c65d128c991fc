import AssistantCore
import AssistantTesting
import Foundation
import Logging
import MarketEngine
import MarketSimulator
import NIOHTTP1
import PostgresNIO
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// Exactly once through pauses: a replica stopped (SIGSTOP) past its chat's lease, or a
/// leader stopped past its heartbeat, sends nothing when it resumes — its work was taken
/// over, and `book_send` refuses its epoch; two leaders overlapping send each alert once.
@Suite(.timeLimit(.minutes(3))) struct FencingTests {
    static func environment(
        _ name: String, url: String, simulator: RunningSimulator, extra: [String: String] = [:]
    ) -> [String: String] {
        [
            "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": simulator.url, "WEBHOOK_SECRET": testSecret,
            "LISTEN_PORT": "0", "DATABASE_URL": url, "INLINE_REPLY_BUDGET_MS": "0",
            "BOT_USERNAME": "MarketAssistDemoBot", "INSTANCE_NAME": name, "CHAT_LEASE_S": "2",
        ]
        .merging(extra) { $1 }
        .merging(simulator.exchangeEnvironment) { first, _ in first }
    }

    /// Two built replicas on one database and one simulator, for the length of `body`.
    static func withTwoReplicas(
        extra: [String: String] = [:],
        _ body: (ExecutableTests.Child, ExecutableTests.Child, RunningSimulator, TestClient, String) async throws ->
            Void
    ) async throws {
        let url = try await TestPostgres.makeDatabase()
        let simulator = await RunningSimulator.start()
        let client = try TestClient()
        try await afterwards({
            try? await client.shutdown()
            await simulator.stop()
        }) {
            try await withChild(
                ["serve"], environment: environment("a", url: url, simulator: simulator, extra: extra)
            ) { (a) async throws in
                _ = await a.line(containing: "database ready")
                try await withChild(
                    ["serve"], environment: environment("b", url: url, simulator: simulator, extra: extra)
                ) { (b) async throws in
                    _ = await b.line(containing: "database ready")
                    try await body(a, b, simulator, client, url)
                }
            }
        }
    }

    static func post(_ text: String, id: Int64, chat: Int64, to child: ExecutableTests.Child, _ client: TestClient)
        async throws -> Int
    {
        let port = try #require(
            ExecutableTests.port(fromListeningLine: await child.line(containing: "listening") ?? ""))
        return try await client.request(
            "http://127.0.0.1:\(port)/telegram/webhook", method: .POST,
            body: Array(messageUpdate(id: id, chat: chat, text: text).utf8),
            headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret)]
        ).status
    }

    static func messages(to chat: Int64, _ simulator: RunningSimulator) async -> [String] {
        await simulator.telegram.recorded(method: "sendMessage").filter { $0.chatID == chat && $0.status == 200 }
            .compactMap(\.text)
    }

    /// Replica a takes chat 7 and stands still (SIGSTOP) while its exchange request is
    /// under way; its lease lapses, b takes the chat over and answers. When a resumes, its
    /// reply is refused by the fence: the chat got one answer.
    @Test func aReplicaStoppedPastItsLeaseSendsNothingWhenItResumes() async throws {
        try await Self.withTwoReplicas { (a, b, simulator, client, url) async throws in
            // a's first exchange request is answered 4 s late: a is stopped while it waits.
            await simulator.server.exchanges.inject(.init(exchange: "binance", kind: .delay, delayMilliseconds: 4000))
            #expect(try await Self.post("/price BTC", id: 1, chat: 7, to: a, client) == 200)
            #expect(await eventually { await simulator.server.exchanges.requests("binance") >= 1 })
            kill(a.process.processIdentifier, SIGSTOP)
            var resumed = false
            defer { if !resumed { kill(a.process.processIdentifier, SIGCONT) } }
            // Once a's lease (2 s) has lapsed, b takes the chat and answers.
            #expect(await b.line(containing: "taking over chats") != nil)
            #expect(await eventually { await Self.messages(to: 7, simulator).count == 1 })
            kill(a.process.processIdentifier, SIGCONT)
            resumed = true
            // a finishes the update it was answering; its booking is refused.
            #expect(await a.line(containing: "its holder answers") != nil, "\(a.output)")
            let replies = await Self.messages(to: 7, simulator)
            #expect(replies.count == 1, "\(replies)")
            #expect(replies.first?.contains("BTC") == true)
            #expect(try await ReplicaTests.unanswered(url) == 0)
        }
    }

    /// The leader of alert evaluation stands still (SIGSTOP): the other replica ends its
    /// connection once its heartbeat ran out, leads, and fires the alerts; the stopped one,
    /// resumed, finds its leadership gone. Each alert is sent once.
    @Test func aStoppedAlertLeaderIsReplacedAndEachAlertFiresOnce() async throws {
        try await Self.withTwoReplicas(extra: ["ALERT_CHECK_INTERVAL_S": "1"]) {
            (a, b, simulator, client, url) async throws in
            #expect(await a.line(containing: "role=alerts [AssistantServer] leading") != nil, "a started first")
            await simulator.server.exchanges.script("BTC", ScriptedMarket(spot: 100_000))
            let chats = Array(Int64(21)...25)
            for chat in chats {
                #expect(try await Self.post("/alert BTC above 110000", id: chat, chat: chat, to: b, client) == 200)
            }
            #expect(await eventually { (try? await ReplicaTests.records(url, kind: "alert")) == chats.count })
            kill(a.process.processIdentifier, SIGSTOP)
            var resumed = false
            defer { if !resumed { kill(a.process.processIdentifier, SIGCONT) } }
            await simulator.server.exchanges.script("BTC", ScriptedMarket(spot: 111_000))
            #expect(await b.line(containing: "the leader stopped answering") != nil)
            #expect(await b.line(containing: "role=alerts [AssistantServer] leading") != nil)
            func fired(_ chat: Int64) async -> Int {
                await Self.messages(to: chat, simulator).filter { $0.contains("BTC crossed above 110,000.00") }.count
            }
            #expect(
                await eventually {
                    var all = true
                    for chat in chats where await fired(chat) < 1 { all = false }
                    return all
                })
            kill(a.process.processIdentifier, SIGCONT)
            resumed = true
            #expect(await a.line(containing: "role=alerts [AssistantServer] leadership lost") != nil, "\(a.output)")
            for chat in chats { #expect(await fired(chat) == 1, "chat \(chat)") }
            #expect(await eventually { (try? await ReplicaTests.records(url, kind: "alert-fired")) == 0 })
        }
    }

    /// Two leaders at once (the old one has not noticed yet that it lost): a is sending
    /// when b takes over. What a booked before goes out; what a books after is refused; b
    /// leaves a's claimed messages to it for the grace, sends the rest in each chat's order.
    @Test func twoLeadersOverlappingSendEachAlertOnce() async throws {
        let url = try await TestPostgres.makeDatabase()
        var freshness = MarketEngine.Freshness()
        (freshness.ticker, freshness.allTickers) = (.zero, .zero)
        let market = await AssistantTesting.SimulatedMarket.start(freshness: freshness)
        try await afterwards({ try? await market.stop() }) {
            try await withPostgresStore(owner: "a", leaseSeconds: 2, url: url) { (a) async throws in
                try await withPostgresStore(owner: "b", leaseSeconds: 2, url: url) { (b) async throws in
                    func monitor(_ store: PostgresStore) -> AlertMonitor {
                        let sink = BotAPIReplySink(
                            client: BotAPIClient(httpClient: market.http, baseURL: market.url, token: "1:x"),
                            pacer: store.sendLimiter(policy: .unthrottled), counters: PipelineCounters(),
                            logger: Logger(label: "alerts"))
                        return AlertMonitor(
                            stores: store.stores, engine: market.engine, sink: sink, logger: Logger(label: "alerts"),
                            clock: .system)
                    }
                    let (leaderA, leaderB) = (monitor(a), monitor(b))
                    await market.exchanges.script("BTC", ScriptedMarket(spot: 100_000))
                    // Chats 1…6 one alert each; chat 1 a second, sent after its first.
                    let command = AlertCommand(
                        store: a.alerts, readings: AlertReadings(engine: market.engine), limit: 5, canDeliver: true)
                    for (chat, level) in [(1, 110_000), (1, 110_500)] + (2...6).map({ ($0, 110_000) }) {
                        _ = await command.run(
                            CommandInvocation(
                                command: ParsedCommand(name: "alert", arguments: ["BTC", "above", "\(level)"]),
                                chat: Chat(id: Int64(chat), type: "private"), sender: nil))
                    }
                    #expect(try await a.alerts.allRecords().count == 7)
                    try await sql(
                        """
                        INSERT INTO leader_heartbeats (role, owner, pid, expires_at, epoch)
                        VALUES ('alerts', 'a', 1, now() + interval '1 minute', 50)
                        """, in: a)
                    // Telegram answers slowly: a's sends are in flight when b takes over.
                    await market.server.telegram.inject(
                        .init(method: "sendMessage", status: 200, count: 1_000, delayMilliseconds: 1_500))
                    await market.exchanges.script("BTC", ScriptedMarket(spot: 111_000))
                    let passA = Task {
                        await SendFence.$current.withValue(SendFence(leader: .init(role: .alerts, epoch: 50))) {
                            await leaderA.pass()
                        }
                    }
                    // Each chat's first message booked (claimed) by a: then b leads.
                    #expect(await eventually { (try? await claimed(by: 50, in: a)) == 6 })
                    try await sql("UPDATE leader_heartbeats SET owner = 'b', epoch = 51", in: b)
                    let fenceB = SendFence(leader: .init(role: .alerts, epoch: 51))
                    let early = await SendFence.$current.withValue(fenceB) { await leaderB.pass() }
                    #expect(early.sent == 0, "a's claims are left to it, and chat 1's second waits behind its first")
                    let first = await passA.value
                    #expect(first.sent == 6, "what a booked before b took over went out")
                    #expect(try await a.firedAlerts.allRecords().count == 1, "chat 1's second, refused to a")
                    #expect(
                        await eventually {
                            await SendFence.$current.withValue(fenceB) { await leaderB.pass() }
                            return (try? await b.firedAlerts.allRecords().isEmpty) == true
                        })
                    let sent = await market.server.telegram.recorded(method: "sendMessage").filter { $0.status == 200 }
                    #expect(sent.count == 7, "\(sent.map(\.text))")
                    let chat1 = sent.filter { $0.chatID == 1 }.compactMap(\.text)
                    #expect(chat1.count == 2 && chat1[0].contains("110,000.00") && chat1[1].contains("110,500.00"))
                    for chat in Int64(2)...6 { #expect(sent.filter { $0.chatID == chat }.count == 1) }
                }
            }
        }
    }

    func sql(_ statement: String, in store: PostgresStore) async throws {
        try await store.database.run { client in try await client.query(PostgresQuery(unsafeSQL: statement)).consume() }
    }

    func claimed(by epoch: Int64, in store: PostgresStore) async throws -> Int {
        try await store.database.run { client in
            for try await count in try await client.query(
                "SELECT count(*) FROM chat_records WHERE claimed_epoch = \(epoch)"
            ).decode(Int64.self) {
                return Int(count)
            }
            return -1
        }
    }
}
