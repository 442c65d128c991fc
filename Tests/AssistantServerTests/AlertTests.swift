import AssistantCore
import AssistantTesting
import Foundation
import Logging
import MarketEngine
import MarketSimulator
import NIOHTTP1
import TelegramBotAPI
import Testing

@testable import AssistantServer

/// Alerts over the simulator: scripted price, funding and open-interest paths, passes run
/// one at a time at instants of a test clock, messages sent through the real Bot API client
/// to the simulated Bot API. The engine is on the test clock too, so a retry the simulator
/// provoked would wait for ever: the time limit makes that a failure, not a hang.
@Suite(.timeLimit(.minutes(2))) struct AlertTests {
    /// The engine without caching of tickers, funding and open interest (each pass reads what
    /// the script set), the stores, the monitor, and for chat 42 (an admin chat) `/alert`,
    /// `/alerts`, `/watch`, `/digest` and `/settings`; with `keys`, the accounts' positions.
    struct Bench {
        let market: AssistantTesting.SimulatedMarket
        let stores: Stores
        let clock: TestClock
        let monitor: AlertMonitor
        let commands: [any CommandHandler]
        let botAPIStatus = BotAPIStatus()

        static let chat = Chat(id: 42, type: "private")

        let positions: PositionWatch?
        let sink: BotAPIReplySink

        init(
            market: AssistantTesting.SimulatedMarket, stores: Stores, clock: TestClock,
            keys: [Exchange: ExchangeCredentials] = [:]
        ) {
            self.market = market
            self.stores = stores
            self.clock = clock
            positions =
                keys.isEmpty
                ? nil
                : PositionWatch(
                    account: AccountService(engine: market.engine, credentials: keys), engine: market.engine,
                    interval: .seconds(60))
            sink = BotAPIReplySink(
                client: BotAPIClient(httpClient: market.http, baseURL: market.url, token: "1:x"),
                pacer: SendPacer(policy: .unthrottled, clock: clock.appClock),
                counters: PipelineCounters(factory: ServerMetrics().factory),
                clock: clock.appClock, status: botAPIStatus, logger: Logger(label: "alerts"))
            monitor = AlertMonitor(
                stores: stores, engine: market.engine, sink: sink, logger: Logger(label: "alerts"),
                clock: clock.appClock, positions: positions)
            let readings = AlertReadings(engine: market.engine, positions: positions)
            commands = [
                AlertCommand(
                    store: stores.alerts, readings: readings, limit: 3, canDeliver: true,
                    accessPolicy: AccessPolicy(adminIDs: [Self.chat.id])),
                AlertsCommand(store: stores.alerts, readings: readings),
                WatchCommand(watchlist: Watchlist(store: stores.watchlists), engine: market.engine),
                DigestCommand(stores: stores, engine: market.engine, canDeliver: true),
                SettingsCommand(store: stores.preferences, quietHours: stores.quietHours),
            ]
        }

        /// What `/alert …` (or `/alerts`) answers in chat 42 (or `chat`).
        func command(_ text: String, chat: Chat = Self.chat) async -> String {
            let words = text.split(separator: " ").map(String.init)
            let name = String(words[0].dropFirst())
            let handler = commands.first { $0.descriptor.name == name }!
            return await handler.run(
                CommandInvocation(
                    command: ParsedCommand(name: name, arguments: Array(words.dropFirst())), chat: chat,
                    sender: nil)
            )
            .html
        }

        func script(_ base: String, spot: Double? = nil, fundingRate: Double? = nil, openInterest: Double? = nil) async
        {
            await market.exchanges.script(
                base, ScriptedMarket(spot: spot, fundingRate: fundingRate, openInterest: openInterest))
        }

        /// Another monitor on the same stores and Telegram: the process after a restart, or
        /// another replica that leads.
        func anotherMonitor() -> AlertMonitor {
            AlertMonitor(
                stores: stores, engine: market.engine, sink: sink, logger: Logger(label: "alerts"),
                clock: clock.appClock, positions: positions)
        }

        /// The `sendMessage` calls Telegram accepted so far, with every parameter.
        func accepted() async -> [TelegramSimulator.RecordedCall] {
            await market.server.telegram.recorded(method: "sendMessage").filter { $0.status == 200 }
        }

        /// Moves the clock, runs one pass, returns the alert messages the Bot API received in it.
        func pass(after step: Duration = .seconds(15)) async -> [String] {
            await passDelivering(after: step).map(\.text)
        }

        /// One pass's messages Telegram accepted, with their chats.
        func passDelivering(after step: Duration = .seconds(15)) async -> [(chat: Int64, text: String)] {
            let before = await market.server.telegram.recorded(method: "sendMessage").count
            clock.advance(by: step)
            await monitor.pass()
            let calls = await market.server.telegram.recorded(method: "sendMessage")
            return calls.dropFirst(before).compactMap { (call: TelegramSimulator.RecordedCall) in
                guard call.status == 200, let chat = call.chatID, let text = call.text else { return nil }
                return (chat, text)
            }
        }
    }

    /// A bench on a fresh simulator; `clock` starts where a test needs the wall (a digest's
    /// minute, signed requests' timestamps), and `keys` give it the accounts' positions.
    func withBench(
        stores: Stores? = nil, clock: TestClock = TestClock(), keys: [Exchange: ExchangeCredentials] = [:],
        _ body: (Bench) async throws -> Void
    ) async throws {
        var freshness = MarketEngine.Freshness()
        (freshness.ticker, freshness.allTickers, freshness.funding) = (.zero, .zero, .zero)
        freshness.openInterestPerSymbol = .zero
        let market = await AssistantTesting.SimulatedMarket.start(freshness: freshness, clock: clock.appClock)
        let stores = stores ?? MemoryStores(clock: clock.appClock).stores
        try await afterwards({ try? await market.stop() }) {
            try await body(Bench(market: market, stores: stores, clock: clock, keys: keys))
        }
    }

    @Test func aCrossingFiresOnceAndNoCrossingSendsNothing() async throws {
        try await withBench { (bench) async throws in
            await bench.script("BTC", spot: 100_000)
            let created = await bench.command("/alert BTC above 110000")
            #expect(created.contains("#") && created.contains("BTC above 110,000.00 on Binance"), "\(created)")
            #expect(created.contains("Now 100,000.00"))
            #expect(await bench.pass().isEmpty, "no crossing, no message")
            await bench.script("BTC", spot: 109_999)
            #expect(await bench.pass().isEmpty)
            await bench.script("BTC", spot: 110_500)
            let fired = await bench.pass()
            #expect(fired.count == 1)
            #expect(fired.first?.contains("BTC crossed above 110,000.00 on Binance: 110,500.00") == true, "\(fired)")
            #expect(await bench.pass().isEmpty, "one-shot")
            #expect(try await bench.stores.alerts.allRecords().isEmpty)
            #expect(try await bench.stores.firedAlerts.allRecords().isEmpty)
        }
    }

    @Test func aGapThroughTheLevelFiresAndALevelAlreadyPassedIsRefused() async throws {
        try await withBench { (bench) async throws in
            await bench.script("ETH", spot: 3_000)
            #expect(await bench.command("/alert ETH > 2900").contains("Already met"))
            #expect(await bench.command("/alert ETH < 2900 bybit").contains("ETH below 2,900.00 on Bybit"))
            await bench.script("ETH", spot: 2_500)  // from 3,000 to 2,500 between two passes
            let fired = await bench.pass()
            #expect(fired.count == 1 && fired[0].contains("crossed below 2,900.00 on Bybit: 2,500.00"), "\(fired)")
        }
    }

    @Test func aMoveFiresOnlyWithinItsWindow() async throws {
        try await withBench { (bench) async throws in
            await bench.script("SOL", spot: 100)
            #expect(await bench.command("/alert SOL move 5% 5m").contains("SOL moves 5% within 5m on Binance"))
            // +6% in all, but never 5% within 5 minutes.
            for (minute, price) in [(1, 102.0), (2, 104.0), (3, 104.5), (6, 106.0), (7, 108.0)] {
                await bench.script("SOL", spot: price)
                #expect(await bench.pass(after: .seconds(60 * (minute == 6 ? 3 : 1))).isEmpty, "minute \(minute)")
            }
            // From 108 (minute 7, in the window) to 102: -5.6%.
            await bench.script("SOL", spot: 102)
            let fired = await bench.pass(after: .seconds(60))
            #expect(fired.count == 1 && fired[0].contains("SOL moved -5.56% within 5m on Binance"), "\(fired)")
        }
    }

    @Test func fundingAndOpenInterestConditions() async throws {
        try await withBench { (bench) async throws in
            await bench.script("BTC", fundingRate: 0.0001, openInterest: 50_000)
            #expect(
                await bench.command("/alert BTC funding above 0.05%").contains("BTC funding above 0.05% on Binance"))
            let oi = await bench.command("/alert BTC oi 10% 1h")
            #expect(oi.contains("BTC open interest changes 10% within 1h (all exchanges)"), "\(oi)")
            #expect(await bench.pass().isEmpty)
            await bench.script("BTC", fundingRate: 0.0006, openInterest: 52_000)
            let first = await bench.pass()
            #expect(
                first.count == 1 && first[0].contains("BTC funding crossed above 0.05% on Binance: 0.0600%"), "\(first)"
            )
            await bench.script("BTC", fundingRate: 0.0006, openInterest: 56_000)
            let second = await bench.pass()
            #expect(second.count == 1 && second[0].contains("BTC open interest changed +12.00% within 1h"), "\(second)")
        }
    }

    @Test func oneChatsFloodControlHoldsOnlyThatChat() async throws {
        try await withBench { (bench) async throws in
            await bench.script("BTC", spot: 100_000)
            for chat in [42, 43, 44] {
                _ = await bench.command("/alert BTC above 110000", chat: Chat(id: Int64(chat), type: "private"))
            }
            await bench.market.server.telegram.inject(
                .init(method: "sendMessage", status: 429, retryAfter: 60, chatID: 42))
            await bench.script("BTC", spot: 111_000)
            let first = await bench.passDelivering()
            #expect(Set(first.map(\.chat)) == [43, 44], "the others are not held back: \(first.map(\.chat))")
            #expect(await bench.passDelivering().isEmpty, "chat 42 waits the 60 s Telegram said")
            let later = await bench.passDelivering(after: .seconds(60))
            #expect(later.map(\.chat) == [42] && later[0].text.contains("BTC crossed above"))
            #expect(try await bench.stores.firedAlerts.allRecords().isEmpty)
        }
    }

    @Test func aBlockedChatsAlertsPauseUntilItWritesAgain() async throws {
        try await withBench { (bench) async throws in
            await bench.script("BTC", spot: 100_000)
            let chat = Chat(id: 43, type: "private")
            _ = await bench.command("/alert BTC above 110000", chat: chat)
            _ = await bench.command("/alert BTC above 120000", chat: chat)
            await bench.market.server.telegram.inject(
                .init(
                    method: "sendMessage", status: 403, description: "Forbidden: bot was blocked by the user",
                    chatID: 43))
            await bench.script("BTC", spot: 111_000)
            #expect(await bench.passDelivering().isEmpty)
            #expect(try await bench.stores.pausedChats.allRecords().map(\.chatID) == [43])
            #expect(try await bench.stores.firedAlerts.allRecords().count == 1, "what fired is kept")
            await bench.script("BTC", spot: 121_000)
            #expect(await bench.passDelivering().isEmpty)
            #expect(try await bench.stores.alerts.records(chatID: 43).count == 1, "not evaluated while paused: armed")
            await bench.monitor.pauses.resume(43)  // the chat wrote to the bot
            let resumed = await bench.passDelivering()
            #expect(resumed.count == 2 && resumed.allSatisfy { $0.chat == 43 }, "\(resumed)")
            #expect(try await bench.stores.pausedChats.allRecords().isEmpty)
        }
    }

    @Test func aGroupThatBecameASupergroupTakesItsAlertsAndSettingsAlong() async throws {
        try await withBench { (bench) async throws in
            await bench.script("BTC", spot: 100_000)
            let group = Chat(id: -100, type: "group")
            _ = await bench.command("/alert BTC above 110000", chat: group)
            _ = await bench.command("/alert BTC above 130000", chat: group)
            try await bench.stores.preferences.setPreferences(ChatPreferences(exchange: .okx), for: -100)
            await bench.market.server.telegram.inject(
                .init(
                    method: "sendMessage", status: 400,
                    description: "Bad Request: group chat was upgraded to a supergroup chat", chatID: -100,
                    migrateToChatID: -100_777))
            await bench.script("BTC", spot: 111_000)
            let sent = await bench.passDelivering()
            #expect(sent.map(\.chat) == [-100_777], "the message goes to the supergroup: \(sent)")
            #expect(try await bench.stores.alerts.records(chatID: -100).isEmpty)
            #expect(try await bench.stores.alerts.records(chatID: -100_777).count == 1, "the other alert moved")
            #expect(try await bench.stores.preferences.preferences(for: -100_777).exchange == .okx)
            #expect(try await bench.stores.preferences.preferences(for: -100).isDefault)
        }
    }

    @Test func aChatThatIsGoneIsDroppedAfterAFewTriesAndARefusedTokenLosesNothing() async throws {
        try await withBench { (bench) async throws in
            await bench.script("BTC", spot: 100_000)
            _ = await bench.command("/alert BTC above 110000", chat: Chat(id: 45, type: "private"))
            _ = await bench.command("/alert BTC above 110000", chat: Chat(id: 46, type: "private"))
            await bench.market.server.telegram.inject(
                .init(
                    method: "sendMessage", status: 400, description: "Bad Request: chat not found", count: 10,
                    chatID: 45))
            await bench.market.server.telegram.inject(
                .init(method: "sendMessage", status: 401, description: "Unauthorized", count: 1, chatID: 46))
            await bench.script("BTC", spot: 111_000)
            #expect(await bench.passDelivering().isEmpty)
            #expect(bench.botAPIStatus.tokenRefusal == 401, "/readyz says why")
            #expect(
                try await bench.stores.firedAlerts.records(chatID: 46).count == 1, "kept while the token is refused")
            let second = await bench.passDelivering(after: .seconds(600))
            #expect(second.map(\.chat) == [46] && bench.botAPIStatus.tokenRefusal == nil)
            #expect(await bench.passDelivering(after: .seconds(600)).isEmpty)
            #expect(try await bench.stores.firedAlerts.allRecords().isEmpty, "chat 45: dropped after three refusals")
            let refusals = await bench.market.server.telegram.recorded(method: "sendMessage").filter { $0.chatID == 45 }
            #expect(refusals.count == 3 && refusals.allSatisfy { $0.status == 400 })
        }
    }

    @Test func deletedAlertsNeverFireAndTheLimitIsKept() async throws {
        try await withBench { (bench) async throws in
            await bench.script("BTC", spot: 100_000)
            for level in [101_000, 102_000, 103_000] {
                #expect(await bench.command("/alert BTC above \(level)").contains("Alert"))
            }
            #expect(await bench.command("/alert BTC above 104000").contains("the most it may have"))
            let ids = try await bench.stores.alerts.allRecords().map(\.id)
            #expect(await bench.command("/alert delete \(ids[0])").contains("deleted"))
            #expect(await bench.command("/alert delete \(ids[0])").contains("No alert"))
            #expect(await bench.command("/alerts").contains("(2)"))
            #expect(await bench.command("/alert delete all").contains("Alerts deleted: 2."))
            await bench.script("BTC", spot: 110_000)
            #expect(await bench.pass().isEmpty)
        }
    }

    @Test func badInputGetsOneLineAndTheUsage() async throws {
        try await withBench { (bench) async throws in
            for (text, problem) in [
                ("/alert BTC above abc", "“abc” is not a price."),
                ("/alert BTC move 5% 2d", "“2d” is not a window from 5m to 1d"),
                ("/alert BTC sideways 5", "“sideways” is not a condition"),
                ("/alert NOTACOIN above 5", "NOTACOIN"),
                ("/alert delete x", "“x” is not an alert number."),
            ] {
                let reply = await bench.command(text)
                #expect(reply.contains(problem), "\(text): \(reply)")
            }
            #expect(await bench.command("/alert BTC above abc").contains("Usage: /alert SYMBOL above|below PRICE"))
            #expect(try await bench.stores.alerts.allRecords().isEmpty)
        }
    }

    /// However many alerts watch the same symbols, one pass makes the same upstream requests.
    @Test func requestsPerEvaluationDoNotGrowWithTheNumberOfAlerts() async throws {
        var requests: [Int] = []
        for count in [1, 1_000] {
            try await withBench { (bench) async throws in
                let alerts = bench.stores.alerts
                for index in 0..<count {
                    let alert = Alert(
                        chatID: Int64(index % 100), base: index.isMultiple(of: 2) ? "BTC" : "ETH", exchange: .binance,
                        condition: index.isMultiple(of: 3)
                            ? .move(percent: 50, windowSeconds: 3600) : .price(.above, level: 1_000_000),
                        createdAt: bench.clock.wallMilliseconds, valueAtCreation: 0)
                    _ = try await alerts.add(chatID: alert.chatID, payload: alert.payload, limit: 1_000_000)
                }
                _ = await bench.pass()  // instruments and the first sample
                let before = await bench.market.exchanges.requests("binance")
                let result = await bench.monitor.pass()
                #expect(result.evaluated == count && result.fired == 0)
                requests.append(await bench.market.exchanges.requests("binance") - before)
            }
        }
        #expect(requests.allSatisfy { $0 == requests[0] } && requests[0] >= 1, "\(requests)")
    }

    @Test func alertsSurviveARestart() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/alerts.sqlite"
        try await withBench(stores: try SQLiteStore(path: path).stores) { (bench) async throws in
            await bench.script("BTC", spot: 100_000)
            #expect(await bench.command("/alert BTC below 90000").contains("Alert"))
            try bench.stores.close()
        }
        let reopened = try SQLiteStore(path: path).stores
        try await withBench(stores: reopened) { (bench) async throws in
            await bench.script("BTC", spot: 89_000)
            #expect(await bench.pass().count == 1)
            try bench.stores.close()
        }
    }

    @Test func localModeRefusesAlertsItCouldNotDeliver() async throws {
        try await withBench { (bench) async throws in
            let command = AlertCommand(
                store: bench.stores.alerts, readings: AlertReadings(engine: bench.market.engine), limit: 50,
                canDeliver: false)
            let reply = await command.run(
                CommandInvocation(
                    command: ParsedCommand(name: "alert", arguments: ["BTC", "above", "1"]), chat: Bench.chat,
                    sender: nil))
            #expect(reply.html.contains("local mode"))
            #expect(try await bench.stores.alerts.allRecords().isEmpty)
        }
    }
    /// The built binary: an alert fires while the Bot API refuses every message, the process
    /// is killed with SIGKILL, and after the restart the message goes out exactly once.
    ///
    /// The killed process talks to a Telegram of its own, which never recovers: a send it
    /// wrote just before the kill may be read only after it, and must meet the same 503 (a
    /// send that reaches Telegram before a kill is the at-least-once window ARCHITECTURE.md
    /// names; this test kills before sends).
    @Test func aKillBetweenFiringAndSendingSendsItOnceAfterTheRestart() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        let failingTelegram = await RunningSimulator.start()
        let client = try TestClient()
        func environment(_ telegram: RunningSimulator) -> [String: String] {
            [
                "TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_API_URL": telegram.url, "WEBHOOK_SECRET": testSecret,
                "LISTEN_PORT": "0", "DATABASE_PATH": folder.path + "/db.sqlite", "BOT_USERNAME": "MarketAssistDemoBot",
                "ALERT_CHECK_INTERVAL_S": "1",
            ].merging(simulator.exchangeEnvironment) { first, _ in first }
        }
        func alertMessages(status: Int, at telegram: RunningSimulator) async -> Int {
            await telegram.telegram.recorded(method: "sendMessage").filter {
                $0.status == status && ($0.text ?? "").contains("BTC crossed above 110,000.00")
            }.count
        }
        try await afterwards({
            try? await client.shutdown()
            await simulator.stop()
            await failingTelegram.stop()
        }) {
            await simulator.server.exchanges.script("BTC", ScriptedMarket(spot: 100_000))
            try await withChild(["serve"], environment: environment(failingTelegram)) { (first) async throws in
                let port = try #require(
                    ExecutableTests.port(fromListeningLine: await first.line(containing: "listening") ?? ""))
                let answer = try await client.request(
                    "http://127.0.0.1:\(port)/telegram/webhook", method: .POST,
                    body: Array(messageUpdate(id: 1, chat: 77, text: "/alert BTC above 110000").utf8),
                    headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret)])
                #expect(answer.status == 200)
                // The confirmation, inline or through sendMessage.
                let confirmed = await eventually {
                    let sent = await failingTelegram.telegram.recorded(method: "sendMessage")
                    return answer.body.contains("Alert") || sent.contains { ($0.text ?? "").contains("Alert") }
                }
                #expect(confirmed)
                await failingTelegram.telegram.inject(.init(method: "sendMessage", status: 503, count: 1_000_000))
                await simulator.server.exchanges.script("BTC", ScriptedMarket(spot: 111_000))
                #expect(
                    await eventually(within: .seconds(20)) {
                        await alertMessages(status: 503, at: failingTelegram) >= 1
                    })
                kill(first.process.processIdentifier, SIGKILL)
                #expect(await first.status(within: .seconds(10)) == 9)
            }
            try await withChild(["serve"], environment: environment(simulator)) { (second) async throws in
                #expect(
                    await eventually(within: .seconds(20)) { await alertMessages(status: 200, at: simulator) >= 1 })
                kill(second.process.processIdentifier, SIGTERM)
                #expect(await second.status(within: .seconds(30)) == 0)
            }
            #expect(await alertMessages(status: 200, at: simulator) == 1)
            #expect(await alertMessages(status: 200, at: failingTelegram) == 0)
            // Nothing is left that could send it again.
            let stores = try SQLiteStore(path: folder.path + "/db.sqlite").stores
            #expect(try await stores.alerts.allRecords().isEmpty)
            #expect(try await stores.firedAlerts.allRecords().isEmpty)
            try stores.close()
        }
    }
}
