import Configuration
import Logging
import MarketEngine
import SystemPackage

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads `Settings` from environment variables and, below them, an optional `.env` file,
/// through swift-configuration. Values are checked here so that a bad setting stops
/// start-up with one line naming it.
public enum SettingsLoader {
    /// Settings whose values are secrets: redacted by swift-configuration and masked by
    /// `config check`.
    public static let secretNames: Set<String> = [
        "TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET", "API_TOKEN", "BINANCE_API_KEY", "BINANCE_API_SECRET", "BYBIT_API_KEY",
        "BYBIT_API_SECRET", "OKX_API_KEY", "OKX_API_SECRET", "OKX_API_PASSPHRASE", "METRICS_TOKEN",
    ]

    public static func load(environmentFile: String? = ".env", environment: [String: String]? = nil) async throws
        -> Settings
    {
        let secrets = SecretsSpecifier<String, String>.specific(secretNames)
        var providers: [any ConfigProvider] = [
            environment.map { EnvironmentVariablesProvider(environmentVariables: $0, secretsSpecifier: secrets) }
                ?? EnvironmentVariablesProvider(secretsSpecifier: secrets)
        ]
        if let environmentFile {
            providers.append(
                try await EnvironmentVariablesProvider(
                    environmentFilePath: FilePath(environmentFile), allowMissing: true, secretsSpecifier: secrets))
        }
        return try settings(from: ConfigReader(providers: providers))
    }

    static func settings(from reader: ConfigReader) throws -> Settings {
        func configured(_ name: String) -> String? {
            let key = ConfigKey(name.lowercased().split(separator: "_").map(String.init))
            guard let raw = reader.string(forKey: key, isSecret: secretNames.contains(name)) else { return nil }
            let trimmed = raw.strippingBlanks()
            return trimmed.isEmpty ? nil : trimmed
        }
        // Secrets may also be files named after the setting in SECRETS_DIR, or in the
        // directory systemd's LoadCredential= provides; the environment wins.
        let secretsDirectory = configured("SECRETS_DIR") ?? configured("CREDENTIALS_DIRECTORY")
        func value(_ name: String) -> String? {
            if let set = configured(name) { return set }
            guard secretNames.contains(name), let secretsDirectory,
                let text = try? String(contentsOfFile: secretsDirectory + "/" + name, encoding: .utf8)
            else { return nil }
            let trimmed = text.trimmingWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        }
        func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw SettingsError(
                    name: name, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func boolean(_ name: String) throws -> Bool? {
            guard let text = value(name) else { return nil }
            guard let flag = Bool(text.lowercased()) else {
                throw SettingsError(name: name, problem: "must be true or false")
            }
            return flag
        }

        var settings = Settings()
        if let token = value("TELEGRAM_BOT_TOKEN") {
            guard BotToken.isWellFormed(token) else {
                throw SettingsError(
                    name: "TELEGRAM_BOT_TOKEN",
                    problem: "does not look like a bot token (digits, a colon, then letters)")
            }
            settings.botToken = token
        }
        if let url = value("TELEGRAM_API_URL") {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw SettingsError(name: "TELEGRAM_API_URL", problem: "must start with http:// or https://")
            }
            settings.telegramAPIURL = url
        }
        settings.botUsername = value("BOT_USERNAME").map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 }
        if let secret = value("WEBHOOK_SECRET") {
            guard WebhookSecret.isValid(secret) else {
                throw SettingsError(
                    name: "WEBHOOK_SECRET", problem: "must be 1–256 characters of A-Z, a-z, 0-9, _ and -")
            }
            settings.webhookSecret = secret
        }
        if let path = value("WEBHOOK_PATH") {
            guard path.hasPrefix("/"), !path.contains(" ") else {
                throw SettingsError(name: "WEBHOOK_PATH", problem: "must be a path starting with /")
            }
            settings.webhookPath = path
        }
        if let url = value("PUBLIC_URL") {
            guard url.hasPrefix("https://") else {
                throw SettingsError(
                    name: "PUBLIC_URL", problem: "must start with https:// (Telegram only calls HTTPS webhooks)")
            }
            settings.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if let host = value("LISTEN_HOST") { settings.listenHost = host }
        settings.listenPort = try integer("LISTEN_PORT", in: 0...65535)
        settings.tlsCertFile = value("TLS_CERT_FILE")
        settings.tlsKeyFile = value("TLS_KEY_FILE")
        if (settings.tlsCertFile == nil) != (settings.tlsKeyFile == nil) {
            let missing = settings.tlsCertFile == nil ? "TLS_CERT_FILE" : "TLS_KEY_FILE"
            throw SettingsError(name: missing, problem: "is not set, but TLS needs both TLS_CERT_FILE and TLS_KEY_FILE")
        }
        if let ids = value("ADMIN_CHAT_IDS") {
            settings.adminChatIDs = try ids.split(separator: ",").map { item in
                let trimmed = String(item).strippingBlanks()
                guard let id = Int64(trimmed) else {
                    throw SettingsError(
                        name: "ADMIN_CHAT_IDS", problem: "must be a comma-separated list of numeric chat or user ids")
                }
                return id
            }
        }
        if let path = value("DATABASE_PATH") { settings.databasePath = path }
        if let level = value("LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
                throw SettingsError(
                    name: "LOG_LEVEL", problem: "must be one of trace, debug, info, notice, warning, error, critical")
            }
            settings.logLevel = parsed
        }
        if let format = value("LOG_FORMAT") {
            guard let parsed = LogFormat(rawValue: format.lowercased()) else {
                throw SettingsError(name: "LOG_FORMAT", problem: "must be text or json")
            }
            settings.logFormat = parsed
        }
        if let budget = try integer("INLINE_REPLY_BUDGET_MS", in: 0...50_000) {
            settings.inlineReplyBudgetMilliseconds = budget
        }
        if let bound = try integer("MAX_QUEUED_UPDATES", in: 1...1_000_000) { settings.maxQueuedUpdates = bound }
        if let bound = try integer("MAX_CONCURRENT_UPDATES", in: 1...10_000) { settings.maxConcurrentUpdates = bound }
        if let grace = try integer("SHUTDOWN_GRACE_S", in: 1...3600) { settings.shutdownGraceSeconds = grace }
        if let timeout = try integer("HTTP_REQUEST_TIMEOUT_S", in: 1...600) { settings.requestTimeoutSeconds = timeout }
        if let timeout = try integer("POLL_TIMEOUT_S", in: 0...50) { settings.pollTimeoutSeconds = timeout }
        for (name, keyPath) in [
            ("BINANCE_SPOT_URL", \MarketEngine.Endpoints.binanceSpot), ("BINANCE_FUTURES_URL", \.binanceFutures),
            ("BYBIT_URL", \.bybit), ("OKX_URL", \.okx),
        ] {
            guard let url = value(name) else { continue }
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw SettingsError(name: name, problem: "must start with http:// or https://")
            }
            settings.exchangeEndpoints[keyPath: keyPath] = url
        }
        if let timeout = try integer("EXCHANGE_TIMEOUT_MS", in: 100...60_000) {
            settings.exchangeTimeoutMilliseconds = timeout
        }
        for exchange in Exchange.allCases {
            let prefix = exchange.rawValue.uppercased()
            let key = value("\(prefix)_API_KEY")
            let secret = value("\(prefix)_API_SECRET")
            let passphrase = exchange == .okx ? value("OKX_API_PASSPHRASE") : nil
            guard key != nil || secret != nil else { continue }
            guard let key, let secret else {
                throw SettingsError(
                    name: key == nil ? "\(prefix)_API_KEY" : "\(prefix)_API_SECRET",
                    problem: "is not set, but \(prefix)_API_KEY and \(prefix)_API_SECRET go together")
            }
            if exchange == .okx && passphrase == nil {
                throw SettingsError(name: "OKX_API_PASSPHRASE", problem: "is not set: OKX keys need their passphrase")
            }
            settings.exchangeCredentials[exchange] = ExchangeCredentials(
                apiKey: key, secret: secret, passphrase: passphrase)
        }
        if let flag = try boolean("API_ACCOUNT_ENDPOINTS") { settings.apiAccountEndpoints = flag }
        if let token = value("API_TOKEN") {
            guard token.count >= 16 else {
                throw SettingsError(name: "API_TOKEN", problem: "must be at least 16 characters")
            }
            settings.apiToken = token
        }
        if let list = value("TRUSTED_PROXIES") {
            settings.trustedProxies = try list.split(separator: ",").enumerated().map { index, item in
                guard let range = IPAddressRange(String(item).strippingBlanks()) else {
                    throw SettingsError(
                        name: "TRUSTED_PROXIES",
                        problem:
                            "must be a comma-separated list of IP addresses or CIDR ranges (item \(index + 1) is neither)"
                    )
                }
                return range
            }
        }
        if let flag = try boolean("TELEGRAM_IP_ALLOWLIST") { settings.telegramIPAllowList = flag }
        if let token = value("METRICS_TOKEN") {
            guard token.count >= 16 else {
                throw SettingsError(name: "METRICS_TOKEN", problem: "must be at least 16 characters")
            }
            settings.metricsToken = token
        }
        settings.metricsPort = try integer("METRICS_PORT", in: 0...65535)
        if let host = value("METRICS_HOST") { settings.metricsHost = host }
        return settings
    }
}

extension String {
    func strippingBlanks() -> String {
        let set = " \t"
        let characters = Set(set)
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
