import AssistantCore
import AssistantTesting
import Foundation
import Logging
import MarketEngine
import MarketSimulator
import NIOHTTP1
import Synchronization
import Testing

@testable import AssistantServer

/// Every command with debug logging, then the logs, replies, `/healthz` and `config check`
/// are searched for every secret.
@Suite struct SecretsTests {
    final class CapturedLog: Sendable {
        let lines = Mutex<[String]>([])
    }

    struct CapturingHandler: LogHandler {
        let log: CapturedLog
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            log.lines.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }

    @Test func noSecretAppearsAnywhere() async throws {
        let folder = try TemporaryFolder()
        let simulator = await RunningSimulator.start()
        var settings = Settings.forTest(database: folder.path + "/db.sqlite", simulator: simulator)
        settings.inlineReplyBudgetMilliseconds = 0
        settings.apiToken = "api-token-secret-0123456789"
        settings.adminChatIDs = [1_111_111]
        settings.logLevel = .trace
        settings.exchangeCredentials = [
            .binance: ExchangeCredentials(
                apiKey: SimulatedAccounts.binance.apiKey, secret: SimulatedAccounts.binance.secret),
            .bybit: ExchangeCredentials(apiKey: SimulatedAccounts.bybit.apiKey, secret: SimulatedAccounts.bybit.secret),
            // A wrong OKX secret, so an exchange error reply is part of the scan too.
            .okx: ExchangeCredentials(
                apiKey: SimulatedAccounts.okx.apiKey, secret: "wrong-okx-secret-xyz",
                passphrase: SimulatedAccounts.okx.passphrase),
        ]
        let log = CapturedLog()
        let logger = Logger(label: "scan") { _ in CapturingHandler(log: log) }
        let server = try await WebhookServer(
            settings: settings, logger: logger, options: .init(pacerPolicy: .unthrottled), signals: [])
        let task = Task { try await server.run() }
        let base = "http://127.0.0.1:\(await server.listeningPort())"
        let client = try TestClient()

        let commands = [
            "/start", "/help", "/price BTC", "/price ETH all", "/top10", "/volume SOL", "/cvd BTC", "/oi BTC",
            "/volscan",
            "/analysis ETH", "/balance", "/positions", "/pnl 7d", "/pnl today",
        ]
        for (index, text) in commands.enumerated() {
            let answer = try await client.request(
                base + "/telegram/webhook", method: .POST,
                body: Array(messageUpdate(id: Int64(index + 1), text: text).utf8),
                headers: [("X-Telegram-Bot-Api-Secret-Token", testSecret), ("Content-Type", "application/json")])
            #expect(answer.status == 200)
        }
        let replies = await simulator.telegram.waitForCalls(commands.count, timeout: .seconds(30))
        #expect(replies.count == commands.count)
        let health = try await client.request(base + "/healthz").body
        let api = try await client.request(
            base + "/api/v1/price?symbol=BTC", headers: [("Authorization", "Bearer \(settings.apiToken!)")])
        #expect(api.status == 200)

        let secrets = [
            testToken, testSecret, settings.apiToken!, SimulatedAccounts.binance.secret, SimulatedAccounts.bybit.secret,
            "wrong-okx-secret-xyz", SimulatedAccounts.okx.passphrase!, SimulatedAccounts.binance.apiKey,
            SimulatedAccounts.bybit.apiKey, SimulatedAccounts.okx.apiKey,
        ]
        let haystacks = [
            ("logs", log.lines.withLock { $0.joined(separator: "\n") }),
            ("replies", replies.compactMap(\.text).joined(separator: "\n")),
            ("healthz", health), ("api", api.body), ("config check", SettingsReport.render(settings)),
        ]
        #expect(log.lines.withLock { $0.count } > 10)  // debug logging was really on
        #expect(replies.contains { $0.text?.contains("OKX refused the request (50113: Invalid signature.)") == true })
        for (place, text) in haystacks {
            for secret in secrets {
                #expect(!text.contains(secret), "a secret appears in \(place)")
            }
            for marker in ["signature=", "X-BAPI-SIGN", "OK-ACCESS-SIGN", "X-MBX-APIKEY"] {
                #expect(!text.contains(marker), "\(marker) appears in \(place)")
            }
        }
        try await client.shutdown()
        await server.shutdown()
        try await task.value
        await simulator.stop()
    }
}
