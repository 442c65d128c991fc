import AssistantCore
import HTTPTypes
import Hummingbird
import MarketEngine
import NIOCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The JSON API the old market-data service served on port 8001: the very report values the
/// bot commands render, with the arguments read by the same `CommandGrammar`. Mounted only
/// when `API_TOKEN` is set; every request needs `Authorization: Bearer <API_TOKEN>`.
///
/// | path | query |
/// |---|---|
/// | `/api/v1/price` | `symbol`, `exchange` (`binance` default, `all`) |
/// | `/api/v1/top` | `ranking` (volume, gainers, losers), `market` (spot, perp), `exchange` |
/// | `/api/v1/volume` | `symbol`, `interval`, `threshold`, `exchange` |
/// | `/api/v1/cvd` | `symbol`, `interval`, `bars`, `exchange` |
/// | `/api/v1/volscan` | `interval`, `threshold`, `exchange` |
/// | `/api/v1/oi` | `symbol` |
/// | `/api/v1/analysis` | `symbol`, `interval`, `exchange` |
///
/// Unknown symbol: 404 with suggestions. An exchange that failed: 502 with its
/// `MarketFailure`. Bad query: 400.
struct MarketAPIRoutes: Sendable {
    let engine: MarketEngine
    let token: [UInt8]

    func register(on router: Router<some RequestContext>) {
        let endpoints: [(String, @Sendable (Query) async throws -> any Encodable)] = [
            ("price", price), ("top", top), ("volume", volume), ("cvd", cvd), ("volscan", volscan), ("oi", oi),
            ("analysis", analysis),
        ]
        for (name, handler) in endpoints {
            router.get(RouterPath("/api/v1/\(name)")) { request, _ in
                await self.respond(to: request, handler)
            }
        }
    }

    func respond(to request: Request, _ handler: @Sendable (Query) async throws -> any Encodable) async -> Response {
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), WebhookSecret.matches(Array(header.utf8.dropFirst(7)), secret: token) else {
            return Self.json(.unauthorized, ["error": "missing or wrong bearer token"])
        }
        do {
            let value = try await handler(Query(request.uri.queryParameters))
            return Self.json(.ok, value)
        } catch let error as ArgumentError {
            return Self.json(.badRequest, ["error": "\(error)"])
        } catch let failure as MarketFailure {
            switch failure.reason {
            case .unknownSymbol(let input, let suggestions):
                return Self.json(
                    .notFound, UnknownSymbol(error: "unknown symbol", symbol: input, suggestions: suggestions))
            case .unexpected:
                return Self.json(.internalServerError, ["error": "internal error"])
            default:
                return Self.json(.badGateway, ExchangeFailure(failure))
            }
        } catch {
            return Self.json(.internalServerError, ["error": "internal error"])
        }
    }

    // MARK: Endpoints

    func price(_ query: Query) async throws -> any Encodable {
        try await PriceReport.make(
            engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]),
            exchanges: try CommandGrammar.exchangeChoice(query["exchange"], default: .binance))
    }

    func top(_ query: Query) async throws -> any Encodable {
        try await TopReport.make(
            engine: engine, exchange: try query.exchange(), ranking: try CommandGrammar.ranking(query["ranking"]),
            market: try CommandGrammar.market(query["market"]))
    }

    func volume(_ query: Query) async throws -> any Encodable {
        try await VolumeReport.make(
            engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]), exchange: try query.exchange(),
            interval: try CommandGrammar.interval(query["interval"], default: .h1),
            threshold: try CommandGrammar.threshold(query["threshold"]))
    }

    func cvd(_ query: Query) async throws -> any Encodable {
        try await CVDReport.make(
            engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]), exchange: try query.exchange(),
            interval: try CommandGrammar.interval(query["interval"], default: .h1),
            bars: try CommandGrammar.bars(query["bars"]))
    }

    func volscan(_ query: Query) async throws -> any Encodable {
        try await VolumeScanReport.make(
            engine: engine, exchange: try query.exchange(),
            interval: try CommandGrammar.interval(query["interval"], default: .h1),
            threshold: try CommandGrammar.threshold(query["threshold"]))
    }

    func oi(_ query: Query) async throws -> any Encodable {
        try await OpenInterestReport.make(engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]))
    }

    func analysis(_ query: Query) async throws -> any Encodable {
        try await AnalysisReport.make(
            engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]), exchange: try query.exchange(),
            interval: try CommandGrammar.interval(query["interval"], default: .h4))
    }

    // MARK: Helpers

    struct Query {
        private let values: [String: String]

        init(_ parameters: some Sequence<(key: Substring, value: Substring)>) {
            var values: [String: String] = [:]
            for (key, value) in parameters {
                // Hummingbird has percent-decoded the value already; decoding it again would
                // turn a literal "%41" (sent as %2541) into "A".
                values[String(key)] = String(value)
            }
            self.values = values
        }

        subscript(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }

        func exchange() throws(ArgumentError) -> Exchange {
            try CommandGrammar.exchange(self["exchange"], default: .binance)
        }
    }

    struct UnknownSymbol: Encodable {
        var error: String
        var symbol: String
        var suggestions: [String]
    }

    /// The sentence and the exchange as before, and the failure as data beside them.
    struct ExchangeFailure: Encodable {
        var error: String
        var exchange: Exchange?
        var failure: MarketFailure

        init(_ failure: MarketFailure) {
            error = failure.description
            exchange = failure.exchange
            self.failure = failure
        }
    }

    static func json(_ status: HTTPResponse.Status, _ value: any Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":"encoding failed"}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
