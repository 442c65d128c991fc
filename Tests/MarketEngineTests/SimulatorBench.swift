import AsyncHTTPClient
import Logging
import MarketEngine
import MarketSimulator
import Testing

/// A simulator frozen at a fixed time and an engine pointed at it.
struct SimulatorBench {
    static let frozenTime: Int64 = 1_763_700_000_000  // 2025-11-21T04:40:00Z

    let server: SimulatorServer
    let task: Task<Void, any Error>
    let http: HTTPClient
    let engine: MarketEngine

    var exchanges: ExchangeSimulator { server.exchanges }

    static func start(timeout: Duration = .seconds(5), freshness: MarketEngine.Freshness = .init()) async
        -> SimulatorBench
    {
        var logger = Logger(label: "market-sim")
        logger.logLevel = .warning
        let server = SimulatorServer(botToken: "1:x", frozenTime: frozenTime, logger: logger)
        let task = Task { try await server.run() }
        let url = "http://127.0.0.1:\(await server.port())"
        let endpoints = MarketEngine.Endpoints(allAt: url)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let engine = MarketEngine(
            http: http, endpoints: endpoints,
            policy: .init(timeout: timeout, retries: 2, initialBackoff: .milliseconds(20)), freshness: freshness)
        return SimulatorBench(server: server, task: task, http: http, engine: engine)
    }

    func stop() async throws {
        try await http.shutdown()
        await server.stop()
        try await task.value
    }
}

/// Relative closeness, for values that went through decimal strings.
func close(_ a: Double, _ b: Double, tolerance: Double = 1e-6) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-12)
}
