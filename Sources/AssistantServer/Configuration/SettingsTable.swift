import MarketEngine

/// Every setting, declared once: its environment name, parser and checks, whether it is a
/// secret, README's default and meaning, and its `.env.example` lines. Defaults live in
/// `Settings`. The order is the order of reading (of two bad settings, the earlier is named),
/// of `config check`, of README's table and of `.env.example`.
///
/// A new setting is a field in `Settings` and one entry here; `make docs` then rewrites README's
/// table and `.env.example` (a test fails until it has).
enum SettingsTable {
    static let sections: [SettingsSection] = [
        SettingsSection(
            title: "Telegram",
            settings: [
                .optional(
                    "TELEGRAM_BOT_TOKEN", \.botToken, .botToken, secret: true, doc: "Bot token from @BotFather.",
                    defaultText: "— (local mode)",
                    example: .commented(
                        "123456789:AA...",
                        comment: [
                            "From @BotFather. Without it the server runs in local mode: replies only inline",
                            "in the webhook response (try it with the curl command in the README).",
                        ]),
                    report: { $0.botToken.map(BotToken.masked) ?? "(not set: local mode)" }),
                .value(
                    "TELEGRAM_API_URL", \.telegramAPIURL, .httpURL,
                    doc: "Bot API base URL; tests point it at the simulator."),
                .optional(
                    "BOT_USERNAME", \.botUsername, .username,
                    doc:
                        "This bot's username, for `/cmd@ThisBot`. When unknown, commands addressed to any `@name` are accepted.",
                    defaultText: "from `getMe`",
                    example: .commented("MyMarketBot", note: "optional; asked from getMe when empty")),
                .optional(
                    "WEBHOOK_SECRET", \.webhookSecret, .webhookSecret, secret: true,
                    doc: "1–256 of `A-Z a-z 0-9 _ -`; must match `X-Telegram-Bot-Api-Secret-Token`.",
                    defaultText: "— (required by `serve`)",
                    example: .set(
                        "change-me",
                        comment: ["Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token; 1-256 of A-Z a-z 0-9 _ -"])
                ),
                .value("WEBHOOK_PATH", \.webhookPath, .urlPath, doc: "Path of the webhook route.", example: .set()),
                .optional(
                    "PUBLIC_URL", \.publicURL, .publicURL,
                    doc: "`https://` address Telegram calls; needed by `webhook set`.",
                    example: .commented(
                        "https://bot.example.com",
                        comment: ["The public https:// address Telegram calls (for `crypto-assistant webhook set`)."])),
            ]),
        SettingsSection(
            title: "Listener",
            comment: [
                "TLS in-process with the development certificate from `make certs`.",
                "Behind nginx: remove the two TLS lines and set LISTEN_PORT=8080.",
            ],
            settings: [
                .value(
                    "LISTEN_HOST", \.listenHost, .text,
                    doc: "Listen address (`0.0.0.0` to accept Telegram directly).", example: .set()),
                .optional(
                    "LISTEN_PORT", \.listenPort, .wholeNumber(in: 0...65535),
                    doc: "Listen port (`0` picks a free one).", defaultText: "`8443` with TLS, `8080` without",
                    example: .set("8443"),
                    report: { "\($0.effectivePort)\($0.listenPort == nil ? " (default)" : "")" }),
                tlsFiles,
            ]),
        SettingsSection(
            title: "Access, storage, logs",
            settings: [
                .value(
                    "ADMIN_CHAT_IDS", \.adminChatIDs, .idList,
                    doc:
                        "Comma-separated chat or user ids allowed to use account commands; empty refuses them to everyone.",
                    defaultText: "empty",
                    example: .set(
                        "",
                        comment: [
                            "Chats (or user ids) allowed to use account commands; empty refuses them to everyone."
                        ]
                    ),
                    report: { settings in
                        settings.adminChatIDs.isEmpty
                            ? "(none: account commands refused)"
                            : settings.adminChatIDs.map(String.init).joined(separator: ",")
                    }),
                .value(
                    "DATABASE_PATH", \.databasePath, .text,
                    doc:
                        "SQLite file (folder created at start-up). A read-only, corrupt or non-SQLite file stops start-up with one line saying which (exit 78). Files written by earlier releases open as they are.",
                    example: .set()),
                .value(
                    "LOG_LEVEL", \.logLevel, .choice,
                    doc: "`trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`.", example: .set()),
                .value(
                    "LOG_FORMAT", \.logFormat, .choice,
                    doc: "`text` for terminals, `json` for one JSON object per line (see \"Metrics and logs\").",
                    example: .set()),
            ]),
        SettingsSection(
            title: "Several replicas (PostgreSQL instead of the SQLite file)",
            comment: [
                "Every replica with the same DATABASE_URL behaves as one bot (README, \"Several replicas\")."
            ],
            settings: [
                .optional(
                    "DATABASE_URL", \.databaseURL, .databaseURL, secret: true,
                    doc:
                        "`postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=disable|require|verify-full`: keep everything in PostgreSQL instead of `DATABASE_PATH`, so that several replicas share it. The schema is made at start-up; an unreachable database is retried (`/readyz` 503 meanwhile). A malformed URL stops start-up (exit 78).",
                    defaultText: "— (SQLite at `DATABASE_PATH`)",
                    example: .commented(
                        "postgres://bot:secret@127.0.0.1:5432/bot?sslmode=disable",
                        note: "PostgreSQL instead of the SQLite file (several replicas)"),
                    report: { settings in
                        settings.databaseURL.map { "\($0) (PostgreSQL)" } ?? "(not set: SQLite at DATABASE_PATH)"
                    }),
                .value(
                    "DATABASE_POOL_SIZE", \.databasePoolSize, .wholeNumber(in: 1...200),
                    doc: "Connections each replica keeps to `DATABASE_URL` at most."),
                .optional(
                    "INSTANCE_NAME", \.instanceName, .text,
                    doc: "This replica's name in logs (`instance=`) and in the chat leases.",
                    defaultText: "host name and process id",
                    example: .commented("replica-1"),
                    report: { $0.instanceName ?? "(not set: host name and process id)" }),
                .value(
                    "CHAT_LEASE_S", \.chatLeaseSeconds, .wholeNumber(in: 2...300),
                    doc:
                        "How long a replica's claim on a chat lasts without renewal (renewed every third of it). When a replica dies holding accepted updates, another answers them within about 1¼ of this.",
                    example: .commented()),
            ]),
        SettingsSection(
            title: "Tuning (defaults shown)",
            settings: [
                .value(
                    "INLINE_REPLY_BUDGET_MS", \.inlineReplyBudgetMilliseconds, .wholeNumber(in: 0...50_000),
                    doc:
                        "How long a webhook request waits for its reply to return it inline; `0` sends every reply through the Bot API.",
                    example: .commented(note: "0 = always reply through the Bot API")),
                .value(
                    "MAX_QUEUED_UPDATES", \.maxQueuedUpdates, .wholeNumber(in: 1...1_000_000),
                    doc:
                        "Updates held at once (queued or in work), all chats together; beyond it the webhook answers 503 (Telegram retries) and polling waits."
                ),
                .value(
                    "MAX_QUEUED_PER_CHAT", \.maxQueuedPerChat, .wholeNumber(in: 1...100_000),
                    doc:
                        "Updates one chat may hold at once; beyond it that chat's updates are acknowledged and dropped (counted, with at most one notice to the chat a minute), so one flooding chat cannot turn the others away."
                ),
                .value(
                    "MAX_CONCURRENT_UPDATES", \.maxConcurrentUpdates, .wholeNumber(in: 1...10_000),
                    doc: "Updates worked on at once (across chats)."),
                .value(
                    "SHUTDOWN_GRACE_S", \.shutdownGraceSeconds, .wholeNumber(in: 1...3600),
                    doc: "How long SIGTERM waits for accepted updates and replies to finish."),
                .value(
                    "HTTP_REQUEST_TIMEOUT_S", \.requestTimeoutSeconds, .wholeNumber(in: 1...600),
                    doc:
                        "From the moment a connection opens, or goes quiet after a response, the client has this long to deliver a complete request (TLS handshake included); slower clients — headers a byte at a time, a body never finished, an idle keep-alive connection — are disconnected (1–600).",
                    example: .commented(
                        comment: [
                            "A complete request must arrive within this long of a connection opening or going quiet."
                        ])),
                .value(
                    "POLL_TIMEOUT_S", \.pollTimeoutSeconds, .wholeNumber(in: 0...50),
                    doc: "Long-poll timeout of `getUpdates` (0–50)."),
                .value(
                    "ALERT_CHECK_INTERVAL_S", \.alertCheckIntervalSeconds, .wholeNumber(in: 1...3600),
                    doc:
                        "How often every alert is evaluated (1–3600); the requests per evaluation depend on the symbols watched, not on how many alerts there are."
                ),
                .value(
                    "ALERTS_PER_CHAT", \.alertsPerChat, .wholeNumber(in: 1...10_000),
                    doc: "Alerts a chat may have at once."),
                .value(
                    "POSITION_CHECK_INTERVAL_S", \.positionCheckIntervalSeconds, .wholeNumber(in: 10...3600),
                    doc:
                        "How often position alerts read the open positions of every exchange with keys (10–3600): one signed read per exchange, shared by every position alert."
                ),
                .value(
                    "CHAT_REQUESTS_PER_MINUTE", \.chatRequestsPerMinute, .wholeNumber(in: 0...100_000),
                    doc:
                        "Exchange requests one chat's commands (and one user's inline queries) may cause in a minute; answers from the cache cost none. Past it the chat is told when to try again. `ADMIN_CHAT_IDS` are exempt; `0` turns it off."
                ),
            ]),
        SettingsSection(
            title: "Exchanges (REST base URLs; tests and `make demo` use the simulator)",
            settings: [
                .value(
                    "BINANCE_SPOT_URL", \.exchangeEndpoints.binanceSpot, .httpURL,
                    doc: "Binance spot REST base URL."),
                .value(
                    "BINANCE_FUTURES_URL", \.exchangeEndpoints.binanceFutures, .httpURL,
                    doc: "Binance USDⓈ-M futures REST base URL (`/fapi`, `/futures/data`)."),
                .value("BYBIT_URL", \.exchangeEndpoints.bybit, .httpURL, doc: "Bybit v5 REST base URL."),
                .value("OKX_URL", \.exchangeEndpoints.okx, .httpURL, doc: "OKX v5 REST base URL."),
                .value("BITGET_URL", \.exchangeEndpoints.bitget, .httpURL, doc: "Bitget v2 REST base URL."),
                .value(
                    "GATE_URL", \.exchangeEndpoints.gate, .httpURL,
                    doc: "Gate v4 REST base URL (paths start `/api/v4`)."),
                .value("MEXC_SPOT_URL", \.exchangeEndpoints.mexcSpot, .httpURL, doc: "MEXC spot v3 REST base URL."),
                .value(
                    "MEXC_FUTURES_URL", \.exchangeEndpoints.mexcFutures, .httpURL,
                    doc: "MEXC contract (USDT perpetuals) REST base URL."),
                .value(
                    "EXCHANGE_TIMEOUT_MS", \.exchangeTimeoutMilliseconds, .wholeNumber(in: 100...60_000),
                    doc: "Per-request timeout towards an exchange."),
            ]),
        SettingsSection(
            title: "Market-data streams (WebSocket base URLs; the client adds each exchange's path)",
            settings: [
                .value(
                    "STREAMS", \.streams, .choice,
                    doc:
                        "`on`: prices, funding and open interest are pushed by the exchanges' WebSocket streams for the symbols alerts watch and the ones asked for recently; alerts fire within a second of the move. `off`: everything is polled over REST, alerts every `ALERT_CHECK_INTERVAL_S`."
                ),
                .value(
                    "STREAM_SILENCE_S", \.streamSilenceSeconds, .wholeNumber(in: 2...600),
                    doc:
                        "A stream that has said nothing (data or an answer to its probe) for this long is reconnected; its symbols are read over REST meanwhile (2–600)."
                ),
                .value(
                    "BINANCE_SPOT_WS_URL", \.streamURLs.binanceSpot, .webSocketURL,
                    doc: "Binance spot stream base URL (`ws://` for a local fake)."),
                .value(
                    "BINANCE_FUTURES_WS_URL", \.streamURLs.binanceFutures, .webSocketURL,
                    doc:
                        "Binance USDⓈ-M futures (the client adds `/market/stream`) stream base URL (`ws://` for a local fake)."
                ),
                .value(
                    "BYBIT_SPOT_WS_URL", \.streamURLs.bybitSpot, .webSocketURL,
                    doc: "Bybit spot stream base URL (`ws://` for a local fake)."),
                .value(
                    "BYBIT_LINEAR_WS_URL", \.streamURLs.bybitLinear, .webSocketURL,
                    doc: "Bybit linear (USDT perpetuals) stream base URL (`ws://` for a local fake)."),
                .value(
                    "OKX_WS_URL", \.streamURLs.okx, .webSocketURL,
                    doc: "OKX public (spot and swaps) stream base URL (`ws://` for a local fake)."),
                .value(
                    "BITGET_WS_URL", \.streamURLs.bitget, .webSocketURL,
                    doc: "Bitget v2 public (spot and USDT futures) stream base URL (`ws://` for a local fake)."),
                .value(
                    "GATE_SPOT_WS_URL", \.streamURLs.gateSpot, .webSocketURL,
                    doc: "Gate spot stream base URL (`ws://` for a local fake)."),
                .value(
                    "GATE_FUTURES_WS_URL", \.streamURLs.gateFutures, .webSocketURL,
                    doc: "Gate USDT futures stream base URL (`ws://` for a local fake)."),
                .value(
                    "MEXC_FUTURES_WS_URL", \.streamURLs.mexcFutures, .webSocketURL,
                    doc:
                        "MEXC contract (USDT perpetuals; MEXC spot streams protobuf only and stays on REST) stream base URL (`ws://` for a local fake)."
                ),
            ]),
        SettingsSection(
            title: "Exchange keys for /balance, /positions, /pnl (read-only keys suffice)",
            comment: ["Or put each in a file of that name in SECRETS_DIR."],
            settings: [
                exchangeKeys(
                    .binance,
                    doc:
                        "Binance keys (read-only permissions suffice) for `/balance`, `/positions`, `/pnl`. Without keys the exchange shows \"not configured\"."
                ),
                exchangeKeys(.bybit, doc: "Bybit v5 (unified account) keys."),
                exchangeKeys(.okx, needsPassphrase: true, doc: "OKX v5 keys and passphrase."),
                exchangeKeys(.bitget, needsPassphrase: true, doc: "Bitget v2 (classic account) keys and passphrase."),
                exchangeKeys(.gate, doc: "Gate v4 keys (spot and USDT futures)."),
                exchangeKeys(.mexc, doc: "MEXC keys (spot v3 and contract)."),
                secretsDirectory,
            ]),
        SettingsSection(
            title: "JSON API (off unless API_TOKEN is set)",
            settings: [
                .value(
                    "API_ACCOUNT_ENDPOINTS", \.apiAccountEndpoints, .flag,
                    doc:
                        "With `API_TOKEN`, also serve `/api/v1/balance`, `/api/v1/positions`, `/api/v1/pnl?period=today|7d|30d`: the account reports, whose `exchanges` map each exchange to `{\"value\":…}`, `{\"error\":…,\"failure\":{…}}` or `{\"not_configured\":true}`.",
                    example: .commented(note: "true: also /api/v1/balance, /positions, /pnl")),
                .optional(
                    "API_TOKEN", \.apiToken, .token(minimumLength: 16), secret: true,
                    doc:
                        "At least 16 characters; turns on `/api/v1/…`, which then requires `Authorization: Bearer <API_TOKEN>`.",
                    defaultText: "— (JSON API off)", example: .commented("", note: "at least 16 characters"),
                    report: { settings in
                        settings.apiToken.map { "**** (\($0.count) characters; JSON API on)" }
                            ?? "(not set: JSON API off)"
                    }),
            ]),
        SettingsSection(
            title: "Behind a proxy, metrics",
            settings: [
                .value(
                    "TRUSTED_PROXIES", \.trustedProxies, .addressRanges,
                    doc:
                        "Comma-separated addresses or CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `::1`) whose `X-Forwarded-For` is believed; the client is the rightmost address in it that is not a trusted proxy. Empty: the TCP peer is the client.",
                    defaultText: "empty",
                    example: .commented("127.0.0.1", note: "whose X-Forwarded-For is believed (nginx)"),
                    report: { settings in
                        settings.trustedProxies.isEmpty
                            ? "(none: X-Forwarded-For ignored)"
                            : settings.trustedProxies.map(\.description).joined(separator: ",")
                    }),
                .value(
                    "TELEGRAM_IP_ALLOWLIST", \.telegramIPAllowList, .flag,
                    doc:
                        "`true`: the webhook answers 403 to clients outside Telegram's ranges (`149.154.160.0/20`, `91.108.4.0/22`), for running without nginx. Behind nginx, nginx does it (and this works too with `TRUSTED_PROXIES`).",
                    example: .commented(note: "true: webhook only from Telegram's ranges (no nginx)")),
                .optional(
                    "METRICS_TOKEN", \.metricsToken, .token(minimumLength: 16), secret: true,
                    doc:
                        "At least 16 characters; `/metrics` then requires `Authorization: Bearer <METRICS_TOKEN>`. Without it, `/metrics` answers 403 on a listener that is not loopback.",
                    defaultText: "— (`/metrics` open)",
                    example: .commented("", note: "/metrics needs this bearer token (16+ characters)"),
                    unset: "(not set: /metrics served on loopback only)"),
                .optional(
                    "METRICS_PORT", \.metricsPort, .wholeNumber(in: 0...65535),
                    doc:
                        "Serve `/metrics` on this port (plain HTTP, on `METRICS_HOST`) and not on the main listener.",
                    defaultText: "— (on the main listener)",
                    example: .commented("", note: "/metrics on its own port instead of the main listener"),
                    report: { settings in
                        settings.metricsPort.map { "\($0) on \(settings.metricsHost)" }
                            ?? "(not set: /metrics on the main listener)"
                    }),
                .value(
                    "METRICS_HOST", \.metricsHost, .text, doc: "Address of the `METRICS_PORT` listener.",
                    // Applies only with METRICS_PORT, whose row shows it.
                    report: { _ in nil }),
            ]),
    ]

    static let settings: [Setting] = sections.flatMap(\.settings)

    /// Both or neither: one without the other is a mistake, not "TLS off".
    private static var tlsFiles: Setting {
        let (certificate, key) = ("TLS_CERT_FILE", "TLS_KEY_FILE")
        return Setting(
            names: [certificate, key], isSecret: false, defaultText: "—",
            doc:
                "PEM certificate (chain) and key; both or neither. Re-read on SIGHUP (`systemctl reload`): new connections get the new pair, open ones keep theirs; a bad file keeps the current pair and logs an error.",
            example: SettingExample(lines: [.set("certs/dev-cert.pem"), .set("certs/dev-key.pem")]),
            read: { input, settings in
                settings.tlsCertFile = try input.parse(certificate, .text)
                settings.tlsKeyFile = try input.parse(key, .text)
                if (settings.tlsCertFile == nil) != (settings.tlsKeyFile == nil) {
                    throw SettingsError(
                        name: settings.tlsCertFile == nil ? certificate : key,
                        problem: "is not set, but TLS needs both \(certificate) and \(key)")
                }
            },
            report: { settings in
                [(certificate, settings.tlsCertFile ?? "(not set)"), (key, settings.tlsKeyFile ?? "(not set)")]
            })
    }

    /// An exchange's key and secret (and passphrase, where it has one) go together; without
    /// them its account commands say "not configured".
    private static func exchangeKeys(_ exchange: Exchange, needsPassphrase: Bool = false, doc: String) -> Setting {
        let prefix = exchange.rawValue.uppercased()
        let (key, secret) = ("\(prefix)_API_KEY", "\(prefix)_API_SECRET")
        let passphrase = needsPassphrase ? "\(prefix)_API_PASSPHRASE" : nil
        return Setting(
            names: [key, secret] + (passphrase.map { [$0] } ?? []), isSecret: true, defaultText: "—", doc: doc,
            example: .commented(""),
            read: { input, settings in
                let keyValue = input.value(key)
                let secretValue = input.value(secret)
                let passphraseValue = passphrase.flatMap(input.value)
                guard keyValue != nil || secretValue != nil else { return }
                guard let keyValue, let secretValue else {
                    throw SettingsError(
                        name: keyValue == nil ? key : secret,
                        problem: "is not set, but \(key) and \(secret) go together")
                }
                if let passphrase, passphraseValue == nil {
                    throw SettingsError(name: passphrase, problem: "is not set: \(prefix) keys need their passphrase")
                }
                settings.exchangeCredentials[exchange] = ExchangeCredentials(
                    apiKey: keyValue, secret: secretValue, passphrase: passphraseValue)
            },
            report: { settings in
                [
                    (
                        "\(key)/SECRET\(passphrase == nil ? "" : "/PASSPHRASE")",
                        settings.exchangeCredentials[exchange] == nil
                            ? "(not set: account commands show not configured)" : "**** (set)"
                    )
                ]
            })
    }

    /// Read by `SettingsInput` before any secret, so it has nothing to read or report here.
    private static var secretsDirectory: Setting {
        Setting(
            names: [SettingsInput.secretsDirectoryName], isSecret: false,
            defaultText: "— (systemd's `\(SettingsInput.credentialsDirectoryName)` when set)",
            doc:
                "A folder of files named like the settings marked Secret (`BINANCE_API_SECRET`, `TELEGRAM_BOT_TOKEN`, …), for systemd credentials or container secrets; the environment wins over a file.",
            example: .commented("/run/secrets"), read: { _, _ in }, report: { _ in [] })
    }
}
