import AssistantCore
import Hummingbird
import MarketEngine

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// `/api/v1/balance`, `/api/v1/positions`, `/api/v1/pnl?period=today|7d|30d`: account data
/// as JSON, mounted only with `API_TOKEN` set **and** `API_ACCOUNT_ENDPOINTS=true`.
/// Each exchange maps to `{"value": …}`, `{"error": …}` or `{"not_configured": true}`.
struct AccountAPIRoutes: Sendable {
    let service: AccountService
    let market: MarketAPIRoutes

    struct Entry<Value: Encodable & Sendable>: Encodable {
        var value: Value?
        var error: String?
        var notConfigured: Bool?

        enum CodingKeys: String, CodingKey {
            case value, error
            case notConfigured = "not_configured"
        }

        init(_ outcome: AccountService.Outcome<Value>) {
            switch outcome {
            case .value(let value): self.value = value
            case .failed(let message): error = message
            case .notConfigured: notConfigured = true
            }
        }
    }

    static func table<Value: Encodable & Sendable>(_ results: [(Exchange, AccountService.Outcome<Value>)]) -> [String:
        Entry<Value>]
    {
        Dictionary(uniqueKeysWithValues: results.map { ($0.0.rawValue, Entry($0.1)) })
    }

    func register(on router: Router<some RequestContext>) {
        let service = self.service
        router.get("/api/v1/balance") { request, _ in
            await market.respond(to: request) { _ in Self.table(await service.balances()) }
        }
        router.get("/api/v1/positions") { request, _ in
            await market.respond(to: request) { _ in Self.table(await service.positions()) }
        }
        router.get("/api/v1/pnl") { request, _ in
            await market.respond(to: request) { query in
                let period = try CommandGrammar.period(query["period"])
                return Self.table(await service.pnl(since: period.since(now: UTCClock.nowMilliseconds())))
            }
        }
    }
}
