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

/// The JSON API the old market-data service served on port 8001, from the same reports
/// the bot commands render. Mounted only when `API_TOKEN` is set; every request needs
/// `Authorization: Bearer <API_TOKEN>`.
///
/// | path | query |
/// |---|---|
/// | `/api/v1/price` | `symbol`, `exchange` (`binance` default, `all`) |
/// | `/api/v1/top` | `ranking` (volume, gainers, losers), `market` (spot, perp), `exchange` |
/// | `/api/v1/volume` | `symbol`, `interval`, `exchange` |
/// | `/api/v1/cvd` | `symbol`, `interval`, `bars`, `exchange` |
/// | `/api/v1/volscan` | `interval`, `threshold`, `exchange` |
/// | `/api/v1/oi` | `symbol` |
/// | `/api/v1/analysis` | `symbol`, `interval`, `exchange` |
///
/// Unknown symbol: 404 with suggestions. An exchange that failed: 502 naming it. Bad query: 400.
struct MarketAPIRoutes: Sendable {
    let engine: MarketEngine
    let token: [UInt8]

    struct BadQuery: Error {
        let message: String
    }

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
        } catch let error as BadQuery {
            return Self.json(.badRequest, ["error": error.message])
        } catch let error as MarketError {
            if case .unknownSymbol(let input, let suggestions) = error {
                return Self.json(
                    .notFound, UnknownSymbol(error: "unknown symbol", symbol: input, suggestions: suggestions))
            }
            return Self.json(.badGateway, ExchangeFailure(error: "\(error)", exchange: error.exchange?.rawValue))
        } catch {
            return Self.json(.internalServerError, ["error": "internal error"])
        }
    }

    // MARK: Endpoints

    func price(_ query: Query) async throws -> any Encodable {
        let symbol = try query.required("symbol")
        guard query["exchange"]?.lowercased() == "all" else {
            return try await engine.price(symbol, on: try query.exchange())
        }
        var result: [String: PriceOrError] = [:]
        for exchange in Exchange.allCases {
            do {
                result[exchange.rawValue] = PriceOrError(
                    price: try await engine.price(symbol, on: exchange), error: nil)
            } catch {
                result[exchange.rawValue] = PriceOrError(price: nil, error: "\(error)")
            }
        }
        return result
    }

    func top(_ query: Query) async throws -> any Encodable {
        let ranking = try query.parse("ranking", default: TopRanking.volume) { TopRanking(rawValue: $0.lowercased()) }
        let market = try query.parse("market", default: Market.spot) { Market(rawValue: $0.lowercased()) }
        return try await engine.top(ranking, on: try query.exchange(), market: market)
    }

    func volume(_ query: Query) async throws -> any Encodable {
        try await VolumeReport.make(
            engine: engine, symbol: try query.required("symbol"), exchange: try query.exchange(),
            interval: try query.interval(.h1), threshold: try query.number("threshold", default: 2))
    }

    func cvd(_ query: Query) async throws -> any Encodable {
        let bars = Int(try query.number("bars", default: 24))
        guard (2...500).contains(bars) else { throw BadQuery(message: "bars must be from 2 to 500") }
        return try await CVDReport.make(
            engine: engine, symbol: try query.required("symbol"), exchange: try query.exchange(),
            interval: try query.interval(.h1), bars: bars)
    }

    func volscan(_ query: Query) async throws -> any Encodable {
        try await VolumeScanReport.make(
            engine: engine, exchange: try query.exchange(), interval: try query.interval(.h1),
            threshold: try query.number("threshold", default: 2))
    }

    func oi(_ query: Query) async throws -> any Encodable {
        try await OpenInterestReport.make(engine: engine, symbol: try query.required("symbol"))
    }

    func analysis(_ query: Query) async throws -> any Encodable {
        try await AnalysisReport.make(
            engine: engine, symbol: try query.required("symbol"), exchange: try query.exchange(),
            interval: try query.interval(.h4))
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

        func required(_ name: String) throws -> String {
            guard let value = self[name] else { throw BadQuery(message: "\(name) is required") }
            return value
        }

        func exchange() throws -> Exchange {
            try parse("exchange", default: .binance) { Exchange(name: $0) }
        }

        func interval(_ fallback: Interval) throws -> Interval {
            try parse("interval", default: fallback) { Interval(text: $0) }
        }

        func number(_ name: String, default fallback: Double) throws -> Double {
            try parse(name, default: fallback) { Double($0).flatMap { $0.isFinite && $0 > 0 ? $0 : nil } }
        }

        func parse<T>(_ name: String, default fallback: T, _ convert: (String) -> T?) throws -> T {
            guard let text = self[name] else { return fallback }
            guard let value = convert(text) else { throw BadQuery(message: "\(name) has an unknown value") }
            return value
        }
    }

    struct PriceOrError: Encodable {
        var price: PriceSnapshot?
        var error: String?
    }

    struct UnknownSymbol: Encodable {
        var error: String
        var symbol: String
        var suggestions: [String]
    }

    struct ExchangeFailure: Encodable {
        var error: String
        var exchange: String?
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
