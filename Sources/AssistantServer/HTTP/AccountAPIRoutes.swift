import AssistantCore
import Hummingbird
import MarketEngine

/// `/api/v1/balance`, `/api/v1/positions`, `/api/v1/pnl?period=today|7d|30d`: the account
/// commands' reports as JSON, mounted only with `API_TOKEN` set **and**
/// `API_ACCOUNT_ENDPOINTS=true`. In each, `exchanges` maps an exchange to `{"value": …}`,
/// `{"error": …, "failure": {…}}` or `{"not_configured": true}`.
struct AccountAPIRoutes: Sendable {
    let service: AccountService
    let market: MarketAPIRoutes

    func register(on router: Router<some RequestContext>) {
        let service = self.service
        router.get("/api/v1/balance") { request, _ in
            await market.respond(to: request) { _ in BalanceReport(await service.balances(), dustUSD: service.dustUSD) }
        }
        router.get("/api/v1/positions") { request, _ in
            await market.respond(to: request) { _ in PositionsReport(await service.positions()) }
        }
        router.get("/api/v1/pnl") { request, _ in
            await market.respond(to: request) { query in
                await PnLReport.make(
                    service: service, period: try CommandGrammar.period(query["period"]),
                    now: UTCClock.nowMilliseconds())
            }
        }
    }
}
