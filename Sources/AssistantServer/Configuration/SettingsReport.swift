import MarketEngine

/// `config check`: every effective setting, secrets masked, then what each mode lacks.
public enum SettingsReport {
    public static func render(_ settings: Settings) -> String {
        func show(_ value: String?) -> String { value ?? "(not set)" }
        func keys(_ exchange: Exchange) -> String {
            settings.exchangeCredentials[exchange] == nil
                ? "(not set: account commands show not configured)" : "**** (set)"
        }
        let rows: [(String, String)] = [
            ("TELEGRAM_BOT_TOKEN", settings.botToken.map(BotToken.masked) ?? "(not set: local mode)"),
            ("TELEGRAM_API_URL", settings.telegramAPIURL),
            ("BOT_USERNAME", show(settings.botUsername)),
            ("WEBHOOK_SECRET", settings.webhookSecret.map { "**** (\($0.count) characters)" } ?? "(not set)"),
            ("WEBHOOK_PATH", settings.webhookPath),
            ("PUBLIC_URL", show(settings.publicURL)),
            ("LISTEN_HOST", settings.listenHost),
            ("LISTEN_PORT", "\(settings.effectivePort)\(settings.listenPort == nil ? " (default)" : "")"),
            ("TLS_CERT_FILE", show(settings.tlsCertFile)),
            ("TLS_KEY_FILE", show(settings.tlsKeyFile)),
            (
                "ADMIN_CHAT_IDS",
                settings.adminChatIDs.isEmpty
                    ? "(none: account commands refused)" : settings.adminChatIDs.map(String.init).joined(separator: ",")
            ),
            ("DATABASE_PATH", settings.databasePath),
            ("LOG_LEVEL", "\(settings.logLevel)"),
            ("LOG_FORMAT", settings.logFormat.rawValue),
            ("INLINE_REPLY_BUDGET_MS", "\(settings.inlineReplyBudgetMilliseconds)"),
            ("MAX_QUEUED_UPDATES", "\(settings.maxQueuedUpdates)"),
            ("MAX_CONCURRENT_UPDATES", "\(settings.maxConcurrentUpdates)"),
            ("SHUTDOWN_GRACE_S", "\(settings.shutdownGraceSeconds)"),
            ("HTTP_REQUEST_TIMEOUT_S", "\(settings.requestTimeoutSeconds)"),
            ("POLL_TIMEOUT_S", "\(settings.pollTimeoutSeconds)"),
            ("BINANCE_SPOT_URL", settings.exchangeEndpoints.binanceSpot),
            ("BINANCE_FUTURES_URL", settings.exchangeEndpoints.binanceFutures),
            ("BYBIT_URL", settings.exchangeEndpoints.bybit),
            ("OKX_URL", settings.exchangeEndpoints.okx),
            ("EXCHANGE_TIMEOUT_MS", "\(settings.exchangeTimeoutMilliseconds)"),
            ("API_ACCOUNT_ENDPOINTS", "\(settings.apiAccountEndpoints)"),
            ("BINANCE_API_KEY/SECRET", keys(.binance)), ("BYBIT_API_KEY/SECRET", keys(.bybit)),
            ("OKX_API_KEY/SECRET/PASSPHRASE", keys(.okx)),
            (
                "API_TOKEN",
                settings.apiToken.map { "**** (\($0.count) characters; JSON API on)" } ?? "(not set: JSON API off)"
            ),
            (
                "TRUSTED_PROXIES",
                settings.trustedProxies.isEmpty
                    ? "(none: X-Forwarded-For ignored)"
                    : settings.trustedProxies.map(\.description).joined(separator: ",")
            ),
            ("TELEGRAM_IP_ALLOWLIST", "\(settings.telegramIPAllowList)"),
            (
                "METRICS_TOKEN",
                settings.metricsToken.map { "**** (\($0.count) characters)" } ?? "(not set: /metrics open)"
            ),
            (
                "METRICS_PORT",
                settings.metricsPort.map { "\($0) on \(settings.metricsHost)" }
                    ?? "(not set: /metrics on the main listener)"
            ),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        var lines = rows.map { name, value in name.padding(toLength: width + 2) + value }
        lines.append("")
        lines.append("transport: \(settings.usesTLS ? "HTTPS (TLS in-process)" : "plain HTTP (behind a TLS proxy)")")
        for (mode, missing) in [
            ("serve", SettingsRequirement.forServe(settings)), ("poll", SettingsRequirement.forPoll(settings)),
            ("webhook set", SettingsRequirement.forWebhookSet(settings)),
        ] {
            lines.append(
                missing.isEmpty
                    ? "\(mode): ready"
                    : "\(mode): missing " + missing.map(\.name).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
