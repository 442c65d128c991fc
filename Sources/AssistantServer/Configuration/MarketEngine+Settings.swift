import AsyncHTTPClient
import Logging
import MarketEngine

extension MarketEngine {
    /// The engine as the settings describe it, on the shared HTTP client.
    public convenience init(
        http: HTTPClient, settings: Settings, metrics: EngineMetrics = EngineMetrics(), clock: AppClock = .system,
        logger: Logger = Logger(label: "market")
    ) {
        self.init(
            http: http, endpoints: settings.exchangeEndpoints,
            policy: ExchangeGateway.Policy(timeout: .milliseconds(settings.exchangeTimeoutMilliseconds)),
            metrics: metrics, clock: clock, logger: logger)
    }
}
