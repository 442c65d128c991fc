#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// OKX v5: `/api/v5/account/balance`, `/api/v5/account/positions`, `/api/v5/account/bills`,
/// signed with OK-ACCESS-* headers over timestamp + method + path with query.
struct OKXAccount: AccountAdapter {
    let exchange = Exchange.okx
    let gateway: ExchangeGateway
    let credentials: ExchangeCredentials
    let engine: MarketEngine

    typealias Envelope = OKXAdapter.Envelope

    func signed<Item: Decodable>(_ path: String, _ parameters: [(String, String)], as type: Item.Type) async throws
        -> [Item]
    {
        let query = ExchangeGateway.queryString(parameters)
        let credentials = self.credentials
        let requestPath = path + (query.isEmpty ? "" : "?" + query)
        let response = try await gateway.get(path, rawQuery: query) {
            let timestamp = RequestSigner.isoTimestamp(milliseconds: gateway.clock.wallMilliseconds)
            let signature = RequestSigner.okx(
                timestamp: timestamp, method: "GET", requestPath: requestPath, body: "", secret: credentials.secret)
            return (
                query,
                [
                    ("OK-ACCESS-KEY", credentials.apiKey), ("OK-ACCESS-SIGN", signature),
                    ("OK-ACCESS-TIMESTAMP", timestamp),
                    ("OK-ACCESS-PASSPHRASE", credentials.passphrase ?? ""),
                ]
            )
        }
        let envelope = try decodeBody(Envelope<Item>.self, from: response.body, exchange: exchange)
        guard envelope.code == "0", let data = envelope.data else {
            throw MarketFailure.rejected(exchange, code: envelope.code, message: envelope.msg)
        }
        return data
    }

    func balance(dustUSD: Decimal) async throws -> AccountBalance {
        struct Account: Decodable {
            struct Detail: Decodable {
                let ccy: String
                let eq: String
                let availBal: String?
                let eqUsd: String?
                let upl: String?
            }
            let totalEq: String
            let details: [Detail]
        }
        guard let account = try await signed("/api/v5/account/balance", [], as: Account.self).first else {
            throw MarketFailure.badResponse(exchange, reason: "no account")
        }
        let assets = account.details.compactMap { detail -> AssetBalance? in
            let total = decimal(detail.eq) ?? 0
            let value = decimal(detail.eqUsd)
            guard total > 0, (value ?? dustUSD) >= dustUSD else { return nil }
            return AssetBalance(
                asset: detail.ccy, total: total, free: decimal(detail.availBal) ?? total, usdValue: value)
        }.sorted { ($0.usdValue ?? 0) > ($1.usdValue ?? 0) }
        let unrealized = account.details.reduce(Decimal(0)) { $0 + (decimal($1.upl) ?? 0) }
        let equity = decimal(account.totalEq) ?? 0
        let usdt = account.details.first { $0.ccy == "USDT" }
        return AccountBalance(
            exchange: exchange, assets: assets, walletBalance: (decimal(usdt?.eq) ?? 0) - (decimal(usdt?.upl) ?? 0),
            unrealizedPnl: unrealized, marginBalance: decimal(usdt?.eq) ?? 0,
            availableBalance: decimal(usdt?.availBal) ?? 0,
            totalEquity: equity)
    }

    func positions() async throws -> [Position] {
        struct Item: Decodable {
            let instId: String
            let pos: String
            let posSide: String
            let avgPx: String
            let markPx: String
            let liqPx: String?
            let lever: String
            let upl: String
            let notionalUsd: String?
        }
        async let items = signed("/api/v5/account/positions", [("instType", "SWAP")], as: Item.self)
        let sizes = Dictionary(
            ((try? await engine.instruments(.okx, .perp)) ?? []).map { ($0.symbol, $0.contractValue) }
        ) { a, _ in a }
        return try await items.compactMap { item in
            guard let contracts = decimal(item.pos), contracts != 0 else { return nil }
            let size = abs(contracts) * Decimal(sizes[item.instId] ?? 1)
            let entry = decimal(item.avgPx) ?? 0
            let leverage = decimal(item.lever) ?? 1
            let pnl = decimal(item.upl) ?? 0
            // Long/short mode names the side; net mode signs the contracts.
            let side: Position.Side =
                item.posSide == "short" || (item.posSide == "net" && contracts < 0) ? .short : .long
            return Position(
                exchange: exchange, symbol: item.instId, side: side, size: size,
                notional: decimal(item.notionalUsd) ?? size * (decimal(item.markPx) ?? 0), entryPrice: entry,
                markPrice: decimal(item.markPx) ?? 0, liquidationPrice: decimal(item.liqPx), leverage: leverage,
                unrealizedPnl: pnl, roePercent: returnOnEquity(pnl: pnl, entry: entry, size: size, leverage: leverage))
        }
    }

    func pnl(since: Int64) async throws -> PnLBreakdown {
        struct Bill: Decodable {
            let type: String
            let pnl: String?
            let fee: String?
            let balChg: String?
        }
        async let bills = signed(
            "/api/v5/account/bills", [("instType", "SWAP"), ("begin", String(since))], as: Bill.self)
        async let open = positions()
        var realized: Decimal = 0
        var funding: Decimal = 0
        var commissions: Decimal = 0
        for bill in try await bills {
            switch bill.type {
            case "2":  // trade: realised PnL and its fee
                realized += decimal(bill.pnl) ?? 0
                commissions += decimal(bill.fee) ?? 0
            case "8":  // funding fee
                funding += decimal(bill.balChg) ?? 0
            default: break
            }
        }
        return PnLBreakdown(
            exchange: exchange, realized: realized, funding: funding, commissions: commissions,
            unrealized: try await open.reduce(0) { $0 + $1.unrealizedPnl })
    }
}
