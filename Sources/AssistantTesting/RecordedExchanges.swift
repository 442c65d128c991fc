import AsyncHTTPClient
import MarketEngine
import NIOCore
import NIOHTTP1
import Synchronization

/// Exchange answers from memory: a body recorded for a path answers every request for that
/// path, whatever its query, as `ExchangeSimulator.record` does over a socket — without one.
/// A path nothing was recorded for answers 404, so a test that forgot one fails by name.
public final class RecordedExchanges: ExchangeTransport {
    /// Where the engine's exchanges point: names that never resolve (nothing is sent), one
    /// per API, so that requests can be counted per exchange.
    public static let endpoints: MarketEngine.Endpoints = {
        var endpoints = MarketEngine.Endpoints()
        endpoints.binanceSpot = "http://binance.recorded.invalid"
        endpoints.binanceFutures = "http://binance-futures.recorded.invalid"
        endpoints.bybit = "http://bybit.recorded.invalid"
        endpoints.okx = "http://okx.recorded.invalid"
        endpoints.bitget = "http://bitget.recorded.invalid"
        endpoints.gate = "http://gate.recorded.invalid"
        endpoints.mexcSpot = "http://mexc.recorded.invalid"
        endpoints.mexcFutures = "http://mexc-contract.recorded.invalid"
        return endpoints
    }()

    private let answers = Mutex<[String: ExchangeTransportAnswer]>([:])
    /// (host, path) of each request, in order.
    private let asked = Mutex<[(host: String, path: String)]>([])

    public init() {}

    /// Answers `path` (as the exchange spells it) with `body` from now on.
    public func record(_ body: String, status: Int = 200, headers: [(String, String)] = [], at path: String) async {
        var fields = HTTPHeaders([("Content-Type", "application/json")])
        fields.add(contentsOf: headers)
        answers.withLock { $0[path] = ExchangeTransportAnswer(status: status, headers: fields, body: Array(body.utf8)) }
    }

    /// Requests made to `exchange` (its name, as `Exchange.rawValue`), of `path` when given.
    public func requests(_ exchange: String, path: String? = nil) async -> Int {
        asked.withLock { $0.filter { $0.host.hasPrefix(exchange) && (path == nil || $0.path == path) }.count }
    }

    public func send(_ request: HTTPClientRequest, timeout: TimeAmount, maxBodyBytes: Int) async throws
        -> ExchangeTransportAnswer
    {
        let address = request.url.dropFirst("http://".count)
        let host = String(address.prefix { $0 != "/" })
        let path = String(address.dropFirst(host.count).prefix { $0 != "?" })
        asked.withLock { $0.append((host, path)) }
        return answers.withLock { $0[path] }
            ?? ExchangeTransportAnswer(status: 404, body: Array(#"{"message":"nothing recorded for \#(path)"}"#.utf8))
    }
}

/// An engine whose exchanges answer from `RecordedExchanges`, for the length of `body`: the
/// adapters read recorded bodies through the real gateway (errors, bans, headers) with no
/// socket and no simulator.
public struct RecordedMarket: Sendable {
    public let exchanges: RecordedExchanges
    public let engine: MarketEngine

    public init(freshness: MarketEngine.Freshness = .init()) {
        exchanges = RecordedExchanges()
        engine = MarketEngine(
            http: exchanges, endpoints: RecordedExchanges.endpoints,
            policy: .init(timeout: .seconds(5), retries: 0), freshness: freshness)
    }
}

public func withRecordedMarket(_ body: (RecordedMarket) async throws -> Void) async throws {
    try await body(RecordedMarket())
}
