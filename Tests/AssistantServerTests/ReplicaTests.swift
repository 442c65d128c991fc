import AssistantCore
import AssistantTesting
import Foundation
import MarketSimulator
import NIOHTTP1
import Testing

@testable import AssistantServer

/// Several replicas on one real PostgreSQL database behave as one bot: one reply per update,
/// a chat's replies in order across replicas, a killed replica's accepted updates answered
/// by another within the lease, 503 while the database is down and recovery after, a 429
/// holding its chat on every replica (and the bot, when a second chat is refused), one poller
/// at a time.
@Suite(.timeLimit(.minutes(3))) struct ReplicaTests {
    /// `count` replicas of `serve` in this process on the database at `url`, each ready.
    static func startReplicas(
        _ count: Int, url: String, simulator: RunningSimulator, folder: TemporaryFolder,
        extraHandlers: [any CommandHandler] = [], configure: (inout Settings) -> Void = { _ in }
    ) async throws -> [RunningServer] {
        var replicas: [RunningServer] = []
        for index in 1...count {
            var settings = Settings.forTest(database: folder.path + "/unused-\(index).sqlite", simulator: simulator)
            settings.databaseURL = try DatabaseURL(parsing: url)
            settings.instanceName = "replica-\(index)"
            settings.inlineReplyBudgetMilliseconds = 0
            settings.chatLeaseSeconds = 2
            configure(&settings)
            let replica = try await RunningServer.start(settings, extraHandlers: extraHandlers)
            replicas.append(replica)
        }
        let client = try TestClient()
        for replica in replicas {
            let ready = await eventually {
                (try? await client.request(replica.baseURL + "/readyz").status) == 200
            }
            #expect(ready, "replica ready")
        }
        try await client.shutdown()
        return replicas
    }

    /// `count` replicas on a fresh database, a simulator and a client, for the length of `body`.
    static func withReplicas(
        _ count: Int, extraHandlers: [any CommandHandler] = [], configure: (inout Settings) -> Void = { _ in },
        _ body: ([RunningServer], RunningSimulator, TestClient, String) async throws -> Void
    ) async throws {
        let folder = try TemporaryFolder()
        let url = try await TestPostgres.makeDatabase()
        try await withSimulator { (simulator) async throws in
            let replicas = try await startReplicas(
                count, url: url, simulator: simulator, folder: folder, extraHandlers: extraHandlers,
                configure: configure)
            let client = try TestClient()
            try await afterwards({
                try? await client.shutdown()
                for replica in replicas { try? await replica.stop() }
            }) { try await body(replicas, simulator, client, url) }
        }
    }

    /// Successful sends per update id (`/uN` updates, answered "Unknown command /uN").
    static func repliesPerUpdate(_ telegram: TelegramSimulator) async -> [Int64: Int] {
        await OverloadAndCrashTests.repliesPerUpdate(telegram)
    }

    /// Unanswered updates in the shared journal.
    static func unanswered(_ url: String) async throws -> Int {
        let output = try await TestPostgres.psql("SELECT count(*) FROM updates WHERE NOT done", url: url)
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func theSameUpdatePostedToTwoReplicasAtOnceIsAnsweredOnce() async throws {
        try await Self.withReplicas(3) { (replicas, simulator, client, url) async throws in
            let total = 60
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for id in 1...total {
                    let json = messageUpdate(id: Int64(id), chat: Int64(id % 7 + 1), text: "/u\(id)")
                    for replica in [replicas[id % 3], replicas[(id + 1) % 3]] {
                        group.addTask { try await client.postUpdate(json, to: replica).status }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 2 * total && statuses.allSatisfy { $0 == 200 })
            #expect(await simulator.telegram.waitForCalls(total).count >= total)
            #expect(await eventually { (try? await Self.unanswered(url)) == 0 })
            let replies = await Self.repliesPerUpdate(simulator.telegram)
            #expect(replies.count == total, "every update answered")
            #expect(replies.values.allSatisfy { $0 == 1 }, "duplicates: \(replies.filter { $0.value > 1 })")
            let duplicates = replicas.map { $0.server.components.counters.value(.duplicate) }.reduce(0, +)
            #expect(duplicates == total, "each second delivery recognised")
        }
    }

    @Test func aChatsUpdatesRoundRobinOverReplicasAreAnsweredInOrder() async throws {
        try await Self.withReplicas(3, extraHandlers: [SlowEcho()]) { (replicas, simulator, client, url) async throws in
            // As Telegram sends them: the next update of the chat once the previous got
            // its 200 — which comes before the (slow) reply was sent.
            let count = 9
            for id in 1...count {
                let milliseconds = id % 2 == 1 ? 300 : 0
                let answer = try await client.postUpdate(
                    messageUpdate(id: Int64(id), chat: 4242, text: "/slow \(milliseconds) \(id)"),
                    to: replicas[id % 3])
                #expect(answer.status == 200)
            }
            let sent = await simulator.telegram.waitForCalls(count)
            let texts = sent.filter { $0.chatID == 4242 }.compactMap(\.text)
            #expect(texts == (1...count).map { "done \($0)" })
            let handedOver = replicas.map { $0.server.components.counters.value(.handedOver) }.reduce(0, +)
            #expect(handedOver > 0, "some updates were answered by a replica other than the one that received them")
        }
    }

    /// A 429 holds its chat on every replica, and only that chat; a second chat refused
    /// while the first is held is the bot's limit, and every replica holds every chat for
    /// what Telegram said.
    @Test func aRetryAfterHoldsItsChatOnEveryReplicaAndASecondChatRefusedHoldsTheBot() async throws {
        try await Self.withReplicas(2) { (replicas, simulator, client, url) async throws in
            func sql(_ query: String) async -> String {
                (try? await TestPostgres.psql(query, url: url))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            }
            func refusal(of chat: Int64) async -> TelegramSimulator.RecordedCall? {
                await simulator.telegram.recorded(method: "sendMessage").first { $0.chatID == chat && $0.status == 429 }
            }
            await simulator.telegram.inject(
                .init(method: "sendMessage", status: 429, retryAfter: 8, count: 1, chatID: 10))
            #expect(
                try await client.postUpdate(messageUpdate(id: 1, chat: 10, text: "/u1"), to: replicas[0]).status == 200)
            // Shared (a few milliseconds after the refusal): chat 10 is held, the bot is not.
            #expect(await eventually { await sql("SELECT count(*) FROM send_refusals WHERE chat_id = 10") == "1" })
            #expect(
                await sql("SELECT count(*) FROM send_schedule WHERE key = 0 AND tat > extract(epoch FROM now()) + 1")
                    == "0")
            let firstRefusal = try #require(await refusal(of: 10)?.atMilliseconds)
            // Another chat, on the other replica, goes at once.
            #expect(
                try await client.postUpdate(messageUpdate(id: 2, chat: 20, text: "/u2"), to: replicas[1]).status == 200)
            #expect(
                await eventually {
                    await simulator.telegram.recorded(method: "sendMessage").contains {
                        $0.chatID == 20 && $0.status == 200
                    }
                })
            let other = await simulator.telegram.recorded(method: "sendMessage").first {
                $0.chatID == 20 && $0.status == 200
            }
            #expect((other?.atMilliseconds ?? .max) - firstRefusal < 6_000, "not held for chat 10's 8 s")
            // A second chat refused while chat 10 is held: the bot's limit, 2 s, on both replicas.
            await simulator.telegram.inject(
                .init(method: "sendMessage", status: 429, retryAfter: 2, count: 1, chatID: 30))
            #expect(
                try await client.postUpdate(messageUpdate(id: 3, chat: 30, text: "/u3"), to: replicas[1]).status == 200)
            #expect(
                await eventually {
                    await sql(
                        "SELECT count(*) FROM send_schedule WHERE key = 0 AND tat > extract(epoch FROM now()) + 1")
                        == "1"
                })
            let botRefusal = try #require(await refusal(of: 30)?.atMilliseconds)
            #expect(
                try await client.postUpdate(messageUpdate(id: 4, chat: 40, text: "/u4"), to: replicas[0]).status == 200)
            #expect(
                await eventually {
                    await simulator.telegram.recorded(method: "sendMessage").contains {
                        $0.chatID == 40 && $0.status == 200
                    }
                })
            let held = await simulator.telegram.recorded(method: "sendMessage").first {
                $0.chatID == 40 && $0.status == 200
            }
            let waited = (held?.atMilliseconds ?? 0) - botRefusal
            #expect(waited >= 1900, "waited \(waited) ms")
        }
    }

    @Test func databaseDownMeans503AndNotReadyThenTheReplicaRecoversByItself() async throws {
        let folder = try TemporaryFolder()
        let postgres = try TestPostgresServer()
        try await postgres.start()
        let url = try await postgres.createDatabase("bot")
        try await withSimulator { (simulator) async throws in
            let replicas = try await Self.startReplicas(1, url: url, simulator: simulator, folder: folder)
            let replica = replicas[0]
            let client = try TestClient()
            try await afterwards({
                try? await client.shutdown()
                try? await replica.stop()
                try? await postgres.stop()
                postgres.remove()
            }) {
                #expect(
                    try await client.postUpdate(messageUpdate(id: 1, chat: 5, text: "/u1"), to: replica).status == 200)
                _ = await simulator.telegram.waitForCalls(1)
                #expect(await eventually { (try? await Self.unanswered(url)) == 0 })
                try await postgres.stop()
                #expect(await eventually { (try? await client.request(replica.baseURL + "/readyz").status) == 503 })
                let readyz = try await client.request(replica.baseURL + "/readyz")
                #expect(readyz.body.contains("database"))
                // Never 200 for an update that could not be journaled; Retry-After for Telegram.
                let refused = try await curl(
                    [
                        "-X", "POST", "-H", "Content-Type: application/json",
                        "-H", "X-Telegram-Bot-Api-Secret-Token: \(testSecret)",
                        "--data", messageUpdate(id: 2, chat: 5, text: "/u2"),
                    ], url: replica.baseURL + "/telegram/webhook")
                #expect(refused.hasPrefix("HTTP/1.1 503"), "\(refused.prefix(80))")
                #expect(refused.lowercased().contains("retry-after:"))
                try await postgres.start()
                #expect(await eventually { (try? await client.request(replica.baseURL + "/readyz").status) == 200 })
                #expect(
                    try await client.postUpdate(messageUpdate(id: 2, chat: 5, text: "/u2"), to: replica).status == 200)
                _ = await simulator.telegram.waitForCalls(2)
                let replies = await Self.repliesPerUpdate(simulator.telegram)
                #expect(replies == [1: 1, 2: 1])
            }
        }
    }

    /// Alerts with replicas: made through one replica, evaluated by the one that leads
    /// alert evaluation, delivered once.
    @Test func anAlertMadeOnOneReplicaFiresOnceForAll() async throws {
        try await Self.withReplicas(3, configure: { $0.alertCheckIntervalSeconds = 1 }) {
            (replicas, simulator, client, url) async throws in
            await simulator.server.exchanges.script("BTC", ScriptedMarket(spot: 100_000))
            let made = try await client.postUpdate(
                messageUpdate(id: 1, chat: 9, text: "/alert BTC above 110000"), to: replicas[2])
            #expect(made.status == 200)
            #expect(await eventually { (try? await Self.records(url, kind: "alert")) == 1 })
            await simulator.server.exchanges.script("BTC", ScriptedMarket(spot: 111_000))
            func fired() async -> Int {
                await simulator.telegram.recorded(method: "sendMessage").filter {
                    $0.status == 200 && ($0.text ?? "").contains("BTC crossed above 110,000.00")
                }.count
            }
            #expect(await eventually(within: .seconds(30)) { await fired() >= 1 })
            // Nothing is left that could fire or send it again.
            #expect(try await Self.records(url, kind: "alert") == 0)
            #expect(await eventually { (try? await Self.records(url, kind: "alert-fired")) == 0 })
            #expect(await fired() == 1)
            var leaders = 0
            for replica in replicas {
                let metrics = try await client.request(replica.baseURL + "/metrics").body
                if metrics.contains(#"crypto_assistant_leader{role="alerts"} 1"#) { leaders += 1 }
            }
            #expect(leaders == 1, "one replica evaluates")
        }
    }

    static func records(_ url: String, kind: String) async throws -> Int {
        let output = try await TestPostgres.psql("SELECT count(*) FROM chat_records WHERE kind = '\(kind)'", url: url)
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// The built binary as replicas: one killed with SIGKILL while it holds accepted,
    /// unanswered updates; the other answers each of them once within the lease; the killed
    /// one restarted adds nothing.
    ///
    /// The killed replica talks to a Telegram of its own that fails every send: a send it
    /// wrote just before the kill may be read by the simulator only after the kill, and on a
    /// shared Telegram whose faults were cleared by then it would count as delivered — the
    /// at-least-once window ARCHITECTURE.md names, not a takeover's duplicate.
    @Test func aKilledReplicasAcceptedUpdatesAreAnsweredOnceByAnotherWithinTheLease() async throws {
        let url = try await TestPostgres.makeDatabase()
        let simulator = await RunningSimulator.start()
        let failingTelegram = await RunningSimulator.start()
        let client = try TestClient()
        func environment(_ name: String, telegram: RunningSimulator) -> [String: String] {
            [
                "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": telegram.url, "WEBHOOK_SECRET": testSecret,
                "LISTEN_PORT": "0", "DATABASE_URL": url, "INLINE_REPLY_BUDGET_MS": "0",
                "BOT_USERNAME": "MarketAssistDemoBot", "INSTANCE_NAME": name, "CHAT_LEASE_S": "2",
            ]
        }
        // Every send of the replica to be killed fails, so its replies stay unsent (and its
        // updates unanswered) when it is killed.
        await failingTelegram.telegram.inject(.init(method: "sendMessage", status: 503, count: 1_000_000))
        try await afterwards({
            try? await client.shutdown()
            await simulator.stop()
            await failingTelegram.stop()
        }) {
            try await withChild(["serve"], environment: environment("a", telegram: failingTelegram)) {
                (a) async throws in
                try await withChild(["serve"], environment: environment("b", telegram: simulator)) {
                    (b) async throws in
                    let portA = try #require(
                        ExecutableTests.port(fromListeningLine: await a.line(containing: "listening") ?? ""))
                    _ = await b.line(containing: "database ready")
                    _ = await a.line(containing: "database ready")
                    let ids = Array(Int64(1)...12)
                    for id in ids {
                        let answer = try await client.request(
                            "http://127.0.0.1:\(portA)/telegram/webhook", method: .POST,
                            body: Array(messageUpdate(id: id, chat: id % 4 + 1, text: "/u\(id)").utf8),
                            headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret)])
                        #expect(answer.status == 200)
                    }
                    #expect(
                        await eventually { await failingTelegram.telegram.recorded(method: "sendMessage").count >= 4 })
                    kill(a.process.processIdentifier, SIGKILL)
                    #expect(await a.status(within: .seconds(10)) == 9)
                    let killedAt = await simulator.telegram.elapsedMilliseconds
                    #expect(await eventually(within: .seconds(20)) { (try? await Self.unanswered(url)) == 0 })
                    let answered = await simulator.telegram.recorded(method: "sendMessage").filter { $0.status == 200 }
                    let lastAt = answered.map(\.atMilliseconds).max() ?? 0
                    print(
                        "lease takeover after SIGKILL: all \(ids.count) answered \(lastAt - killedAt) ms after the kill (lease 2 s)"
                    )
                    #expect(lastAt - killedAt < 6000, "within the lease (2 s) and a few checks")
                    #expect(await b.line(containing: "taking over chats") != nil)
                    // The killed replica starts again: nothing is answered twice.
                    try await withChild(["serve"], environment: environment("a", telegram: simulator)) {
                        (again) async throws in
                        _ = await again.line(containing: "database ready")
                        _ = await again.line(containing: "listening")
                        let replies = await Self.repliesPerUpdate(simulator.telegram)
                        #expect(replies.count == ids.count)
                        #expect(replies.values.allSatisfy { $0 == 1 }, "duplicates: \(replies.filter { $0.value > 1 })")
                    }
                }
            }
        }
    }

    /// The built binary as replicas with the default lease (20 s): SIGTERM on one while its
    /// sends are in flight drains its own work (the update another replica handed it
    /// included), exits 0 and leaves no chat leased — the other answers their next
    /// updates without waiting for a lease to lapse.
    @Test func sigtermOnOneReplicaDrainsItsWorkAndTheOtherGoesOn() async throws {
        let url = try await TestPostgres.makeDatabase()
        let simulator = await RunningSimulator.start()
        let client = try TestClient()
        func environment(_ name: String) -> [String: String] {
            [
                "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": simulator.url, "WEBHOOK_SECRET": testSecret,
                "LISTEN_PORT": "0", "DATABASE_URL": url, "INLINE_REPLY_BUDGET_MS": "0",
                "BOT_USERNAME": "MarketAssistDemoBot", "INSTANCE_NAME": name,
            ]
        }
        func post(_ id: Int64, chat: Int64, to port: Int) async throws {
            let answer = try await client.request(
                "http://127.0.0.1:\(port)/telegram/webhook", method: .POST,
                body: Array(messageUpdate(id: id, chat: chat, text: "/u\(id)").utf8),
                headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret)])
            #expect(answer.status == 200)
        }
        try await afterwards({
            try? await client.shutdown()
            await simulator.stop()
        }) {
            try await withChild(["serve"], environment: environment("a")) { (a) async throws in
                try await withChild(["serve"], environment: environment("b")) { (b) async throws in
                    let portA = try #require(
                        ExecutableTests.port(fromListeningLine: await a.line(containing: "listening") ?? ""))
                    let portB = try #require(
                        ExecutableTests.port(fromListeningLine: await b.line(containing: "listening") ?? ""))
                    _ = await a.line(containing: "database ready")
                    _ = await b.line(containing: "database ready")
                    // Each of a's first sends takes 700 ms at the "Bot API": SIGTERM finds them in flight.
                    await simulator.telegram.inject(
                        .init(method: "sendMessage", status: 200, count: 3, delayMilliseconds: 700))
                    for chat in Int64(1)...3 { try await post(chat, chat: chat, to: portA) }
                    // Chat 1's next update reaches b while a holds the chat: a answers it.
                    try await post(4, chat: 1, to: portB)
                    kill(a.process.processIdentifier, SIGTERM)
                    #expect(await a.status(within: .seconds(30)) == 0, "\(a.output)")
                    #expect(try await Self.unanswered(url) == 0, "a drained what it held")
                    let leases = try await TestPostgres.psql("SELECT count(*) FROM chat_leases", url: url)
                    #expect(leases.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "no chat left leased")
                    // a let each chat go as it finished it: b takes chat 2 at once, not after the 20 s lease.
                    try await post(5, chat: 2, to: portB)
                    #expect(await simulator.telegram.waitForCalls(5, timeout: .seconds(5)).count == 5)
                    let replies = await Self.repliesPerUpdate(simulator.telegram)
                    #expect(replies == [1: 1, 2: 1, 3: 1, 4: 1, 5: 1], "\(replies)")
                }
            }
        }
    }

    /// Two `poll` processes: one polls (no 409 from Telegram), the other stands by and takes
    /// over when the first is killed.
    @Test func ofTwoPollersOnePollsAndTheOtherTakesOverWhenItIsKilled() async throws {
        let url = try await TestPostgres.makeDatabase()
        let simulator = await RunningSimulator.start()
        let environment = [
            "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": simulator.url, "DATABASE_URL": url,
            "BOT_USERNAME": "MarketAssistDemoBot", "POLL_TIMEOUT_S": "1",
        ]
        try await afterwards({ await simulator.stop() }) {
            try await withChild(["poll"], environment: environment.merging(["INSTANCE_NAME": "p1"]) { $1 }) {
                (first) async throws in
                _ = await first.line(containing: "role=poller")
                try await withChild(["poll"], environment: environment.merging(["INSTANCE_NAME": "p2"]) { $1 }) {
                    (second) async throws in
                    _ = await second.line(containing: "role=poller")
                    for id in Int64(1)...5 {
                        try await simulator.telegram.enqueue(
                            updateJSON: Array(messageUpdate(id: id, chat: id, text: "/u\(id)").utf8))
                    }
                    #expect(await simulator.telegram.waitForCalls(5).count == 5)
                    let (leader, standby) =
                        first.output.contains("leading") && first.output.contains("role=poller")
                        ? (first, second) : (second, first)
                    #expect(standby.output.contains("standing by"))
                    // The killed poller's last long poll may still be open at the simulator when
                    // the new leader polls: that one is ended with 409 (and nobody reads it).
                    // Two live pollers would be seen before the kill.
                    let killedAt = await simulator.telegram.elapsedMilliseconds
                    kill(leader.process.processIdentifier, SIGKILL)
                    _ = await leader.status(within: .seconds(10))
                    for id in Int64(6)...10 {
                        try await simulator.telegram.enqueue(
                            updateJSON: Array(messageUpdate(id: id, chat: id, text: "/u\(id)").utf8))
                    }
                    #expect(await simulator.telegram.waitForCalls(10, timeout: .seconds(30)).count == 10)
                    #expect(await standby.line(containing: "leading") != nil)
                    let conflicts = await simulator.telegram.recorded(method: "getUpdates").filter {
                        $0.status == 409 && $0.atMilliseconds < killedAt
                    }
                    #expect(conflicts.isEmpty, "a second poller was never seen by Telegram")
                    let replies = await Self.repliesPerUpdate(simulator.telegram)
                    #expect(replies.count == 10 && replies.values.allSatisfy { $0 == 1 })
                }
            }
        }
    }
}
