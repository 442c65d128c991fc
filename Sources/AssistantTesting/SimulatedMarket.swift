import AsyncHTTPClient
import Logging
import MarketEngine
import MarketSimulator

/// The simulated exchanges (and Bot API) on a loopback port with an engine pointed at them:
/// the one fixture that engine, command and API tests share. Prefer `withSimulatedMarket`,
/// which stops it also when a test fails early.
public struct SimulatedMarket: Sendable {
    /// 2025-11-21T04:40:00Z: series and prices are the same in every run.
    public static let frozenTime: Int64 = 1_763_700_000_000

    public let server: SimulatorServer
    public let url: String
    public let http: HTTPClient
    public let engine: MarketEngine
    private let task: Task<Void, any Error>

    public var exchanges: ExchangeSimulator { server.exchanges }

    public static func start(
        botToken: String = "1:x", frozenTime: Int64? = SimulatedMarket.frozenTime, timeout: Duration = .seconds(5),
        freshness: MarketEngine.Freshness = .init(), limiter: RateLimitGuard? = nil, clock: AppClock = .system
    ) async -> SimulatedMarket {
        var logger = Logger(label: "market-sim")
        logger.logLevel = .warning
        let server = SimulatorServer(botToken: botToken, frozenTime: frozenTime, logger: logger)
        let task = Task { try await server.run() }
        let url = "http://127.0.0.1:\(await server.port())"
        // The shared client needs no shutdown: a test that fails before `stop()` must not
        // stop the whole run (a client released without shutdown is a fatal error).
        let http = HTTPClient.shared
        let engine = MarketEngine(
            http: http, endpoints: MarketEngine.Endpoints(allAt: url),
            policy: .init(timeout: timeout, retries: 2, initialBackoff: .milliseconds(20)), freshness: freshness,
            limiter: limiter, clock: clock)
        return SimulatedMarket(server: server, url: url, http: http, engine: engine, task: task)
    }

    public func stop() async throws {
        await server.stop()
        try await task.value
    }
}

/// A `SimulatedMarket` for the length of `body`.
public func withSimulatedMarket(
    frozenTime: Int64? = SimulatedMarket.frozenTime, freshness: MarketEngine.Freshness = .init(),
    _ body: (SimulatedMarket) async throws -> Void
) async throws {
    let market = await SimulatedMarket.start(frozenTime: frozenTime, freshness: freshness)
    do {
        try await body(market)
    } catch {
        try? await market.stop()
        throw error
    }
    try await market.stop()
}
