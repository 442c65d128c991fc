import AssistantCore
import AssistantTesting
import Foundation
import MarketSimulator
import NIOHTTP1
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// The webhook over real sockets: secret, bounds, decoding, dedupe, replies.
@Suite struct WebhookTests {
    @Test func tlsWebhookAnswersStartInlineOverHTTP2AndHTTP1() async throws {
        let folder = try TemporaryFolder()
        let (cert, key) = try await makeCertificate(in: folder.path)
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: nil)
        settings.tlsCertFile = cert
        settings.tlsKeyFile = key
        try await withServer(settings, trusting: try String(contentsOfFile: cert, encoding: .utf8)) {
            (server, client) async throws in
            let answer = try await client.postUpdate(messageUpdate(id: 1, text: "/start"), to: server)
            #expect(answer.status == 200)
            #expect(answer.httpVersion == .http2)
            let reply = try JSONDecoder().decode(InlineReply.self, from: Data(answer.body.utf8))
            #expect(reply.method == "sendMessage")
            #expect(reply.chatID == 1_111_111)
            #expect(reply.text.contains("/price [SYMBOL]"))
            #expect(reply.parseMode == "HTML")

            let http1 = try await curl(["--http1.1", "--cacert", cert], url: server.baseURL + "/healthz")
            #expect(http1.contains("HTTP/1.1 200"))
            // Telegram itself speaks HTTP/1.1: the webhook, not only /healthz, answers it inline.
            let webhook = try await curl(
                [
                    "--http1.1", "--cacert", cert, "-H", "X-Telegram-Bot-Api-Secret-Token: \(testSecret)", "-H",
                    "Content-Type: application/json", "--data", messageUpdate(id: 2, chat: 77, text: "/help"),
                ], url: server.baseURL + settings.webhookPath)
            #expect(webhook.hasPrefix("HTTP/1.1 200"), "\(webhook)")
            #expect(webhook.contains(#""method":"sendMessage""#) && webhook.contains(#""chat_id":77"#), "\(webhook)")
            let http2 = try await curl(["--http2", "--cacert", cert], url: server.baseURL + "/healthz")
            #expect(http2.contains("HTTP/2 200"))
            // TLS 1.2 is the minimum: a client offering only 1.1 (allowed on its side) is refused.
            let hostPort = String(server.baseURL.dropFirst("https://".count))
            let old = try await runTool([
                "openssl", "s_client", "-connect", hostPort, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0",
            ])
            #expect(old.output.contains("alert protocol version"), "\(old.output)")
            let current = try await runTool(["openssl", "s_client", "-connect", hostPort, "-tls1_2"])
            #expect(current.output.contains("Protocol  : TLSv1.2"), "\(current.output)")
        }
    }

    @Test func rejectsWhatIsNotASignedUpdate() async throws {
        try await withWebhookBench { (bench) async throws in
            let update = messageUpdate(id: 10, text: "/help")

            #expect(try await bench.post(update, secret: nil) == 401)
            #expect(try await bench.post(update, secret: "wrong") == 401)
            #expect(try await bench.post(update, secret: testSecret + "x") == 401)
            #expect(try await bench.post(update, path: "/other") == 404)

            let huge =
                #"{"update_id":11,"message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"},"text":""#
                + String(repeating: "a", count: 1 << 20) + #""}}"#
            #expect(try await bench.post(huge) == 413)

            for bad in [
                "", "not json", "[1,2]", #"{"message":{}}"#, #"{"update_id":"x"}"#,
                "{\"update_id\":1,\"message\":\u{FF}}",
            ] {
                #expect(try await bench.post(bad) == 400, "\(bad.prefix(20))")
            }

            let reaction =
                #"{"update_id":12,"message_reaction":{"chat":{"id":-100,"type":"supergroup"},"message_id":3,"date":1,"old_reaction":[],"new_reaction":[]}}"#
            let member =
                #"{"update_id":13,"my_chat_member":{"chat":{"id":5,"type":"private"},"from":{"id":5,"first_name":"x"},"date":1}}"#
            // An update with one field in a shape this version cannot read: acknowledged,
            // skipped and counted (a 400 would have Telegram redeliver it for hours).
            #expect(try await bench.post(#"{"update_id":14,"message":{"message_id":"one","chat":7}}"#) == 200)
            #expect(bench.counters.value(.skippedUnreadable) == 1)
            #expect(bench.counters.value(.rejectedMalformed) == 6)
            #expect(try await bench.post(reaction) == 200)
            #expect(try await bench.post(member) == 200)
            #expect(bench.counters.value(.ignored) == 2)

            // None of the above reached the Bot API: a real update afterwards is the only reply.
            #expect(try await bench.post(update) == 200)
            #expect(await bench.telegram.waitForCalls(1).count == 1)
            #expect(await bench.telegram.recorded(method: "sendMessage").count == 1)
        }
    }

    /// The sample update of Telegram's webhook guide, as printed there (a chat without
    /// `type`, a sender without `is_bot`): accepted and answered, never refused with 400.
    @Test func telegramsWebhookGuideSampleIsAnswered() async throws {
        try await withWebhookBench { (bench) async throws in
            let sample = """
                {"update_id":10000,
                "message":{
                  "date":1441645532,
                  "chat":{"last_name":"Test Lastname","id":1111111,"first_name":"Test","username":"Test"},
                  "message_id":1365,
                  "from":{"last_name":"Test Lastname","id":1111111,"first_name":"Test","username":"Test"},
                  "text":"/start"
                }
                }
                """
            #expect(try await bench.post(sample) == 200)
            let sent = await bench.telegram.waitForCalls(1)
            #expect(sent.count == 1)
            let replies = await bench.telegram.recorded(method: "sendMessage")
            #expect(replies.count == 1 && replies.first?.chatID == 1_111_111)
            #expect(replies.first?.text?.contains("/help") == true, "the /start answer")
            #expect(bench.counters.value(.rejectedMalformed) == 0)
        }
    }

    @Test func redeliveredUpdateIsAnsweredOnceAlsoAfterRestart() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
        settings.inlineReplyBudgetMilliseconds = 0  // every reply through the Bot API, to count them
        let client = try TestClient()

        var server = try await RunningServer.start(settings)
        #expect(try await client.postUpdate(messageUpdate(id: 100, text: "/help"), to: server).status == 200)
        #expect(try await client.postUpdate(messageUpdate(id: 100, text: "/help"), to: server).status == 200)
        // A later update in the same chat is answered after anything queued before it, so
        // once its reply is in, a reply to the duplicate would have been too.
        #expect(try await client.postUpdate(messageUpdate(id: 101, text: "/moon"), to: server).status == 200)
        var sent = await simulator.telegram.waitForCalls(2)
        #expect(sent.map { $0.text?.hasPrefix("<b>Commands</b>") == true } == [true, false])
        try await server.stop()

        server = try await RunningServer.start(settings)
        #expect(try await client.postUpdate(messageUpdate(id: 100, text: "/help"), to: server).status == 200)
        #expect(try await client.postUpdate(messageUpdate(id: 102, text: "/moon"), to: server).status == 200)
        sent = await simulator.telegram.waitForCalls(3)
        #expect(sent.count == 3)
        #expect(sent.filter { $0.text?.hasPrefix("<b>Commands</b>") == true }.count == 1)
        try await server.stop()

        try await client.shutdown()
        await simulator.stop()
    }

    @Test func oneChatsRepliesArriveInOrderWhileOtherChatsRunAlongside() async throws {
        // Twenty at once from one chat: more than its default share of the queue.
        try await withWebhookBench(
            .init(extraHandlers: [SlowEcho()], configure: { $0.maxQueuedPerChat = 32 })
        ) { (bench) async throws in

            // Earlier updates take longer: without per-chat lanes the replies would come reversed.
            for index in 1...20 {
                let update = messageUpdate(id: Int64(index), chat: 777, text: "/slow \((21 - index) * 4) \(index)")
                #expect(try await bench.post(update) == 200)
            }
            #expect(try await bench.post(messageUpdate(id: 50, chat: 888, text: "/slow 0 other")) == 200)

            let sent = await bench.telegram.waitForCalls(21)
            let chat777 = sent.filter { $0.chatID == 777 }.compactMap(\.text)
            #expect(chat777 == (1...20).map { "done \($0)" })
            // The other chat did not wait for chat 777's slow queue.
            let otherIndex = sent.firstIndex { $0.chatID == 888 }
            #expect(otherIndex != nil && otherIndex! < 19)
        }
    }

    @Test func fullQueueAnswers503AndTheRetryIsAnswered() async throws {
        let gate = Gate()
        try await withWebhookBench(
            .init(
                extraHandlers: [GatedEcho(gate: gate)],
                configure: { settings in
                    settings.maxQueuedUpdates = 2
                    settings.maxConcurrentUpdates = 1
                })
        ) { (bench) async throws in

            #expect(try await bench.post(messageUpdate(id: 1, chat: 1, text: "/gated a")) == 200)
            #expect(try await bench.post(messageUpdate(id: 2, chat: 2, text: "/gated b")) == 200)
            #expect(try await bench.post(messageUpdate(id: 3, chat: 3, text: "/gated c")) == 503)
            await gate.open()
            _ = await bench.telegram.waitForCalls(2)
            // Telegram's redelivery of the refused update is accepted and answered.
            #expect(try await bench.post(messageUpdate(id: 3, chat: 3, text: "/gated c")) == 200)
            let sent = await bench.telegram.waitForCalls(3)
            #expect(Set(sent.compactMap(\.text)) == ["gated a", "gated b", "gated c"])
        }
    }

    @Test func aFloodingChatIsHeldToItsShareAndTheOthersAreServed() async throws {
        let gate = Gate()
        try await withWebhookBench(
            .init(
                extraHandlers: [GatedEcho(gate: gate)],
                configure: { settings in
                    settings.maxQueuedUpdates = 8
                    settings.maxQueuedPerChat = 2
                    settings.maxConcurrentUpdates = 1
                })
        ) { (bench) async throws in
            for id in 1...6 {
                #expect(try await bench.post(messageUpdate(id: Int64(id), chat: 1, text: "/gated a\(id)")) == 200)
            }
            #expect(bench.counters.value(.shed) == 4, "past its share: acknowledged and dropped")
            for chat in 2...5 {
                #expect(
                    try await bench.post(
                        messageUpdate(id: Int64(10 + chat), chat: Int64(chat), text: "/gated c\(chat)")) == 200)
            }
            #expect(bench.counters.value(.overloaded) == 0, "no other chat was turned away")
            await gate.open()
            let sent = await bench.telegram.waitForCalls(7)
            let first = sent.filter { $0.chatID == 1 }.compactMap(\.text)
            #expect(first.count == 3 && first[0].hasPrefix("Too many messages at once"), "one notice, not four")
            #expect(Array(first.dropFirst()) == ["gated a1", "gated a2"])
            #expect(
                Set(sent.filter { $0.chatID != 1 }.compactMap(\.text)) == [
                    "gated c2", "gated c3", "gated c4", "gated c5",
                ])
            // A chat that made room gets in again.
            #expect(try await bench.post(messageUpdate(id: 30, chat: 1, text: "/gated again")) == 200)
            #expect(await bench.telegram.waitForCalls(8).last?.text == "gated again")
        }
    }

    @Test func flood429DelaysTheSendWhichArrivesOnce() async throws {
        try await withWebhookBench { (bench) async throws in
            await bench.telegram.inject(.init(method: "sendMessage", status: 429, retryAfter: 1))

            #expect(try await bench.post(messageUpdate(id: 1, text: "/help")) == 200)
            let delivered = await bench.telegram.waitForCalls(1)
            let calls = await bench.telegram.recorded(method: "sendMessage")
            #expect(delivered.count == 1)
            #expect(calls.map(\.status) == [429, 200])
            #expect(calls[1].atMilliseconds - calls[0].atMilliseconds >= 1000)
            #expect(bench.counters.value(.replyRetries) == 1)
        }
    }

    @Test func serverErrorsAreRetriedAndRefusalsAreNot() async throws {
        try await withWebhookBench { (bench) async throws in
            await bench.telegram.inject(
                .init(method: "sendMessage", status: 502, body: "<html>Bad Gateway</html>", count: 2))

            #expect(try await bench.post(messageUpdate(id: 1, chat: 5, text: "/help")) == 200)
            #expect(await bench.telegram.waitForCalls(1).count == 1)
            #expect(await bench.telegram.recorded(method: "sendMessage").map(\.status) == [502, 502, 200])

            await bench.telegram.inject(.init(method: "sendMessage", status: 403))
            #expect(try await bench.post(messageUpdate(id: 2, chat: 6, text: "/help")) == 200)
            #expect(try await bench.post(messageUpdate(id: 3, chat: 6, text: "/moon")) == 200)
            let sent = await bench.telegram.waitForCalls(2)
            #expect(sent.last?.text?.hasPrefix("Unknown command") == true)
            #expect(await bench.telegram.recorded(method: "sendMessage").map(\.status) == [502, 502, 200, 403, 200])
            #expect(bench.counters.value(.repliesFailed) == 1)
        }
    }

    @Test func healthAndReadiness() async throws {
        let folder = try TemporaryFolder()
        try await withServer(Settings.forTest(database: folder.path + "/db.sqlite", simulator: nil)) {
            (server, client) async throws in
            let health = try await client.request(server.baseURL + "/healthz")
            #expect(health.status == 200)
            let body = try JSONDecoder().decode(Health.self, from: Data(health.body.utf8))
            #expect(body.status == "ok")
            #expect(body.version == AppVersion.current)
            #expect(body.residentBytes > 1_000_000)
            #expect(body.uptimeSeconds >= 0)
            let ready = try await client.request(server.baseURL + "/readyz")
            #expect(ready.status == 200)

            server.server.readiness.markStopping()
            #expect(try await client.request(server.baseURL + "/readyz").status == 503)
            #expect(try await client.request(server.baseURL + "/healthz").status == 200)
        }
    }

    @Test func shutdownDrainsAcceptedUpdates() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
        settings.inlineReplyBudgetMilliseconds = 0
        await simulator.telegram.inject(.init(method: "sendMessage", status: 200, count: 5, delayMilliseconds: 300))
        let server = try await RunningServer.start(settings)
        let client = try TestClient()
        for index in 1...5 {
            #expect(
                try await client.postUpdate(
                    messageUpdate(id: Int64(index), chat: Int64(index), text: "/help"), to: server
                ).status == 200)
        }
        try await server.stop()  // returns only after the drain
        #expect(await simulator.telegram.recorded(method: "sendMessage").filter { $0.status == 200 }.count == 5)
        let store = try SQLiteStore(path: settings.databasePath)
        #expect(try await store.journal.pending().isEmpty)
        try await client.shutdown()
        await simulator.stop()
    }
}

struct InlineReply: Decodable {
    var method: String
    var chatID: Int64
    var text: String
    var parseMode: String?

    enum CodingKeys: String, CodingKey {
        case method, text
        case chatID = "chat_id"
        case parseMode = "parse_mode"
    }
}

struct Health: Decodable {
    var status: String
    var version: String
    var uptimeSeconds: Int
    var residentBytes: Int

    enum CodingKeys: String, CodingKey {
        case status, version
        case uptimeSeconds = "uptime_s"
        case residentBytes = "rss_bytes"
    }
}

/// `/slow MS LABEL`: replies "done LABEL" after MS milliseconds, so tests can make replies
/// take different times.
struct SlowEcho: CommandHandler {
    let descriptor = CommandDescriptor(name: "slow", usage: "/slow MS LABEL")
    func run(_ invocation: CommandInvocation) async -> Reply {
        let milliseconds = Int(invocation.arguments.first ?? "0") ?? 0
        try? await Task.sleep(for: .milliseconds(milliseconds))
        return Reply(html: "done \(invocation.arguments.dropFirst().joined(separator: " "))")
    }
}

/// A latch the test opens; until then `/gated` handlers wait, holding the pipeline full.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

struct GatedEcho: CommandHandler {
    let gate: Gate
    var descriptor: CommandDescriptor {
        CommandDescriptor(name: "gated", usage: "/gated LABEL")
    }
    func run(_ invocation: CommandInvocation) async -> Reply {
        await gate.wait()
        return Reply(html: "gated \(invocation.arguments.joined(separator: " "))")
    }
}

/// Runs curl (a real HTTP/1.1 and HTTP/2 client) and returns headers and body.
func curl(_ arguments: [String], url: String) async throws -> String {
    try await runTool(["curl", "-s", "-i", "--max-time", "10"] + arguments + [url]).output
}
