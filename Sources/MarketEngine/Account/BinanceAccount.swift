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
    let recvWindow = 5000

    typealias ErrorBody = BinanceAdapter.ErrorBody

    /// A signed GET; on -1021 (timestamp outside recvWindow) the clock is resynchronised
    /// with the server's and the request sent once more.
    func signed(_ market: Market, _ path: String, _ parameters: [(String, String)] = []) async throws -> [UInt8] {
        let gateway = market == .spot ? spot : futures
        for attempt in 0..<2 {
            let now = await clock.now()
            let query = ExchangeGateway.queryString(
                parameters + [("recvWindow", String(recvWindow)), ("timestamp", String(now))])
            let signature = RequestSigner.binance(payload: query, secret: credentials.secret)
            let response = try await gateway.get(
                path, rawQuery: query + "&signature=" + signature, headers: [("X-MBX-APIKEY", credentials.apiKey)])
            guard response.status >= 400 else { return response.body }
            let error = try decodeBody(ErrorBody.self, from: response.body, exchange: exchange)
            if error.code == -1021 && attempt == 0 {
                try await resynchronise(gateway, timePath: market == .spot ? "/api/v3/time" : "/fapi/v1/time")
                continue
            }
            throw MarketFailure.rejected(exchange, code: String(error.code), message: error.msg)
        }
        throw MarketFailure.rejected(
            exchange, code: "-1021", message: "Timestamp for this request is outside of the recvWindow.")
    }

    private func resynchronise(_ gateway: ExchangeGateway, timePath: String) async throws {
        struct ServerTime: Decodable { let serverTime: Int64 }
        let response = try await gateway.get(timePath)
        await clock.adjust(
            serverTime: try decodeBody(ServerTime.self, from: response.body, exchange: exchange).serverTime)
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
        var assets: [AssetBalance] = []
        for item in spotAccount.balances {
            let free = decimal(item.free) ?? 0
            let total = free + (decimal(item.locked) ?? 0)
            guard total > 0 else { continue }
            let value = priceOf[item.asset].map { $0 * total }
            if let value, value < dustUSD { continue }
            assets.append(AssetBalance(asset: item.asset, total: total, free: free, usdValue: value))
        }
        assets.sort { ($0.usdValue ?? 0) > ($1.usdValue ?? 0) }
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
