#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One exchange's private account data over signed requests.
public protocol AccountAdapter: Sendable {
    var exchange: Exchange { get }
    func balance(dustUSD: Decimal) async throws -> AccountBalance
    func positions() async throws -> [Position]
    /// Realised PnL, funding and commissions since `since` (ms), plus current unrealised.
    func pnl(since: Int64) async throws -> PnLBreakdown
}

/// Stablecoins counted at 1 USDT.
let stablecoins: Set<String> = ["USDT", "USDC", "FDUSD", "BUSD", "TUSD", "DAI", "USD"]

/// USDT prices of spot assets from one all-tickers read.
func usdPrices(_ engine: MarketEngine, _ exchange: Exchange) async -> [String: Decimal] {
    var prices: [String: Decimal] = [:]
    for ticker in (try? await engine.tickers(exchange, .spot)) ?? [] where ticker.instrument.quote == "USDT" {
        prices[ticker.instrument.base] = Decimal(ticker.last)
    }
    for coin in stablecoins { prices[coin] = 1 }
    return prices
}
