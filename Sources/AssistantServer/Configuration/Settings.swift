import Logging
import MarketEngine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every setting of the process, read once at start-up (`SettingsLoader`) and passed down.
/// The defaults are the initial values here; `SettingsTable` says how each is read, checked,
/// reported and documented.
public struct Settings: Sendable {
    public var botToken: String?
    public var telegramAPIURL: String = "https://api.telegram.org"
    /// This bot's username; when empty, `serve` and `poll` ask `getMe`.
    public var botUsername: String?
    public var webhookSecret: String?
    public var webhookPath: String = "/telegram/webhook"
    public var publicURL: String?
    public var listenHost: String = "127.0.0.1"
    /// Nil means the default: 8443 with TLS, 8080 without.
    public var listenPort: Int?
    public var tlsCertFile: String?
    public var tlsKeyFile: String?
    public var adminChatIDs: [Int64] = []
    public var databasePath: String = "data/crypto-assistant.sqlite"
    /// PostgreSQL instead of the SQLite file: what several replicas share.
    public var databaseURL: DatabaseURL?
    public var databasePoolSize: Int = 10
    /// How often alerts are evaluated.
    public var alertCheckIntervalSeconds: Int = 15
    /// Alerts a chat may have at once.
    public var alertsPerChat: Int = 50
    /// How often position alerts read the accounts' positions (signed requests).
    public var positionCheckIntervalSeconds: Int = 60
    public var chatRequestsPerMinute: Int = 120
    /// This replica's name in logs and chat leases; nil means `host-pid`.
    public var instanceName: String?
    /// How long a replica's claim on a chat lasts without renewal: the bound on how soon
    /// another replica answers a dead one's accepted updates.
    public var chatLeaseSeconds: Int = 20
    public var logLevel: Logger.Level = .info
    public var logFormat: LogFormat = .text
    /// How long a webhook request waits for its reply to return it inline.
    public var inlineReplyBudgetMilliseconds: Int = 300
    public var maxQueuedUpdates: Int = 1024
    public var maxQueuedPerChat: Int = 16
    public var maxConcurrentUpdates: Int = 32
    public var shutdownGraceSeconds: Int = 20
    /// A connection must deliver a complete request within this long of opening or of its
    /// last response; slower clients are disconnected.
    public var requestTimeoutSeconds: Int = 30
    public var pollTimeoutSeconds: Int = 30
    /// Exchange REST base URLs; tests and the demo point them at the simulator.
    public var exchangeEndpoints = MarketEngine.Endpoints()
    public var exchangeTimeoutMilliseconds: Int = 5000
    /// The exchanges' market-data streams (`on`), or polling alone (`off`).
    public var streams: StreamMode = .on
    /// Stream base URLs; tests and the demo point them at the simulator.
    public var streamURLs = StreamURLs()
    /// A stream silent this long is reconnected and its symbols read over REST meanwhile.
    public var streamSilenceSeconds: Int = 30
    /// Enables the JSON API (`/api/v1/...`); requests need `Authorization: Bearer <token>`.
    public var apiToken: String?
    /// Also serve `/api/v1/balance`, `/positions`, `/pnl` (needs `apiToken`).
    public var apiAccountEndpoints = false
    /// Peers whose `X-Forwarded-For` is believed (nginx on the same host: `127.0.0.1`).
    public var trustedProxies: [IPAddressRange] = []
    /// Accept webhook requests only from Telegram's published ranges.
    public var telegramIPAllowList = false
    /// When set, `/metrics` needs `Authorization: Bearer <token>`.
    public var metricsToken: String?
    /// When set, `/metrics` is served on this port (on `metricsHost`) instead of the main listener.
    public var metricsPort: Int?
    public var metricsHost: String = "127.0.0.1"
    /// Exchange API keys; an exchange without them is "not configured".
    public var exchangeCredentials: [Exchange: ExchangeCredentials] = [:]

    public init() {}

    /// `INSTANCE_NAME`, or the host name and process id.
    public var effectiveInstanceName: String {
        if let instanceName { return instanceName }
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let host = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(host.isEmpty ? "host" : host)-\(getpid())"
    }

    public var usesTLS: Bool { tlsCertFile != nil && tlsKeyFile != nil }
    public var effectivePort: Int { listenPort ?? (usesTLS ? 8443 : 8080) }

    /// Without a bot token the server answers only inline in the webhook response.
    public var isLocalMode: Bool { botToken == nil }

    /// The update kinds requested from Telegram; others are not delivered at all.
    public static let allowedUpdates = ["message", "channel_post", "callback_query", "inline_query"]
}

public enum StreamMode: String, Sendable, CaseIterable {
    case on
    case off
}

/// The base URL of each venue's public stream (`*_WS_URL`); the client adds the path.
public struct StreamURLs: Sendable, Equatable {
    public var binanceSpot = StreamVenue.binanceSpot.defaultBaseURL
    public var binanceFutures = StreamVenue.binanceFutures.defaultBaseURL
    public var bybitSpot = StreamVenue.bybitSpot.defaultBaseURL
    public var bybitLinear = StreamVenue.bybitLinear.defaultBaseURL
    public var okx = StreamVenue.okx.defaultBaseURL
    public var bitget = StreamVenue.bitget.defaultBaseURL
    public var gateSpot = StreamVenue.gateSpot.defaultBaseURL
    public var gateFutures = StreamVenue.gateFutures.defaultBaseURL
    public var mexcFutures = StreamVenue.mexcFutures.defaultBaseURL

    public init() {}

    public static var keyPaths: [(StreamVenue, WritableKeyPath<StreamURLs, String>)] {
        [
            (.binanceSpot, \.binanceSpot), (.binanceFutures, \.binanceFutures), (.bybitSpot, \.bybitSpot),
            (.bybitLinear, \.bybitLinear), (.okx, \.okx), (.bitget, \.bitget), (.gateSpot, \.gateSpot),
            (.gateFutures, \.gateFutures), (.mexcFutures, \.mexcFutures),
        ]
    }

    /// Every venue at the simulator (`ws://127.0.0.1:PORT`), each under its own prefix.
    public init(simulatorAt base: String) {
        for (venue, path) in Self.keyPaths { self[keyPath: path] = base + venue.simulatorPrefix }
    }

    public var byVenue: [StreamVenue: String] {
        Dictionary(uniqueKeysWithValues: Self.keyPaths.map { ($0.0, self[keyPath: $0.1]) })
    }
}

public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json
}
