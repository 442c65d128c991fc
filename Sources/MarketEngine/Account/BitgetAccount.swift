#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stub: replaced by the Bitget account adapter.
struct BitgetAccount: AccountAdapter {
    let exchange = Exchange.bitget
    let gateway: ExchangeGateway
    let credentials: ExchangeCredentials
    let engine: MarketEngine

    private var missing: MarketFailure { .badResponse(exchange, reason: "not built yet") }
    func balance(dustUSD: Decimal) async throws -> AccountBalance { throw missing }
    func positions() async throws -> [Position] { throw missing }
    func pnl(since: Int64) async throws -> PnLBreakdown { throw missing }
}
