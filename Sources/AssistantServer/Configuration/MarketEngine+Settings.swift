import AsyncHTTPClient
import Logging
import MarketEngine

extension MarketEngine {
    /// The engine as the settings describe it, on the shared HTTP client.
    public convenience init(
        http: HTTPClient, settings: Settings, metrics: EngineMetrics = EngineMetrics(), clock: AppClock = .system,
        streams: MarketStreams? = nil, logger: Logger = Logger(label: "market")
    ) {
        self.init(
            http: http, endpoints: settings.exchangeEndpoints,
            policy: ExchangeGateway.Policy(timeout: .milliseconds(settings.exchangeTimeoutMilliseconds)),
            metrics: metrics, clock: clock, streams: streams, logger: logger)
    }
}

extension MarketStreams {
    /// The streams as the settings describe them; nil with `STREAMS=off`.
    public convenience init?(
        settings: Settings, metrics: EngineMetrics = EngineMetrics(), clock: AppClock = .system,
        logger: Logger = Logger(label: "streams")
    ) {
        guard settings.streams == .on else { return nil }
        var configuration = MarketStreams.Configuration()
        configuration.baseURLs = settings.streamURLs.byVenue
        configuration.silenceLimit = .seconds(settings.streamSilenceSeconds)
        self.init(configuration: configuration, clock: clock, metrics: metrics, logger: logger)
    }
}
