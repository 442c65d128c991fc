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

    /// Registers the endpoints on `group` (`/api/v1`, behind the bearer token and
    /// `APIErrorMiddleware`, which answers what they throw).
    func register<Context: RequestContext>(on group: RouterGroup<Context>) {
        group.get("price") { request, _ in APIResponse(try await price(Query(request))) }
        group.get("top") { request, _ in APIResponse(try await top(Query(request))) }
        group.get("volume") { request, _ in APIResponse(try await volume(Query(request))) }
        group.get("cvd") { request, _ in APIResponse(try await cvd(Query(request))) }
        group.get("volscan") { request, _ in APIResponse(try await volscan(Query(request))) }
        group.get("oi") { request, _ in APIResponse(try await oi(Query(request))) }
        group.get("analysis") { request, _ in APIResponse(try await analysis(Query(request))) }
    }

    // MARK: Endpoints

    func price(_ query: Query) async throws -> PriceReport {
        try await PriceReport.make(
            engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]),
            exchanges: try CommandGrammar.exchangeChoice(query["exchange"], default: .binance))
    }

    func top(_ query: Query) async throws -> TopReport {
        try await TopReport.make(
            engine: engine, exchange: try query.exchange(), ranking: try CommandGrammar.ranking(query["ranking"]),
            market: try CommandGrammar.market(query["market"]))
    }

    func volume(_ query: Query) async throws -> VolumeReport {
        try await VolumeReport.make(
            engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]), exchange: try query.exchange(),
            interval: try CommandGrammar.interval(query["interval"], default: .h1),
            threshold: try CommandGrammar.threshold(query["threshold"]))
    }

    func cvd(_ query: Query) async throws -> CVDReport {
        try await CVDReport.make(
            engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]), exchange: try query.exchange(),
            interval: try CommandGrammar.interval(query["interval"], default: .h1),
            bars: try CommandGrammar.bars(query["bars"]))
    }

    func volscan(_ query: Query) async throws -> VolumeScanReport {
        try await VolumeScanReport.make(
            engine: engine, exchange: try query.exchange(),
            interval: try CommandGrammar.interval(query["interval"], default: .h1),
            threshold: try CommandGrammar.threshold(query["threshold"]))
    }

    func oi(_ query: Query) async throws -> OpenInterestReport {
        try await OpenInterestReport.make(engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]))
    }

    func analysis(_ query: Query) async throws -> AnalysisReport {
        try await AnalysisReport.make(
            engine: engine, symbol: try CommandGrammar.symbol(query["symbol"]), exchange: try query.exchange(),
            interval: try CommandGrammar.interval(query["interval"], default: .h4))
    }

    // MARK: Helpers

    struct Query {
        private let values: [String: String]

        init(_ request: Request) {
            self.init(request.uri.queryParameters)
        }

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
}
