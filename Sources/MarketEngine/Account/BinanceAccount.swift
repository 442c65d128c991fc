#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Binance spot `/api/v3/account` and USDⓈ-M `/fapi/v2/account`, `/fapi/v2/positionRisk`,
/// `/fapi/v1/income`, signed with HMAC-SHA256 over the exact query string.
struct BinanceAccount: AccountAdapter {
    let exchange = Exchange.binance
    let spot: ExchangeGateway
    let futures: ExchangeGateway
    let credentials: ExchangeCredentials
    let engine: MarketEngine
    let clock = ServerClock()

    static let signing = QuerySignedRequest(keyHeader: "X-MBX-APIKEY", timestampRefusal: -1021)

    /// A signed GET; on -1021 (timestamp outside recvWindow) the clock is resynchronised
    /// with `/api/v3/time` or `/fapi/v1/time` and the request sent once more.
    func signed(_ market: Market, _ path: String, _ parameters: [(String, String)] = []) async throws -> [UInt8] {
        try await Self.signing.get(
            market == .spot ? spot : futures, path, parameters, credentials: credentials, clock: clock,
            timePath: market == .spot ? "/api/v3/time" : "/fapi/v1/time")
    }

    func balance(dustUSD: Decimal) async throws -> AccountBalance {
        struct SpotAccount: Decodable {
            struct Item: Decodable {
                let asset: String
                let free: String
                let locked: String
            }
            let balances: [Item]
        }
        struct FuturesAccount: Decodable {
            let totalWalletBalance: String
            let totalUnrealizedProfit: String
            let totalMarginBalance: String
            let availableBalance: String
        }
        async let spotBody = signed(.spot, "/api/v3/account", [("omitZeroBalances", "true")])
        async let futuresBody = signed(.perp, "/fapi/v2/account")
        async let prices = usdPrices(engine, .binance)
        let spotAccount = try decodeBody(SpotAccount.self, from: try await spotBody, exchange: exchange)
        let futuresAccount = try decodeBody(FuturesAccount.self, from: try await futuresBody, exchange: exchange)
        let priceOf = await prices
        let assets = AssetBalance.spot(
            spotAccount.balances.map { ($0.asset, $0.free, [$0.locked]) }, prices: priceOf, dustUSD: dustUSD)
        let margin = decimal(futuresAccount.totalMarginBalance) ?? 0
        return AccountBalance(
            exchange: exchange, assets: assets, walletBalance: decimal(futuresAccount.totalWalletBalance) ?? 0,
            unrealizedPnl: decimal(futuresAccount.totalUnrealizedProfit) ?? 0, marginBalance: margin,
            availableBalance: decimal(futuresAccount.availableBalance) ?? 0,
            totalEquity: assets.reduce(0) { $0 + ($1.usdValue ?? 0) } + margin)
    }

    func positions() async throws -> [Position] {
        struct Item: Decodable {
            let symbol: String
            let positionAmt: String
            let entryPrice: String
            let markPrice: String
            let unRealizedProfit: String
            let liquidationPrice: String
            let leverage: String
            let positionSide: String
            let notional: String
        }
        let items = try decodeBody(
            [Item].self, from: try await signed(.perp, "/fapi/v2/positionRisk"), exchange: exchange)
        return items.compactMap { item in
            guard let amount = decimal(item.positionAmt), amount != 0 else { return nil }
            let size = abs(amount)
            let entry = decimal(item.entryPrice) ?? 0
            let leverage = decimal(item.leverage) ?? 1
            let pnl = decimal(item.unRealizedProfit) ?? 0
            // Hedge mode says LONG/SHORT; one-way mode says BOTH and signs the amount.
            let side: Position.Side =
                item.positionSide == "SHORT" || (item.positionSide == "BOTH" && amount < 0) ? .short : .long
            let liquidation = decimal(item.liquidationPrice)
            return Position(
                exchange: exchange, symbol: item.symbol, side: side, size: size,
                notional: abs(decimal(item.notional) ?? 0),
                entryPrice: entry, markPrice: decimal(item.markPrice) ?? 0,
                liquidationPrice: liquidation == 0 ? nil : liquidation, leverage: leverage, unrealizedPnl: pnl,
                roePercent: returnOnEquity(pnl: pnl, entry: entry, size: size, leverage: leverage))
        }
    }

    func pnl(since: Int64) async throws -> PnLBreakdown {
        struct Income: Decodable {
            let incomeType: String
            let income: String
        }
        async let incomeBody = signed(.perp, "/fapi/v1/income", [("startTime", String(since)), ("limit", "1000")])
        async let open = positions()
        var realized: Decimal = 0
        var funding: Decimal = 0
        var commissions: Decimal = 0
        for item in try decodeBody([Income].self, from: try await incomeBody, exchange: exchange) {
            let amount = decimal(item.income) ?? 0
            switch item.incomeType {
            case "REALIZED_PNL": realized += amount
            case "FUNDING_FEE": funding += amount
            case "COMMISSION": commissions += amount
            default: break
            }
        }
        return PnLBreakdown(
            exchange: exchange, realized: realized, funding: funding, commissions: commissions,
            unrealized: try await open.reduce(0) { $0 + $1.unrealizedPnl })
    }
}
