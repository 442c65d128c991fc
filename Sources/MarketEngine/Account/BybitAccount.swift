#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Bybit v5 unified account: `/v5/account/wallet-balance`, `/v5/position/list`,
/// `/v5/position/closed-pnl`, signed with X-BAPI-* headers.
struct BybitAccount: AccountAdapter {
    let exchange = Exchange.bybit
    let gateway: ExchangeGateway
    let credentials: ExchangeCredentials
    let recvWindow = 5000

    typealias Envelope = BybitAdapter.Envelope

    typealias Page = BybitAdapter.Page

    func signed<Result: Decodable>(_ path: String, _ parameters: [(String, String)], as type: Result.Type) async throws
        -> Result
    {
        let query = ExchangeGateway.queryString(parameters)
        let credentials = self.credentials
        let recvWindow = self.recvWindow
        let response = try await gateway.get(path, rawQuery: query) {
            let timestamp = gateway.clock.wallMilliseconds
            let signature = RequestSigner.bybit(
                timestamp: timestamp, apiKey: credentials.apiKey, recvWindow: recvWindow, payload: query,
                secret: credentials.secret)
            return (
                query,
                [
                    ("X-BAPI-API-KEY", credentials.apiKey), ("X-BAPI-TIMESTAMP", String(timestamp)),
                    ("X-BAPI-RECV-WINDOW", String(recvWindow)), ("X-BAPI-SIGN", signature),
                ]
            )
        }
        let envelope = try decodeBody(Envelope<Result>.self, from: response.body, exchange: exchange)
        guard envelope.retCode == 0, let result = envelope.result else {
            throw MarketFailure.rejected(exchange, code: String(envelope.retCode), message: envelope.retMsg)
        }
        return result
    }

    func balance(dustUSD: Decimal) async throws -> AccountBalance {
        struct Account: Decodable {
            struct Coin: Decodable {
                let coin: String
                let walletBalance: String
                let usdValue: String?
                let equity: String?
            }
            let totalEquity: String
            let totalWalletBalance: String
            let totalMarginBalance: String
            let totalAvailableBalance: String
            let totalPerpUPL: String
            let coin: [Coin]
        }
        let page = try await signed("/v5/account/wallet-balance", [("accountType", "UNIFIED")], as: Page<Account>.self)
        guard let account = page.list.first else {
            throw MarketFailure.badResponse(exchange, reason: "no unified account")
        }
        let assets = account.coin.compactMap { coin -> AssetBalance? in
            let total = decimal(coin.walletBalance) ?? 0
            let value = decimal(coin.usdValue)
            guard total > 0, (value ?? dustUSD) >= dustUSD else { return nil }
            return AssetBalance(asset: coin.coin, total: total, free: total, usdValue: value)
        }.sorted { ($0.usdValue ?? 0) > ($1.usdValue ?? 0) }
        return AccountBalance(
            exchange: exchange, assets: assets, walletBalance: decimal(account.totalWalletBalance) ?? 0,
            unrealizedPnl: decimal(account.totalPerpUPL) ?? 0, marginBalance: decimal(account.totalMarginBalance) ?? 0,
            availableBalance: decimal(account.totalAvailableBalance) ?? 0,
            totalEquity: decimal(account.totalEquity) ?? 0)
    }

    func positions() async throws -> [Position] {
        struct Item: Decodable {
            let symbol: String
            let side: String
            let size: String
            let avgPrice: String
            let markPrice: String
            let liqPrice: String?
            let leverage: String
            let unrealisedPnl: String
            let positionValue: String
        }
        let page = try await signed(
            "/v5/position/list", [("category", "linear"), ("settleCoin", "USDT")], as: Page<Item>.self)
        return page.list.compactMap { item in
            guard let size = decimal(item.size), size > 0 else { return nil }
            let entry = decimal(item.avgPrice) ?? 0
            let leverage = decimal(item.leverage) ?? 1
            let pnl = decimal(item.unrealisedPnl) ?? 0
            return Position(
                exchange: exchange, symbol: item.symbol, side: item.side == "Sell" ? .short : .long, size: size,
                notional: (decimal(item.markPrice) ?? 0) * size, entryPrice: entry,
                markPrice: decimal(item.markPrice) ?? 0,
                liquidationPrice: decimal(item.liqPrice), leverage: leverage, unrealizedPnl: pnl,
                roePercent: returnOnEquity(pnl: pnl, entry: entry, size: size, leverage: leverage))
        }
    }

    func pnl(since: Int64) async throws -> PnLBreakdown {
        struct Item: Decodable { let closedPnl: String }
        async let closed = signed(
            "/v5/position/closed-pnl", [("category", "linear"), ("startTime", String(since)), ("limit", "100")],
            as: Page<Item>.self)
        async let open = positions()
        // Bybit's closed PnL is already net of fees and funding.
        return PnLBreakdown(
            exchange: exchange, realized: try await closed.list.reduce(0) { $0 + (decimal($1.closedPnl) ?? 0) },
            funding: nil,
            commissions: nil, unrealized: try await open.reduce(0) { $0 + $1.unrealizedPnl })
    }
}
