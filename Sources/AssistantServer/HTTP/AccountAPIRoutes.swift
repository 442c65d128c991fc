import AssistantCore
import Hummingbird
import MarketEngine

/// `/api/v1/balance`, `/api/v1/positions`, `/api/v1/pnl?period=today|7d|30d`: the account
/// commands' reports as JSON, mounted only with `API_TOKEN` set **and**
/// `API_ACCOUNT_ENDPOINTS=true`. In each, `exchanges` maps an exchange to `{"value": …}`,
/// `{"error": …, "failure": {…}}` or `{"not_configured": true}`.
struct AccountAPIRoutes: Sendable {
    let service: AccountService

    /// Registers the endpoints on the JSON API's group (bearer token and errors as there).
    func register<Context: RequestContext>(on group: RouterGroup<Context>) {
        let service = self.service
        group.get("balance") { _, _ in
            APIResponse(BalanceReport(await service.balances(), dustUSD: service.dustUSD))
        }
        group.get("positions") { _, _ in APIResponse(PositionsReport(await service.positions())) }
        group.get("pnl") { request, _ in
            APIResponse(
                await PnLReport.make(
                    service: service, period: try CommandGrammar.period(MarketAPIRoutes.Query(request)["period"]),
                    now: service.clock.wallMilliseconds))
        }
    }
}
