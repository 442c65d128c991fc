import AssistantTesting
import Foundation
import Logging
import MarketEngine
import Testing

@testable import AssistantServer

@Suite struct SettingsTests {
    func load(_ environment: [String: String], file: String? = nil) async throws -> Settings {
        try await SettingsLoader.load(environmentFile: file, environment: environment)
    }

    @Test func defaults() async throws {
        let settings = try await load([:])
        #expect(settings.botToken == nil && settings.isLocalMode)
        #expect(settings.webhookPath == "/telegram/webhook")
        #expect(settings.effectivePort == 8080)
        #expect(settings.databasePath == "data/crypto-assistant.sqlite")
        #expect(settings.telegramAPIURL == "https://api.telegram.org")
        #expect(SettingsRequirement.forServe(settings).map(\.name) == ["WEBHOOK_SECRET"])
        #expect(SettingsRequirement.forPoll(settings).map(\.name) == ["TELEGRAM_BOT_TOKEN"])
    }

    @Test func readsEveryNamedSetting() async throws {
        let settings = try await load([
            "TELEGRAM_BOT_TOKEN": testToken, "WEBHOOK_SECRET": "abc-DEF_1", "WEBHOOK_PATH": "/hook",
            "PUBLIC_URL": "https://bot.example.com/", "LISTEN_HOST": "0.0.0.0", "TLS_CERT_FILE": "c.pem",
            "TLS_KEY_FILE": "k.pem", "ADMIN_CHAT_IDS": "1, -1001234567890", "DATABASE_PATH": "/tmp/x.sqlite",
            "LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json", "TELEGRAM_API_URL": "http://127.0.0.1:9",
            "TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8", "TELEGRAM_IP_ALLOWLIST": "TRUE",
            "METRICS_TOKEN": "metrics-token-0123456789", "METRICS_PORT": "9464", "METRICS_HOST": "0.0.0.0",
        ])
        #expect(settings.botToken == testToken)
        #expect(settings.webhookSecret == "abc-DEF_1")
        #expect(settings.webhookPath == "/hook")
        #expect(settings.publicURL == "https://bot.example.com")
        #expect(settings.effectivePort == 8443)  // TLS default
        #expect(settings.adminChatIDs == [1, -1_001_234_567_890])
        #expect(settings.logLevel == .debug)
        #expect(settings.logFormat == .json)
        #expect(settings.telegramAPIURL == "http://127.0.0.1:9")
        #expect(settings.trustedProxies.map(\.description) == ["127.0.0.1", "10.0.0.0/8"])
        #expect(settings.telegramIPAllowList)
        #expect(settings.metricsToken == "metrics-token-0123456789")
        #expect(settings.metricsPort == 9464 && settings.metricsHost == "0.0.0.0")
    }

    @Test(arguments: [
        ("LISTEN_PORT", "http", "LISTEN_PORT"),
        ("LISTEN_PORT", "70000", "LISTEN_PORT"),
        ("WEBHOOK_SECRET", "has space", "WEBHOOK_SECRET"),
        ("WEBHOOK_SECRET", String(repeating: "a", count: 257), "WEBHOOK_SECRET"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT"),
        ("ADMIN_CHAT_IDS", "1,abc", "ADMIN_CHAT_IDS"),
        ("PUBLIC_URL", "http://insecure.example.com", "PUBLIC_URL"),
        ("TLS_CERT_FILE", "only-cert.pem", "TLS_KEY_FILE"),
        ("TRUSTED_PROXIES", "127.0.0.1, nginx.local", "TRUSTED_PROXIES"),
        ("TRUSTED_PROXIES", "10.0.0.0/33", "TRUSTED_PROXIES"),
        ("TELEGRAM_IP_ALLOWLIST", "sometimes", "TELEGRAM_IP_ALLOWLIST"),
        ("METRICS_TOKEN", "short", "METRICS_TOKEN"),
        ("METRICS_PORT", "-1", "METRICS_PORT"),
    ])
    func badValuesNameTheSettingAndNotTheValue(name: String, value: String, named: String) async throws {
        do {
            _ = try await load([name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch let error as SettingsError {
            #expect(error.name == named)
            #expect(!error.description.contains(value))
        }
    }

    @Test func environmentFileIsReadBelowTheEnvironment() async throws {
        let folder = try TemporaryFolder()
        let file = folder.path + "/.env"
        try "# comment\nWEBHOOK_SECRET=fromfile\nLISTEN_PORT=9000\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let settings = try await load(["LISTEN_PORT": "9100"], file: file)
        #expect(settings.webhookSecret == "fromfile")
        #expect(settings.listenPort == 9100)
        let missing = try await load([:], file: folder.path + "/absent.env")
        #expect(missing.webhookSecret == nil)
    }

    @Test func exchangeKeysFromASecretsDirectory() async throws {
        let folder = try TemporaryFolder()
        try "key-from-file\n".write(toFile: folder.path + "/BINANCE_API_KEY", atomically: true, encoding: .utf8)
        try "secret-from-file\n".write(toFile: folder.path + "/BINANCE_API_SECRET", atomically: true, encoding: .utf8)
        let settings = try await load(["SECRETS_DIR": folder.path, "BINANCE_API_KEY": "key-from-env"])
        #expect(settings.exchangeCredentials[.binance]?.apiKey == "key-from-env")  // the environment wins
        #expect(settings.exchangeCredentials[.binance]?.secret == "secret-from-file")
        #expect(settings.exchangeCredentials[.okx] == nil)
        try "key-from-file".write(toFile: folder.path + "/OKX_API_KEY", atomically: true, encoding: .utf8)
        // OKX has a key file but no secret: a clear error naming the missing half.
        await #expect(
            throws: SettingsError(
                name: "OKX_API_SECRET", problem: "is not set, but OKX_API_KEY and OKX_API_SECRET go together")
        ) {
            _ = try await load(["CREDENTIALS_DIRECTORY": folder.path])
        }
        await #expect(
            throws: SettingsError(name: "OKX_API_PASSPHRASE", problem: "is not set: OKX keys need their passphrase")
        ) {
            _ = try await load(["OKX_API_KEY": "k", "OKX_API_SECRET": "s"])
        }
    }

    @Test func reportMasksSecrets() {
        var settings = Settings()
        settings.botToken = testToken
        settings.webhookSecret = testSecret
        let report = SettingsReport.render(settings)
        #expect(!report.contains(testSecret))
        #expect(!report.contains(testToken.split(separator: ":")[1]))
        #expect(report.contains("123456:****"))
        #expect(report.contains("serve: ready"))
        #expect(report.contains("webhook set: missing PUBLIC_URL"))
    }

    @Test func secretComparison() {
        #expect(WebhookSecret.matches(Array("abc".utf8), secret: Array("abc".utf8)))
        #expect(!WebhookSecret.matches(Array("abd".utf8), secret: Array("abc".utf8)))
        #expect(!WebhookSecret.matches(Array("ab".utf8), secret: Array("abc".utf8)))
        #expect(!WebhookSecret.matches(Array("abcabc".utf8), secret: Array("abc".utf8)))
        #expect(!WebhookSecret.matches([UInt8](), secret: Array("abc".utf8)))
    }

    @Test func selfSignedDetection() async throws {
        let folder = try TemporaryFolder()
        let (cert, _) = try await makeCertificate(in: folder.path)
        #expect(try CertificateInspector.isSelfSigned(pem: String(contentsOfFile: cert, encoding: .utf8)))
        let leaf = try await makeCASignedCertificate(in: folder.path)
        #expect(try !CertificateInspector.isSelfSigned(pem: String(contentsOfFile: leaf, encoding: .utf8)))
        #expect(throws: CertificateInspector.Failure.self) { try CertificateInspector.isSelfSigned(pem: "garbage") }
    }
}
