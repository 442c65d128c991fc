import AssistantTesting
import Foundation
import Logging
import MarketEngine
import Testing

@testable import AssistantServer

/// What the loader and `config check` made of the settings before they came from one table,
/// pinned: names, defaults, ranges, the exact wording of each refusal, secrets and masking.
@Suite struct SettingsTableTests {
    func load(_ environment: [String: String]) async throws -> Settings {
        try await SettingsLoader.load(environmentFile: nil, environment: environment)
    }

    @Test func secretNames() {
        #expect(
            SettingsLoader.secretNames == [
                "TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET", "API_TOKEN", "BINANCE_API_KEY", "BINANCE_API_SECRET",
                "BYBIT_API_KEY", "BYBIT_API_SECRET", "OKX_API_KEY", "OKX_API_SECRET", "OKX_API_PASSPHRASE",
                "BITGET_API_KEY", "BITGET_API_SECRET", "BITGET_API_PASSPHRASE", "GATE_API_KEY", "GATE_API_SECRET",
                "MEXC_API_KEY", "MEXC_API_SECRET", "METRICS_TOKEN", "DATABASE_URL",
            ])
    }

    @Test(arguments: [
        (
            ["TELEGRAM_BOT_TOKEN": "123:short"],
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters)"
        ),
        (["TELEGRAM_API_URL": "api.telegram.org"], "TELEGRAM_API_URL must start with http:// or https://"),
        (["WEBHOOK_SECRET": "a.b"], "WEBHOOK_SECRET must be 1–256 characters of A-Z, a-z, 0-9, _ and -"),
        (["WEBHOOK_PATH": "hook"], "WEBHOOK_PATH must be a path starting with /"),
        (["WEBHOOK_PATH": "/a b"], "WEBHOOK_PATH must be a path starting with /"),
        (
            ["PUBLIC_URL": "http://bot.example.com"],
            "PUBLIC_URL must start with https:// (Telegram only calls HTTPS webhooks)"
        ),
        (["LISTEN_PORT": "65536"], "LISTEN_PORT must be a whole number from 0 to 65535"),
        (["TLS_CERT_FILE": "c.pem"], "TLS_KEY_FILE is not set, but TLS needs both TLS_CERT_FILE and TLS_KEY_FILE"),
        (["TLS_KEY_FILE": "k.pem"], "TLS_CERT_FILE is not set, but TLS needs both TLS_CERT_FILE and TLS_KEY_FILE"),
        (["ADMIN_CHAT_IDS": "1, x"], "ADMIN_CHAT_IDS must be a comma-separated list of numeric chat or user ids"),
        (["LOG_LEVEL": "loud"], "LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical"),
        (["LOG_FORMAT": "xml"], "LOG_FORMAT must be text or json"),
        (["INLINE_REPLY_BUDGET_MS": "50001"], "INLINE_REPLY_BUDGET_MS must be a whole number from 0 to 50000"),
        (["MAX_QUEUED_UPDATES": "0"], "MAX_QUEUED_UPDATES must be a whole number from 1 to 1000000"),
        (["MAX_CONCURRENT_UPDATES": "10001"], "MAX_CONCURRENT_UPDATES must be a whole number from 1 to 10000"),
        (["SHUTDOWN_GRACE_S": "3601"], "SHUTDOWN_GRACE_S must be a whole number from 1 to 3600"),
        (["HTTP_REQUEST_TIMEOUT_S": "0"], "HTTP_REQUEST_TIMEOUT_S must be a whole number from 1 to 600"),
        (["POLL_TIMEOUT_S": "51"], "POLL_TIMEOUT_S must be a whole number from 0 to 50"),
        (["ALERT_CHECK_INTERVAL_S": "0"], "ALERT_CHECK_INTERVAL_S must be a whole number from 1 to 3600"),
        (["BINANCE_SPOT_URL": "api.binance.com"], "BINANCE_SPOT_URL must start with http:// or https://"),
        (["BINANCE_FUTURES_URL": "ftp://x"], "BINANCE_FUTURES_URL must start with http:// or https://"),
        (["BYBIT_URL": "x"], "BYBIT_URL must start with http:// or https://"),
        (["OKX_URL": "x"], "OKX_URL must start with http:// or https://"),
        (["MEXC_SPOT_URL": "api.mexc.com"], "MEXC_SPOT_URL must start with http:// or https://"),
        (
            ["BITGET_API_KEY": "k", "BITGET_API_SECRET": "s"],
            "BITGET_API_PASSPHRASE is not set: BITGET keys need their passphrase"
        ),
        (["GATE_API_KEY": "k"], "GATE_API_SECRET is not set, but GATE_API_KEY and GATE_API_SECRET go together"),
        (["EXCHANGE_TIMEOUT_MS": "99"], "EXCHANGE_TIMEOUT_MS must be a whole number from 100 to 60000"),
        (["DATABASE_URL": "mysql://u:p@h/db"], "DATABASE_URL must start with postgres:// or postgresql://"),
        (["DATABASE_URL": "postgres://u:p@h:99999/db"], "DATABASE_URL has a port that is not a number from 1 to 65535"),
        (
            ["DATABASE_URL": "postgres://u:p@h:5432"],
            "DATABASE_URL must name a database: postgres://USER:PASSWORD@HOST:PORT/DB"
        ),
        (
            ["DATABASE_URL": "postgres://u:p@h/db?sslmode=allow"],
            "DATABASE_URL has sslmode=allow; use disable, require or verify-full"
        ),
        (["CHAT_LEASE_S": "1"], "CHAT_LEASE_S must be a whole number from 2 to 300"),
        (
            ["BINANCE_API_KEY": "k"],
            "BINANCE_API_SECRET is not set, but BINANCE_API_KEY and BINANCE_API_SECRET go together"
        ),
        (["BYBIT_API_SECRET": "s"], "BYBIT_API_KEY is not set, but BYBIT_API_KEY and BYBIT_API_SECRET go together"),
        (["OKX_API_KEY": "k", "OKX_API_SECRET": "s"], "OKX_API_PASSPHRASE is not set: OKX keys need their passphrase"),
        (["API_ACCOUNT_ENDPOINTS": "yes"], "API_ACCOUNT_ENDPOINTS must be true or false"),
        (["API_TOKEN": "fifteen-chars-x"], "API_TOKEN must be at least 16 characters"),
        (
            ["TRUSTED_PROXIES": "127.0.0.1, nginx.local"],
            "TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges (item 2 is neither)"
        ),
        (["TELEGRAM_IP_ALLOWLIST": "maybe"], "TELEGRAM_IP_ALLOWLIST must be true or false"),
        (["METRICS_TOKEN": "short"], "METRICS_TOKEN must be at least 16 characters"),
        (["METRICS_PORT": "-1"], "METRICS_PORT must be a whole number from 0 to 65535"),
        // Of two bad settings, the one read first is named.
        (["METRICS_PORT": "-1", "LISTEN_PORT": "x"], "LISTEN_PORT must be a whole number from 0 to 65535"),
    ])
    func refusalWording(environment: [String: String], message: String) async throws {
        do {
            _ = try await load(environment)
            Issue.record("\(environment) was accepted")
        } catch let error as SettingsError {
            #expect(error.description == message)
        }
    }

    /// The edges of each range are accepted; values are read case-insensitively where the
    /// loader always did.
    @Test func edgesAndSpellingsAccepted() async throws {
        let settings = try await load([
            "LISTEN_PORT": "0", "INLINE_REPLY_BUDGET_MS": "50000", "MAX_QUEUED_UPDATES": "1000000",
            "MAX_CONCURRENT_UPDATES": "1", "SHUTDOWN_GRACE_S": "3600", "HTTP_REQUEST_TIMEOUT_S": "600",
            "POLL_TIMEOUT_S": "0", "EXCHANGE_TIMEOUT_MS": "100", "LOG_LEVEL": "Warning", "LOG_FORMAT": "JSON",
            "API_ACCOUNT_ENDPOINTS": "True", "BOT_USERNAME": "@MyBot", "API_TOKEN": "sixteen-chars-xx",
            "OKX_API_KEY": "k", "OKX_API_SECRET": "s", "OKX_API_PASSPHRASE": "p", "BYBIT_URL": "http://127.0.0.1:1",
        ])
        #expect(settings.listenPort == 0 && settings.inlineReplyBudgetMilliseconds == 50_000)
        #expect(settings.maxQueuedUpdates == 1_000_000 && settings.maxConcurrentUpdates == 1)
        #expect(settings.shutdownGraceSeconds == 3600 && settings.requestTimeoutSeconds == 600)
        #expect(settings.pollTimeoutSeconds == 0 && settings.exchangeTimeoutMilliseconds == 100)
        #expect(settings.logLevel == .warning && settings.logFormat == .json && settings.apiAccountEndpoints)
        #expect(settings.botUsername == "MyBot" && settings.apiToken == "sixteen-chars-xx")
        #expect(settings.exchangeCredentials[.okx]?.passphrase == "p")
        #expect(settings.exchangeEndpoints.bybit == "http://127.0.0.1:1")
    }

    /// Empty or blank counts as unset, for every setting.
    /// `market-sim --env-file` and the system tests name the base URLs by
    /// `Endpoints.settingNames`: each name must set its own URL and no other.
    @Test func theExchangesURLSettingsAreTheEnginesEndpoints() async throws {
        for (index, setting) in MarketEngine.Endpoints.settingNames.enumerated() {
            let url = "http://127.0.0.1:\(9000 + index)"
            let settings = try await load([setting.name: url])
            var expected = MarketEngine.Endpoints()
            expected[keyPath: setting.url] = url
            #expect(
                settings.exchangeEndpoints.settings.map(\.value) == expected.settings.map(\.value), "\(setting.name)")
        }
        let simulated = try await load(
            Dictionary(
                uniqueKeysWithValues: MarketEngine.Endpoints(allAt: "http://sim.test").settings.map {
                    ($0.name, $0.value)
                }))
        #expect(simulated.exchangeEndpoints.mexcSpot == "http://sim.test/mexc")
        #expect(
            Set(simulated.exchangeEndpoints.settings.map(\.value)).count == 2, "the simulator and its MEXC spot prefix")
    }

    @Test func emptyValuesCountAsUnset() async throws {
        let names = SettingsTable.settings.flatMap(\.names)
        #expect(Set(names).count == names.count, "a name twice in the table")
        for blank in ["", "  ", "\t"] {
            let settings = try await load(Dictionary(uniqueKeysWithValues: names.map { ($0, blank) }))
            #expect(SettingsReport.render(settings) == SettingsReport.render(Settings()))
        }
    }

    /// A file in SECRETS_DIR is read for a secret only; the environment wins over it.
    @Test func secretsDirectoryHoldsOnlySecrets() async throws {
        let folder = try TemporaryFolder()
        for name in SettingsTable.settings.flatMap(\.names) {
            let value =
                switch name {
                case "TELEGRAM_BOT_TOKEN": testToken
                case "WEBHOOK_SECRET": testSecret
                case "DATABASE_URL": "postgres://bot:from-file@db/bot"
                default: SettingsLoader.secretNames.contains(name) ? "from-file-\(name.lowercased())" : "not valid"
                }
            try "\(value)\n".write(toFile: folder.path + "/" + name, atomically: true, encoding: .utf8)
        }
        let settings = try await load(["SECRETS_DIR": folder.path, "API_TOKEN": "from-the-environment"])
        #expect(settings.botToken == testToken && settings.webhookSecret == testSecret)
        #expect(settings.apiToken == "from-the-environment")
        #expect(settings.metricsToken == "from-file-metrics_token")
        #expect(settings.exchangeCredentials[.okx]?.passphrase == "from-file-okx_api_passphrase")
        #expect(settings.exchangeCredentials[.bybit]?.secret == "from-file-bybit_api_secret")
        #expect(settings.databaseURL?.password == "from-file")
        #expect(
            settings.listenPort == nil && settings.logLevel == .info && settings.databasePath == Settings().databasePath
        )
        // systemd's directory is used when SECRETS_DIR is not set.
        let credentials = try await load(["CREDENTIALS_DIRECTORY": folder.path])
        #expect(credentials.apiToken == "from-file-api_token")
    }

    @Test func configCheckOfTheDefaults() {
        let expected = """
            TELEGRAM_BOT_TOKEN                (not set: local mode)
            TELEGRAM_API_URL                  https://api.telegram.org
            BOT_USERNAME                      (not set)
            WEBHOOK_SECRET                    (not set)
            WEBHOOK_PATH                      /telegram/webhook
            PUBLIC_URL                        (not set)
            LISTEN_HOST                       127.0.0.1
            LISTEN_PORT                       8080 (default)
            TLS_CERT_FILE                     (not set)
            TLS_KEY_FILE                      (not set)
            ADMIN_CHAT_IDS                    (none: account commands refused)
            DATABASE_PATH                     data/crypto-assistant.sqlite
            LOG_LEVEL                         info
            LOG_FORMAT                        text
            DATABASE_URL                      (not set: SQLite at DATABASE_PATH)
            DATABASE_POOL_SIZE                10
            INSTANCE_NAME                     (not set: host name and process id)
            CHAT_LEASE_S                      20
            INLINE_REPLY_BUDGET_MS            300
            MAX_QUEUED_UPDATES                1024
            MAX_QUEUED_PER_CHAT               16
            MAX_CONCURRENT_UPDATES            32
            SHUTDOWN_GRACE_S                  20
            HTTP_REQUEST_TIMEOUT_S            30
            POLL_TIMEOUT_S                    30
            ALERT_CHECK_INTERVAL_S            15
            ALERTS_PER_CHAT                   50
            POSITION_CHECK_INTERVAL_S         60
            CHAT_REQUESTS_PER_MINUTE          120
            BINANCE_SPOT_URL                  https://api.binance.com
            BINANCE_FUTURES_URL               https://fapi.binance.com
            BYBIT_URL                         https://api.bybit.com
            OKX_URL                           https://www.okx.com
            BITGET_URL                        https://api.bitget.com
            GATE_URL                          https://api.gateio.ws
            MEXC_SPOT_URL                     https://api.mexc.com
            MEXC_FUTURES_URL                  https://contract.mexc.com
            EXCHANGE_TIMEOUT_MS               5000
            STREAMS                           on
            STREAM_SILENCE_S                  30
            BINANCE_SPOT_WS_URL               wss://stream.binance.com:9443
            BINANCE_FUTURES_WS_URL            wss://fstream.binance.com
            BYBIT_SPOT_WS_URL                 wss://stream.bybit.com
            BYBIT_LINEAR_WS_URL               wss://stream.bybit.com
            OKX_WS_URL                        wss://ws.okx.com:8443
            BITGET_WS_URL                     wss://ws.bitget.com
            GATE_SPOT_WS_URL                  wss://api.gateio.ws
            GATE_FUTURES_WS_URL               wss://fx-ws.gateio.ws
            MEXC_FUTURES_WS_URL               wss://contract.mexc.com
            BINANCE_API_KEY/SECRET            (not set: account commands show not configured)
            BYBIT_API_KEY/SECRET              (not set: account commands show not configured)
            OKX_API_KEY/SECRET/PASSPHRASE     (not set: account commands show not configured)
            BITGET_API_KEY/SECRET/PASSPHRASE  (not set: account commands show not configured)
            GATE_API_KEY/SECRET               (not set: account commands show not configured)
            MEXC_API_KEY/SECRET               (not set: account commands show not configured)
            API_ACCOUNT_ENDPOINTS             false
            API_TOKEN                         (not set: JSON API off)
            TRUSTED_PROXIES                   (none: X-Forwarded-For ignored)
            TELEGRAM_IP_ALLOWLIST             false
            METRICS_TOKEN                     (not set: /metrics served on loopback only)
            METRICS_PORT                      (not set: /metrics on the main listener)

            transport: plain HTTP (behind a TLS proxy)
            serve: missing WEBHOOK_SECRET
            poll: missing TELEGRAM_BOT_TOKEN
            webhook set: missing TELEGRAM_BOT_TOKEN, PUBLIC_URL, WEBHOOK_SECRET
            """
        #expect(SettingsReport.render(Settings()) == expected)
    }

    /// Set values as `config check` shows them; no secret's value, only its length.
    @Test func configCheckOfSetValues() async throws {
        let secrets = [
            "TELEGRAM_BOT_TOKEN": testToken, "WEBHOOK_SECRET": testSecret, "API_TOKEN": "api-token-0123456789",
            "METRICS_TOKEN": "metrics-token-0123456789", "BINANCE_API_KEY": "binance-key-value",
            "BINANCE_API_SECRET": "binance-secret-value", "BYBIT_API_KEY": "bybit-key-value",
            "BYBIT_API_SECRET": "bybit-secret-value", "OKX_API_KEY": "okx-key-value",
            "OKX_API_SECRET": "okx-secret-value", "OKX_API_PASSPHRASE": "okx-passphrase-value",
            "BITGET_API_KEY": "bitget-key-value", "BITGET_API_SECRET": "bitget-secret-value",
            "BITGET_API_PASSPHRASE": "bitget-passphrase-value", "GATE_API_KEY": "gate-key-value",
            "GATE_API_SECRET": "gate-secret-value", "MEXC_API_KEY": "mexc-key-value",
            "MEXC_API_SECRET": "mexc-secret-value",
            "DATABASE_URL": "postgres://bot:db-password-value@db.internal:6432/bot?sslmode=require",
        ]
        #expect(Set(secrets.keys) == SettingsLoader.secretNames)
        let settings = try await load(
            secrets.merging([
                "TLS_CERT_FILE": "c.pem", "TLS_KEY_FILE": "k.pem", "METRICS_PORT": "9464", "METRICS_HOST": "0.0.0.0",
                "ADMIN_CHAT_IDS": "1, -100", "TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8",
                "PUBLIC_URL": "https://b.example/",
            ]) { $1 })
        let report = SettingsReport.render(settings)
        let rows = Dictionary(
            uniqueKeysWithValues: report.split(separator: "\n").prefix { !$0.isEmpty }.map { line in
                let label = line.prefix { $0 != " " }
                return (String(label), line.dropFirst(label.count).trimmingCharacters(in: .whitespaces))
            })
        #expect(rows["TELEGRAM_BOT_TOKEN"] == "123456:****")
        #expect(rows["DATABASE_URL"] == "postgres://bot:***@db.internal:6432/bot?sslmode=require (PostgreSQL)")
        #expect(!report.contains("db-password-value"))
        #expect(rows["WEBHOOK_SECRET"] == "**** (\(testSecret.count) characters)")
        #expect(rows["API_TOKEN"] == "**** (20 characters; JSON API on)")
        #expect(rows["METRICS_TOKEN"] == "**** (24 characters)")
        #expect(rows["OKX_API_KEY/SECRET/PASSPHRASE"] == "**** (set)")
        #expect(rows["BITGET_API_KEY/SECRET/PASSPHRASE"] == "**** (set)")
        #expect(rows["GATE_API_KEY/SECRET"] == "**** (set)" && rows["MEXC_API_KEY/SECRET"] == "**** (set)")
        #expect(rows["LISTEN_PORT"] == "8443 (default)")
        #expect(rows["METRICS_PORT"] == "9464 on 0.0.0.0")
        #expect(rows["ADMIN_CHAT_IDS"] == "1,-100")
        #expect(rows["TRUSTED_PROXIES"] == "127.0.0.1,10.0.0.0/8")
        #expect(rows["PUBLIC_URL"] == "https://b.example")
        #expect(report.contains("\ntransport: HTTPS (TLS in-process)\nserve: ready\npoll: ready\nwebhook set: ready"))
        for value in secrets.values {
            #expect(!report.contains(value), "a secret appears in config check")
        }
    }
}
